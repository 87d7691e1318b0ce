/**
 * The update prompt's logic, apart from Workbox and the DOM so it can be tested with a fake worker.
 *
 * A new build's service worker installs and then waits (it never skips waiting by itself: a silent swap
 * under a care worker mid-visit could change the app between two screens). The prompt appears on `waiting`;
 * 「更新する」 sends SKIP_WAITING to the waiting worker through workbox-window (which targets the right worker:
 * workbox#2394), and when that worker takes control (`controlling`) the page reloads once to run the new
 * build. A `controlling` without a pending update (the very first install claiming the page) does not reload.
 */

export type UpdatePromptState = 'none' | 'available' | 'activating';

/** The part of workbox-window's `Workbox` the prompt uses. */
export interface UpdatableServiceWorker {
  addEventListener(type: 'waiting' | 'controlling', listener: () => void): void;
  messageSkipWaiting(): void;
}

export interface UpdatePrompt {
  state(): UpdatePromptState;
  /** The user chose 「更新する」. */
  accept(): void;
  /** The user chose 「後で」: hide until the next waiting worker. */
  dismiss(): void;
}

export function makeUpdatePrompt(worker: UpdatableServiceWorker, reload: () => void, onChange: (state: UpdatePromptState) => void): UpdatePrompt {
  let state: UpdatePromptState = 'none';
  let updatePending = false;
  let reloaded = false;
  const set = (next: UpdatePromptState): void => {
    if (next === state) return;
    state = next;
    onChange(state);
  };

  worker.addEventListener('waiting', () => {
    updatePending = true;
    if (state === 'none') set('available');
  });
  worker.addEventListener('controlling', () => {
    // Another tab may have accepted the update: this page runs the old build under the new worker, so it
    // reloads as well. Only once, whatever fires after.
    if (!updatePending || reloaded) return;
    reloaded = true;
    reload();
  });

  return {
    state: () => state,
    accept() {
      if (!updatePending || state === 'activating') return;
      set('activating');
      worker.messageSkipWaiting();
    },
    dismiss() {
      if (state === 'available') set('none');
    },
  };
}
