/**
 * The header's session controls: who is signed in (and whether offline), 「管理」 for admins, 「ロック」 and
 * 「サインアウト」. Signing out with unsent view records says so first: they stay on the device and are sent
 * at the next online sign-in, never dropped.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import type { SignedInStaff } from '../../protocol/auth.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { translate } from '../i18n/translate.ts';

const ROLE_KEY = { helper: 'roleHelper', careManager: 'roleCareManager', admin: 'roleAdmin' } as const;

export function SessionBar(props: {
  staff: SignedInStaff | undefined;
  online: boolean;
  unsent: number;
  onLock: () => void;
  onSignOut: () => void;
}): JSX.Element {
  const [confirming, setConfirming] = createSignal(false);
  return (
    <div class="session-bar">
      <Show when={props.staff}>
        {(staff) => (
          <p class="session-staff" data-testid="signed-in-staff">
            <Bi
              k="staffBadge"
              params={{ name: staff().name, role: t(ROLE_KEY[staff().role]) }}
              enParams={{ name: staff().name, role: translate('en', ROLE_KEY[staff().role]) }}
            />
          </p>
        )}
      </Show>
      <Show when={!props.online}>
        <p class="session-offline">
          <Bi k="offlineSession" />
        </p>
      </Show>
      <Show when={props.staff?.role === 'admin' && props.online}>
        <a class="button button-quiet" href="#/admin">
          <Bi k="adminScreen" />
        </a>
      </Show>
      <a class="button button-quiet" href="#/reader">
        <Bi k="readerNavLink" />
      </a>
      <a class="button button-quiet" href="#/settings">
        <Bi k="settingsScreen" />
      </a>
      <button type="button" class="button button-quiet" onClick={() => props.onLock()}>
        <Bi k="lockNow" />
      </button>
      <button type="button" class="button button-quiet" onClick={() => (props.unsent > 0 ? setConfirming(true) : props.onSignOut())}>
        <Bi k="signOut" />
      </button>
      <Show when={confirming()}>
        <div class="session-confirm" role="alertdialog" aria-labelledby="sign-out-unsent">
          <p id="sign-out-unsent">
            <Bi k="signOutUnsent" params={{ count: props.unsent }} />
          </p>
          <button type="button" class="button button-primary" onClick={() => props.onSignOut()}>
            <Bi k="signOutConfirm" />
          </button>
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            <Bi k="cancel" />
          </button>
        </div>
      </Show>
    </div>
  );
}
