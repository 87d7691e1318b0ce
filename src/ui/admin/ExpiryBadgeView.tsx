/** An expiry badge: the state in words (残り30日 / 期限切れ), the notice threshold and the date, coloured by tone. */
import { Show, type JSX } from 'solid-js';
import { Bi } from '../i18n/Bi.tsx';
import type { ExpiryBadge } from './expiry-view.ts';

export function ExpiryBadgeView(props: { badge: ExpiryBadge }): JSX.Element {
  return (
    <span class={`admin-expiry admin-expiry-${props.badge.tone}`} data-tone={props.badge.tone}>
      <span class="admin-expiry-status">
        <Show when={props.badge.tone !== 'ok'}>
          <span class="admin-expiry-icon" aria-hidden="true">
            {props.badge.tone === 'expired' ? '✕' : '!'}
          </span>
        </Show>
        <Bi k={props.badge.status.key} params={props.badge.status.params} />
      </span>
      <span class="admin-expiry-detail">
        <Bi k={props.badge.until.key} params={props.badge.until.params} />
        <Show when={props.badge.threshold}>{(threshold) => <Bi k={threshold().key} params={threshold().params} class="admin-expiry-threshold" />}</Show>
      </span>
    </span>
  );
}
