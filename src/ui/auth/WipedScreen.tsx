/** Shown once a revoked device has erased its data: what happened, and the way back (a new activation code). */
import type { JSX } from 'solid-js';
import { Bi } from '../i18n/Bi.tsx';

export function WipedScreen(props: { onEnrollAgain: () => void }): JSX.Element {
  return (
    <section class="auth-screen" aria-labelledby="wiped-title" data-testid="device-wiped">
      <h1 id="wiped-title">
        <Bi k="wipedHeading" />
      </h1>
      <p class="hint">
        <Bi k="wipedBody" />
      </p>
      <div class="form-actions">
        <button type="button" class="button" onClick={() => props.onEnrollAgain()}>
          <Bi k="enrollAgain" />
        </button>
      </div>
    </section>
  );
}
