/** An admin API failure for people: the server's Japanese message (or the generic one), the HTTP status, English beneath. */
import { Show, type JSX } from 'solid-js';
import type { AdminApiError } from '../../data/admin-api.ts';
import { Bi, t } from '../i18n/Bi.tsx';

export function AdminErrorNotice(props: { error: AdminApiError; onRetry?: () => void; id?: string }): JSX.Element {
  return (
    <div class="notice notice-error admin-error" role="alert" id={props.id} data-testid="admin-error" data-code={props.error.code} data-server-code={props.error.serverCode}>
      <span class="bi">
        <span class="bi-ja">
          {props.error.messageJa}
          <Show when={props.error.status}>{(status) => <span class="admin-error-status">（{t('adminErrorStatus', { status: status() })}）</span>}</Show>
        </span>
        <span class="bi-en" lang="en">
          {props.error.messageEn}
        </span>
      </span>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="button" onClick={() => retry()()}>
            <Bi k="adminRetry" />
          </button>
        )}
      </Show>
    </div>
  );
}
