/** Enrolls the tablet: the admin's one-time activation code, a device name, and the staff member's new PIN. */
import { createSignal, Show, type JSX } from 'solid-js';
import { pinProblem, PIN_PROBLEM_MESSAGES } from '../../domain/staff-pin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { SessionNotice } from './SessionNotice.tsx';
import type { SessionMessage } from '../../auth/session-controller.ts';

export function EnrollScreen(props: {
  busy: boolean;
  message: SessionMessage | undefined;
  onEnroll: (input: { activationCode: string; deviceName: string; pin: string }) => void;
}): JSX.Element {
  const [problem, setProblem] = createSignal<{ ja: string; en: string } | undefined>();
  return (
    <section class="auth-screen" aria-labelledby="enroll-title">
      <h1 id="enroll-title">
        <Bi k="enrollHeading" />
      </h1>
      <p class="hint">
        <Bi k="enrollHint" />
      </p>
      <form
        class="auth-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const pin = String(form.get('pin') ?? '');
          const issue = pinProblem(pin);
          if (issue) {
            setProblem(PIN_PROBLEM_MESSAGES[issue]);
            return;
          }
          if (pin !== String(form.get('pinConfirm') ?? '')) {
            setProblem({ ja: t('pinMismatch'), en: 'The two PINs differ.' });
            return;
          }
          setProblem(undefined);
          props.onEnroll({ activationCode: String(form.get('activationCode') ?? ''), deviceName: String(form.get('deviceName') ?? ''), pin });
        }}
      >
        <label class="field-label" for="activation-code">
          <Bi k="activationCodeLabel" />
        </label>
        <input id="activation-code" name="activationCode" class="text-input code-input" autocomplete="off" autocapitalize="characters" spellcheck={false} required placeholder="例: 7K3M-Q9TR-2HWA" />
        <label class="field-label" for="device-name">
          <Bi k="deviceNameLabel" />
        </label>
        <input id="device-name" name="deviceName" class="text-input" required maxLength={40} value={t('deviceNameDefault')} />
        <label class="field-label" for="new-pin">
          <Bi k="pinLabel" />
        </label>
        <input id="new-pin" name="pin" class="text-input pin-input" type="password" inputMode="numeric" autocomplete="new-password" required minLength={6} maxLength={12} pattern="[0-9]{6,12}" />
        <label class="field-label" for="new-pin-confirm">
          <Bi k="pinConfirmLabel" />
        </label>
        <input id="new-pin-confirm" name="pinConfirm" class="text-input pin-input" type="password" inputMode="numeric" autocomplete="new-password" required minLength={6} maxLength={12} pattern="[0-9]{6,12}" />
        <Show when={problem()}>{(p) => <SessionNotice message={p()} />}</Show>
        <SessionNotice message={props.message} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={props.busy} aria-busy={props.busy}>
            <Show when={props.busy} fallback={<Bi k="enrollButton" />}>
              <Bi k="busySigningIn" />
            </Show>
          </button>
        </div>
      </form>
    </section>
  );
}
