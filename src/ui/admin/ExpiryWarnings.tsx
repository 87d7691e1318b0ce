/** Above the tabs: certificates close to expiry (the office certificate and device credentials), most urgent first. */
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { z } from 'zod';
import type { ExpiryWarningsResponse } from '../../protocol/admin.ts';
import { Bi } from '../i18n/Bi.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import type { AdminLoad } from './create-admin-load.ts';
import { ExpiryBadgeView } from './ExpiryBadgeView.tsx';
import { toExpiryWarningViews } from './expiry-view.ts';

export function ExpiryWarnings(props: { warnings: AdminLoad<z.infer<typeof ExpiryWarningsResponse>> }): JSX.Element {
  const views = createMemo(() => toExpiryWarningViews(props.warnings.value()?.warnings ?? []));
  return (
    <section class="admin-expiry-section" aria-labelledby="admin-expiry-heading" data-testid="expiry-warnings">
      <h2 id="admin-expiry-heading" class="admin-section-title">
        <Bi k="adminExpiryHeading" />
      </h2>
      <Show when={props.warnings.error()}>{(error) => <AdminErrorNotice error={error()} onRetry={() => void props.warnings.reload()} />}</Show>
      <Show when={props.warnings.value()} fallback={<Show when={props.warnings.loading()}>{<p role="status"><Bi k="adminLoading" /></p>}</Show>}>
        <Show
          when={views().length > 0}
          fallback={
            <p class="admin-expiry-none" role="status">
              <Bi k="adminExpiryNone" />
            </p>
          }
        >
          <ul class="admin-expiry-list">
            <For each={views()}>
              {(view) => (
                <li class={`admin-expiry-item admin-expiry-item-${view.badge.tone}`} data-warning-id={view.id} data-tone={view.badge.tone}>
                  <span class="admin-expiry-what">
                    <Bi k={view.kindKey} class="admin-expiry-kind" />
                    <span class="admin-expiry-label">{view.label}</span>
                  </span>
                  <ExpiryBadgeView badge={view.badge} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
