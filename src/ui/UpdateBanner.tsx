/** The banner offering a waiting new version: 「新しいバージョンがあります」 with 「更新する」 and 「後で」. */
import { Show, type JSX } from 'solid-js';
import type { UpdatePromptState } from '../app/update-prompt.ts';
import { Bi } from './i18n/Bi.tsx';

export function UpdateBanner(props: { state: UpdatePromptState; onAccept: () => void; onDismiss: () => void }): JSX.Element {
  return (
    <Show when={props.state !== 'none'}>
      <div class="update-banner" role="status" data-testid="update-banner">
        <Bi k={props.state === 'activating' ? 'updating' : 'updateAvailable'} class="update-banner-text" />
        <div class="update-banner-actions">
          <button type="button" class="button button-primary" onClick={() => props.onAccept()} disabled={props.state === 'activating'}>
            <Bi k="updateNow" />
          </button>
          <Show when={props.state === 'available'}>
            <button type="button" class="button" onClick={() => props.onDismiss()}>
              <Bi k="updateLater" />
            </button>
          </Show>
        </div>
      </div>
    </Show>
  );
}
