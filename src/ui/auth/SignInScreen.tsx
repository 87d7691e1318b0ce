/**
 * Sign-in and unlock: a passkey button (when the browser has WebAuthn), and staff ID + PIN. The same screen
 * serves the idle lock; offline it unlocks against the device's wrapped data key.
 */
import { For, Show, type JSX } from 'solid-js';
import type { SessionMessage } from '../../auth/session-controller.ts';
import { Bi } from '../i18n/Bi.tsx';
import { SessionNotice } from './SessionNotice.tsx';

export function SignInScreen(props: {
  locked: boolean;
  deviceName: string | undefined;
  officeName: string | undefined;
  knownStaffIds: readonly string[];
  passkeys: boolean;
  busy: boolean;
  message: SessionMessage | undefined;
  onPasskey: () => void;
  onPin: (staffId: string, pin: string) => void;
}): JSX.Element {
  return (
    <section class="auth-screen" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">
        <Bi k={props.locked ? 'lockedHeading' : 'signInHeading'} />
      </h1>
      <p class="hint">
        <Show when={props.officeName}>{(name) => <span class="auth-office">{name()}</span>}</Show>
        <Show when={props.deviceName}>{(name) => <Bi k="deviceLabel" params={{ name: name() }} />}</Show>
      </p>
      <p class="hint">
        <Bi k="signInHint" />
      </p>
      <SessionNotice message={props.message} />
      <Show when={props.passkeys}>
        <div class="form-actions">
          <button type="button" class="button button-primary passkey-button" disabled={props.busy} onClick={() => props.onPasskey()}>
            <Bi k="signInWithPasskey" />
          </button>
        </div>
        <p class="auth-divider">
          <Bi k="orDivider" />
        </p>
      </Show>
      <form
        class="auth-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          props.onPin(String(form.get('staffId') ?? '').trim(), String(form.get('pin') ?? ''));
          const pinField = event.currentTarget.elements.namedItem('pin');
          if (pinField instanceof HTMLInputElement) pinField.value = '';
        }}
      >
        <label class="field-label" for="staff-id">
          <Bi k="staffIdLabel" />
        </label>
        <input id="staff-id" name="staffId" class="text-input" list="known-staff" autocomplete="username" required value={props.knownStaffIds.length === 1 ? (props.knownStaffIds[0] ?? '') : ''} />
        <datalist id="known-staff">
          <For each={props.knownStaffIds}>{(id) => <option value={id} />}</For>
        </datalist>
        <label class="field-label" for="pin">
          <Bi k="pinLabel" />
        </label>
        <input id="pin" name="pin" class="text-input pin-input" type="password" inputMode="numeric" autocomplete="current-password" required minLength={6} maxLength={12} pattern="[0-9]{6,12}" />
        <div class="form-actions">
          <button type="submit" class={props.passkeys ? 'button' : 'button button-primary'} disabled={props.busy} aria-busy={props.busy}>
            <Show when={props.busy} fallback={<Bi k="signInWithPin" />}>
              <Bi k="busySigningIn" />
            </Show>
          </button>
        </div>
      </form>
    </section>
  );
}
