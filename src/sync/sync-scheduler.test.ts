import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChannelHub, createFakeLockManager, type FakeLockManager } from './fake-browser.testing.ts';
import { INITIAL_SYNC_ENGINE_STATE, type SyncEngine, type SyncEngineState } from './sync-engine.ts';
import { createSyncScheduler, SYNC_CHANNEL_NAME, SYNC_LOCK_NAME, type ChannelLike, type SyncScheduler, type SyncSchedulerEnv } from './sync-scheduler.ts';

/** An engine that counts what it is asked to do; runs can be held open to test overlap. */
function makeFakeEngine(name: string) {
  const calls = { syncNow: 0, load: 0, refreshPending: 0, dismissRejected: 0 };
  const hold: { open: boolean; release: (() => void) | undefined } = { open: false, release: undefined };
  let runs = 0;
  const factory = (onState: (state: SyncEngineState) => void): SyncEngine => {
    let state: SyncEngineState = { ...INITIAL_SYNC_ENGINE_STATE, pending: 2, rejected: [{ seq: 1, name: 'personViewed', code: 'x', message: '理由' }] };
    const set = (patch: Partial<SyncEngineState>): void => {
      state = { ...state, ...patch };
      onState(state);
    };
    return {
      getState: () => state,
      async load() {
        calls.load++;
        set({});
        return state;
      },
      async syncNow() {
        calls.syncNow++;
        set({ running: true });
        if (hold.open) await new Promise<void>((resolve) => (hold.release = resolve));
        runs++;
        set({ running: false, pending: 0, lastSyncAt: `${name} run ${runs}` });
        return state;
      },
      async refreshPending() {
        calls.refreshPending++;
        set({ pending: state.pending + 1 });
      },
      async dismissRejected() {
        calls.dismissRejected++;
        set({ rejected: [] });
      },
    };
  };
  return { factory, calls, hold };
}

function makeListeners() {
  const listeners = new Set<() => void>();
  return {
    on: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fire: () => listeners.forEach((l) => l()),
  };
}

interface Browser {
  locks: FakeLockManager | undefined;
  BroadcastChannel: new (name: string) => ChannelLike;
}

function openTab(browser: Browser, name: string, options: { hasBackgroundSync?: boolean } = {}) {
  const engine = makeFakeEngine(name);
  const visibility = makeListeners();
  const online = makeListeners();
  let visible = true;
  const env: SyncSchedulerEnv = {
    locks: browser.locks,
    BroadcastChannel: browser.BroadcastChannel,
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    setInterval: (run, ms) => setInterval(run, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    isVisible: () => visible,
    onVisibilityChange: visibility.on,
    onOnline: online.on,
    hasBackgroundSync: options.hasBackgroundSync ?? false,
  };
  const scheduler: SyncScheduler = createSyncScheduler({ engine: engine.factory, env });
  return {
    scheduler,
    calls: engine.calls,
    hold: engine.hold,
    goOnline: online.fire,
    setVisible: (value: boolean) => {
      visible = value;
      visibility.fire();
    },
  };
}

// Channel messages arrive on a later task (fake timers give a 0 ms timer set during a tick 1 ms): a few ms settle a reply.
const settle = () => vi.advanceTimersByTimeAsync(5);

describe('sync scheduler', () => {
  let browser: Browser;
  beforeEach(() => {
    vi.useFakeTimers();
    browser = { locks: createFakeLockManager(), BroadcastChannel: createChannelHub() };
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('elects one leader among tabs: it syncs on start, the other follows and mirrors its state', async () => {
    const a = openTab(browser, 'A');
    const b = openTab(browser, 'B');
    a.scheduler.start();
    await settle();
    b.scheduler.start();
    await settle();
    expect(a.scheduler.getState().leader).toBe(true);
    expect(b.scheduler.getState().leader).toBe(false);
    expect(browser.locks?.held).toEqual(new Set([SYNC_LOCK_NAME]));
    expect(browser.locks?.waiting()).toBe(1);
    expect(a.calls.syncNow).toBe(1);
    expect(b.calls.syncNow).toBe(0);
    // The follower asked for the leader's state on start.
    expect(b.scheduler.getState()).toMatchObject({ lastSyncAt: 'A run 1', pending: 0, leader: false });
  });

  it('a follower asks the leader to sync instead of syncing itself', async () => {
    const a = openTab(browser, 'A');
    const b = openTab(browser, 'B');
    a.scheduler.start();
    b.scheduler.start();
    await settle();
    b.scheduler.requestSync();
    await settle();
    expect(a.calls.syncNow).toBe(2);
    expect(b.calls.syncNow).toBe(0);
    expect(b.scheduler.getState().lastSyncAt).toBe('A run 2');
    b.scheduler.dismissRejected();
    await settle();
    expect(a.calls.dismissRejected).toBe(1);
    expect(b.scheduler.getState().rejected).toEqual([]);
  });

  it('hands leadership to the next tab when the leader stops (closed or frozen page), which syncs at once', async () => {
    const a = openTab(browser, 'A');
    const b = openTab(browser, 'B');
    a.scheduler.start();
    b.scheduler.start();
    await settle();
    a.scheduler.stop();
    await settle();
    expect(a.scheduler.getState().leader).toBe(false);
    expect(b.scheduler.getState().leader).toBe(true);
    expect(b.calls.syncNow).toBe(1);
    expect(browser.locks?.waiting()).toBe(0);
    // The stopped tab no longer reacts.
    a.goOnline();
    await settle();
    expect(a.calls.syncNow).toBe(1);
  });

  it('syncs once, 2 s after the last of several local writes, and counts pending at once', async () => {
    const a = openTab(browser, 'A');
    a.scheduler.start();
    await settle();
    a.scheduler.noteLocalWrite();
    await vi.advanceTimersByTimeAsync(1_500);
    a.scheduler.noteLocalWrite();
    await vi.advanceTimersByTimeAsync(1_500);
    a.scheduler.noteLocalWrite();
    expect(a.calls.refreshPending).toBe(3);
    expect(a.calls.syncNow).toBe(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(a.calls.syncNow).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.calls.syncNow).toBe(2);
  });

  it("forwards a follower's local write to the leader, which recounts and syncs after the debounce", async () => {
    const a = openTab(browser, 'A');
    const b = openTab(browser, 'B');
    a.scheduler.start();
    b.scheduler.start();
    await settle();
    b.scheduler.noteLocalWrite();
    await settle();
    expect(a.calls.refreshPending).toBe(1);
    expect(b.scheduler.getState().pending).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(a.calls.syncNow).toBe(2);
  });

  it('syncs when the browser comes online and when the page becomes visible, not when hidden', async () => {
    const a = openTab(browser, 'A');
    a.scheduler.start();
    await settle();
    a.goOnline();
    await settle();
    expect(a.calls.syncNow).toBe(2);
    a.setVisible(false);
    await settle();
    expect(a.calls.syncNow).toBe(2);
    a.setVisible(true);
    await settle();
    expect(a.calls.syncNow).toBe(3);
  });

  it('syncs every 5 minutes where there is no Background Sync, and not on a timer where there is', async () => {
    const a = openTab(browser, 'A');
    a.scheduler.start();
    await settle();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(a.calls.syncNow).toBe(3);

    const other = { locks: createFakeLockManager(), BroadcastChannel: createChannelHub() };
    const c = openTab(other, 'C', { hasBackgroundSync: true });
    c.scheduler.start();
    await settle();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(c.calls.syncNow).toBe(1);
  });

  it('a trigger during a run leads to exactly one more run after it', async () => {
    const a = openTab(browser, 'A');
    a.hold.open = true;
    a.scheduler.start();
    await settle();
    expect(a.calls.syncNow).toBe(1);
    a.scheduler.requestSync();
    a.scheduler.requestSync();
    a.hold.open = false;
    a.hold.release?.();
    await settle();
    expect(a.calls.syncNow).toBe(2);
  });

  it('without Web Locks, each tab syncs for itself', async () => {
    const lockless = { locks: undefined, BroadcastChannel: createChannelHub() };
    const a = openTab(lockless, 'A');
    a.scheduler.start();
    await settle();
    expect(a.scheduler.getState().leader).toBe(true);
    expect(a.calls.syncNow).toBe(1);
  });

  it('ignores channel messages that are not the protocol (another build, another app)', async () => {
    const a = openTab(browser, 'A');
    const b = openTab(browser, 'B');
    a.scheduler.start();
    b.scheduler.start();
    await settle();
    const stranger = new browser.BroadcastChannel(SYNC_CHANNEL_NAME);
    stranger.postMessage({ type: 'state', state: { running: 'yes' } });
    stranger.postMessage('syncRequest');
    await settle();
    expect(b.scheduler.getState().lastSyncAt).toBe('A run 1');
    expect(a.calls.syncNow).toBe(1);
    stranger.close();
  });
});
