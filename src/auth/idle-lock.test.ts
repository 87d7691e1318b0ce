import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIdleLock, type IdleTimers } from './idle-lock.ts';

const MINUTE = 60_000;

/** The page's own timers, which vi.useFakeTimers replaces. */
const timers: IdleTimers = {
  setTimeout: (handler, ms) => setTimeout(handler, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('idle lock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after exactly the set minutes without input, once', () => {
    const onIdle = vi.fn();
    startIdleLock(5, onIdle, timers);
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('uses the office’s setting', () => {
    const onIdle = vi.fn();
    startIdleLock(2, onIdle, timers);
    vi.advanceTimersByTime(2 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts again from each input', () => {
    const onIdle = vi.fn();
    const lock = startIdleLock(5, onIdle, timers);
    vi.advanceTimersByTime(4 * MINUTE);
    lock.activity();
    // 9 minutes since the start, 5 minutes less 1 ms since the input.
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    lock.activity();
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    // Only one timer runs at a time, however many inputs came.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('arms again on input after it has locked', () => {
    const onIdle = vi.fn();
    const lock = startIdleLock(5, onIdle, timers);
    vi.advanceTimersByTime(5 * MINUTE);
    lock.activity();
    vi.advanceTimersByTime(5 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it('never locks once stopped', () => {
    const onIdle = vi.fn();
    const lock = startIdleLock(5, onIdle, timers);
    vi.advanceTimersByTime(4 * MINUTE);
    lock.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
