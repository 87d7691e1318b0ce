/**
 * The app shell: the device database, the service worker and the sign-in session. Until the staff member
 * has unlocked the device it shows enrollment, sign-in (or the lock screen) or the wiped notice; once
 * unlocked it mounts the workspace over the encrypted store. Locking — by hand, after idle time, or when the
 * server ends the session — unmounts the workspace, so no decrypted record stays in memory.
 */
import { saveCourierKey } from '../data/courier-keys.ts';
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { createApiFetch } from '../auth/api-fetch.ts';
import { createAuthApi } from '../auth/auth-api.ts';
import { createDeviceSigner, type DeviceSigner } from '../auth/device-signer.ts';
import { ACTIVITY_EVENTS, startIdleLock, type IdleLock } from '../auth/idle-lock.ts';
import { passkeysSupported, prfSaltFor, runAuthentication, runOfflineAssertion, runRegistration } from '../auth/passkey-ceremonies.ts';
import { recallOffice, rememberOffice } from '../auth/remembered-office.ts';
import { createSessionController } from '../auth/session-controller.ts';
import { registerServiceWorker } from '../app/register-service-worker.ts';
import type { UpdatePromptState } from '../app/update-prompt.ts';
import { createDeviceKeyring } from '../data/device-keyring.ts';
import { createTsunagiDb } from '../data/tsunagi-db.ts';
import type { BrowserEnv } from '../env/browser-env.ts';
import { generateDeviceKeyPair } from '../security/device-key-pair.ts';
import { openVault } from '../security/vault.ts';
import { EnrollScreen } from './auth/EnrollScreen.tsx';
import { SessionBar } from './auth/SessionBar.tsx';
import { SignInScreen } from './auth/SignInScreen.tsx';
import { WipedScreen } from './auth/WipedScreen.tsx';
import { Bi } from './i18n/Bi.tsx';
import { BiText } from './i18n/BiText.tsx';
import { ReloadRequired } from './ReloadRequired.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { Workspace } from './Workspace.tsx';

export function App(props: { env: BrowserEnv }): JSX.Element {
  const env = props.env;
  const [databaseClosed, setDatabaseClosed] = createSignal(false);
  let onClosed: (() => void) | undefined;
  let onSyncWake: (() => void) | undefined;
  const db = createTsunagiDb({
    onVersionChange: () => {
      setDatabaseClosed(true);
      onClosed?.();
    },
  });
  const keyring = createDeviceKeyring(db);

  let signer: DeviceSigner | undefined;
  const apiFetch = createApiFetch({
    fetch: env.fetch,
    signer: () => signer,
    accessToken: () => session.getState().accessToken,
    now: () => env.now(),
    onDeviceRevoked: () => void session.wipe(),
    onSessionEnded: () => session.sessionEnded(),
  });
  const authApi = createAuthApi(env.fetch, apiFetch);
  const session = createSessionController({
    keyring,
    api: authApi,
    openVault,
    generateDeviceKeyPair,
    passkeys: {
      prfSalt: prfSaltFor,
      register: runRegistration,
      authenticate: runAuthentication,
      offlineAssertion: (ids, salt) => runOfflineAssertion(ids, window.location.hostname, salt),
    },
    now: () => env.now(),
    remember: (provider, idleLockMinutes, staff) => rememberOffice(db, provider, idleLockMinutes, staff),
    recall: () => recallOffice(db),
    keepCourierKey: (vault, staffId, courierKey) => saveCourierKey(db, vault, staffId, courierKey),
  });

  const [state, setState] = createSignal(session.getState());
  onCleanup(
    session.subscribe((next) => {
      setState(next);
    }),
  );
  // The signer follows the enrolled device (and disappears with a wipe).
  const [deviceInfo, setDeviceInfo] = createSignal<{ name: string; credentialExpiresAt: string | undefined }>();
  const refreshSigner = async (): Promise<void> => {
    const device = await keyring.readDevice().catch(() => undefined);
    signer = device ? createDeviceSigner(device.deviceId, device.privateKey) : undefined;
    setDeviceInfo(device ? { name: device.name, credentialExpiresAt: device.credentialExpiresAt } : undefined);
  };

  const [updateState, setUpdateState] = createSignal<UpdatePromptState>('none');
  const updatePrompt = registerServiceWorker(env, {
    onUpdateState: setUpdateState,
    onSyncRequested: () => {
      void session.checkDevice();
      onSyncWake?.();
    },
  });

  // Idle lock while unlocked: any input restarts the timer.
  let idle: IdleLock | undefined;
  const onActivity = (): void => idle?.activity();
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true, capture: true });
  onCleanup(() => {
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    idle?.stop();
  });
  onCleanup(
    session.subscribe((next) => {
      if (next.phase === 'unlocked' && !idle) idle = startIdleLock(next.idleLockMinutes, () => session.lock(), window);
      if (next.phase !== 'unlocked' && idle) {
        idle.stop();
        idle = undefined;
      }
    }),
  );

  onCleanup(
    env.onConnectivityChange((online) => {
      if (online) void session.checkDevice();
    }),
  );

  onMount(() => {
    void (async () => {
      await refreshSigner();
      await session.start();
    })();
  });
  onCleanup(() => db.close());

  const enroll = async (input: { activationCode: string; deviceName: string; pin: string }): Promise<void> => {
    await session.enroll(input);
    await refreshSigner();
  };

  return (
    <>
      <UpdateBanner state={updateState()} onAccept={() => updatePrompt?.accept()} onDismiss={() => updatePrompt?.dismiss()} />
      <Switch>
        <Match when={state().phase === 'starting'}>
          <p class="state-message" role="status">
            <Bi k="loading" />
          </p>
        </Match>
        <Match when={state().phase === 'enroll'}>
          <main id="main" class="main auth-main" tabindex="-1">
            <EnrollScreen busy={state().busy} message={state().message} onEnroll={(input) => void enroll(input)} />
          </main>
        </Match>
        <Match when={state().phase === 'locked'}>
          <main id="main" class="main auth-main" tabindex="-1">
            <SignInScreen
              locked={state().offlineUnlocks.pin.length + state().offlineUnlocks.prf.length > 0}
              deviceName={state().device?.name}
              officeName={state().provider?.name}
              knownStaffIds={state().offlineUnlocks.pin}
              passkeys={passkeysSupported()}
              busy={state().busy}
              message={state().message}
              onPasskey={() => void session.signInWithPasskey()}
              onPin={(staffId, pin) => void session.signInWithPin(staffId, pin)}
            />
          </main>
        </Match>
        <Match when={state().phase === 'wiped'}>
          <main id="main" class="main auth-main" tabindex="-1">
            <WipedScreen onEnrollAgain={() => env.reload()} />
          </main>
        </Match>
        <Match when={state().phase === 'unlocked' && state().vault && state().provider}>
          <Show when={state().vault} keyed>
            {(vault) => (
              <Workspace
                env={env}
                db={db}
                vault={vault}
                provider={state().provider!}
                staff={state().staff}
                signedInOnline={state().accessToken !== undefined}
                apiFetch={apiFetch}
                authApi={authApi}
                device={deviceInfo()}
                idleLockMinutes={state().idleLockMinutes}
                onDatabaseClosed={(handler) => {
                  onClosed = handler;
                }}
                onSyncRequested={(handler) => {
                  onSyncWake = handler;
                }}
                header={(counts) => (
                  <SessionBar
                    staff={state().staff}
                    online={state().accessToken !== undefined}
                    unsent={counts.unsentAudit}
                    onLock={() => session.lock({ ja: '画面をロックしました。', en: 'Locked.' })}
                    onSignOut={() => void session.signOut()}
                  />
                )}
              />
            )}
          </Show>
        </Match>
      </Switch>
      <Show when={state().offerPasskey && state().phase === 'unlocked' && passkeysSupported()}>
        <div class="passkey-offer" role="dialog" aria-labelledby="passkey-offer-title" aria-modal="false">
          <h2 id="passkey-offer-title">
            <Bi k="passkeyOfferHeading" />
          </h2>
          <p>
            <Bi k="passkeyOfferBody" />
          </p>
          <div class="form-actions">
            <button
              ref={(button) => queueMicrotask(() => button.focus())}
              type="button"
              class="button button-primary"
              disabled={state().busy}
              onClick={() => void session.registerPasskey()}
            >
              <Bi k="registerPasskey" />
            </button>
            <button type="button" class="button" onClick={() => session.dismissPasskeyOffer()}>
              <Bi k="notNow" />
            </button>
          </div>
        </div>
      </Show>
      <Show when={state().phase === 'unlocked' ? state().message : undefined}>
        {(message) => (
          <p class="session-toast" role="status">
            <BiText ja={message().ja} en={message().en} />
          </p>
        )}
      </Show>
      <Show when={databaseClosed()}>
        <ReloadRequired onReload={() => env.reload()} />
      </Show>
    </>
  );
}
