/** The header: app name, the office, online/offline, the sync status (最終同期, 送信待ち, 今すぐ同期) and the session controls. */
import { Show, type JSX } from 'solid-js';
import { Bi, t } from './i18n/Bi.tsx';

export interface AppHeaderProps {
  officeName: string | undefined;
  online: boolean;
  /** Who is signed in, lock and sign-out (rendered by the session shell). */
  session: JSX.Element;
  /** The sync status (last sync, pending, 今すぐ同期). */
  sync: JSX.Element;
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
        {props.sync}
      </div>
      {props.session}
    </header>
  );
}
