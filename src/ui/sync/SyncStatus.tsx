/**
 * The header's sync status: when this device last synced (Japan time), how many records wait to be sent, why
 * the last sync stopped (Japanese, English beneath), the records the server refused with what to do, a progress
 * bar during a first sync, and the 「今すぐ同期」 button. Mirrors the sync scheduler's state; renders only.
 */
import { For, Show, type JSX } from 'solid-js';
import type { SyncStatusState } from '../../sync/sync-scheduler.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { syncStatusView } from './sync-status-view.ts';
import './sync-status.css';

export interface SyncStatusProps {
  state: SyncStatusState;
  /** Today in Japan (YYYY-MM-DD), from the header's clock. */
  today: string;
  onSyncNow: () => void;
  onDismissRejected: () => void;
}

export function SyncStatus(props: SyncStatusProps): JSX.Element {
  const view = () => syncStatusView(props.state, props.today);
  return (
    <section class="sync-status" aria-label={t('syncStatusLabel')} data-testid="sync-status">
      <div class="sync-status-line">
        <p class="sync-last" data-testid="sync-last">
          <Show when={view().lastSyncLabel} fallback={<Bi k="syncNever" />}>
            {(label) => <Bi k="syncLastAt" params={{ time: label() }} />}
          </Show>
        </p>
        <p class={view().pending > 0 ? 'sync-pending has-pending' : 'sync-pending'} role="status" data-testid="sync-pending" data-count={view().pending}>
          <Show when={view().pending > 0} fallback={<Bi k="syncNoPending" />}>
            <Bi k="syncPending" params={{ count: view().pending }} />
          </Show>
        </p>
        <button
          type="button"
          class="button sync-now"
          onClick={() => props.onSyncNow()}
          disabled={props.state.running}
          aria-busy={props.state.running}
          data-testid="sync-now"
        >
          <Bi k={props.state.running ? 'syncing' : 'syncNow'} />
        </button>
      </div>

      <Show when={props.state.progress}>
        {(progress) => (
          <div class="sync-progress" data-testid="sync-progress">
            <progress max="100" value={view().progressPercent ?? 0} aria-label={t('syncProgress', { applied: progress().applied, total: progress().total })} />
            <Bi k="syncProgress" params={{ applied: progress().applied, total: progress().total }} />
          </div>
        )}
      </Show>

      <Show when={props.state.error}>
        {(error) => (
          <p class="sync-error" role="alert" data-testid="sync-error" data-code={error().code}>
            <span class="bi-ja">{error().messageJa}</span>
            <span class="bi-en" lang="en">
              {error().messageEn}
            </span>
          </p>
        )}
      </Show>

      <Show when={view().rejected.length > 0}>
        <details class="sync-rejected" data-testid="sync-rejected">
          <summary>
            <Bi k="syncRejectedHeading" params={{ count: view().rejected.length }} />
          </summary>
          <ul>
            <For each={view().rejected}>
              {(item) => (
                <li>
                  <Bi k={item.adviceKey} />
                  <span class="sync-rejected-reason">{t('syncRejectedReason', { reason: item.reason })}</span>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="button" onClick={() => props.onDismissRejected()}>
            <Bi k="syncRejectedDismiss" />
          </button>
        </details>
      </Show>
    </section>
  );
}
