/** The header: app name, the office, online/offline, last fetch time, the 「更新」 button and the session controls. */
import { Show, type JSX } from 'solid-js';
import type { SaveProgress } from '../data/local-store.ts';
import { fetchedAtLabel } from './format/tokyo-time.ts';
import { Bi, t } from './i18n/Bi.tsx';

export interface AppHeaderProps {
  officeName: string | undefined;
  online: boolean;
  fetchedAt: string | undefined;
  today: string;
  refreshing: boolean;
  progress: SaveProgress | undefined;
  canRefresh: boolean;
  onRefresh: () => void;
  /** Who is signed in, lock and sign-out (rendered by the session shell). */
  session: JSX.Element;
  /** The sync status (last sync, pending, 今すぐ同期); replaces 最終取得 and 更新 when given. */
  sync?: JSX.Element;
}

export function AppHeader(props: AppHeaderProps): JSX.Element {
  return (
    <header class="app-header">
      <div class="brand">
        <img class="brand-mark" src="/icons/icon-192.png" alt="" width="40" height="40" />
        <span class="brand-name">
          {t('appName')}
          <span class="brand-latin" lang="en">
            {t('appNameLatin')}
          </span>
        </span>
      </div>

      <Show when={props.officeName}>
        <div class="office">
          <span class="office-label">
            <Bi k="office" />
          </span>
          <span class="office-name" data-testid="office-name">
            {props.officeName}
          </span>
        </div>
      </Show>

      <div class="header-status">
        <p class={props.online ? 'connectivity is-online' : 'connectivity is-offline'} data-testid="connectivity" role="status">
          <span class="connectivity-dot" aria-hidden="true" />
          <Bi k={props.online ? 'online' : 'offline'} />
        </p>
        <Show when={!props.sync} fallback={props.sync}>
        <p class="last-fetched" data-testid="last-fetched">
          <Show when={props.fetchedAt} fallback={<Bi k="neverFetched" />}>
            {(fetchedAt) => <Bi k="lastFetched" params={{ time: fetchedAtLabel(fetchedAt(), props.today) }} />}
          </Show>
        </p>
        <Show when={props.canRefresh}>
          <button type="button" class="button button-primary refresh-button" onClick={() => props.onRefresh()} disabled={props.refreshing} aria-busy={props.refreshing}>
            <Show when={props.refreshing} fallback={<Bi k="refresh" />}>
              <Show when={props.progress} fallback={<Bi k="refreshing" />}>
                {(progress) => <Bi k="savingProgress" params={{ written: progress().written, total: progress().total }} />}
              </Show>
            </Show>
          </button>
        </Show>
        </Show>
      </div>
      {props.session}
    </header>
  );
}
