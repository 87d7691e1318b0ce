/** A sign-in message (error or confirmation) in Japanese with English beneath, announced to screen readers. */
import { Show, type JSX } from 'solid-js';
import type { SessionMessage } from '../../auth/session-controller.ts';
import { BiText } from '../i18n/BiText.tsx';

export function SessionNotice(props: { message: SessionMessage | undefined }): JSX.Element {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="auth-notice" role="alert">
          <BiText ja={message().ja} en={message().en} />
        </p>
      )}
    </Show>
  );
}
