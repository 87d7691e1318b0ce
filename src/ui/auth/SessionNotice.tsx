/** A sign-in message (error or confirmation) in Japanese with English beneath, announced to screen readers. */
import { Show, type JSX } from 'solid-js';
import type { SessionMessage } from '../../auth/session-controller.ts';

export function SessionNotice(props: { message: SessionMessage | undefined }): JSX.Element {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="auth-notice" role="alert">
          <span class="bi">
            <span class="bi-ja">{message().ja}</span>
            <span class="bi-en" lang="en">
              {message().en}
            </span>
          </span>
        </p>
      )}
    </Show>
  );
}
