/**
 * Locks the app after a period without input (default 5 minutes, the office's setting). Any pointer, key or
 * touch input restarts the timer; the timer is the page's own, so tests drive it with a fake clock.
 */
export interface IdleLock {
  /** Input happened: start counting again. */
  activity(): void;
  stop(): void;
}

export interface IdleTimers {
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function startIdleLock(minutes: number, onIdle: () => void, timers: IdleTimers): IdleLock {
  let handle: unknown;
  const arm = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => {
      handle = undefined;
      onIdle();
    }, minutes * 60_000);
  };
  arm();
  return {
    activity: arm,
    stop() {
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
    },
  };
}

export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
