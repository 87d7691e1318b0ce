/**
 * When sync runs, and in which tab. Triggers: start, the browser coming `online`, the page becoming visible,
 * ~2 s after the last local write (debounced), the service worker's SYNC_REQUESTED (Background Sync, Chromium),
 * a 5-minute timer where there is no Background Sync (Safari, Firefox), and the user's 「今すぐ同期」.
 *
 * Only one tab syncs: the one holding the Web Lock 'tsunagi-sync' (every tab queues for it; the browser hands
 * it to the next one when the holder stops or its page dies, so a frozen or closed leader cannot keep it).
 * Other tabs forward their triggers to the leader over a BroadcastChannel and mirror the state it broadcasts.
 * Without Web Locks each tab syncs for itself: the server's per-device seq makes a double push harmless.
 *
 * Every browser capability is injected (`SyncSchedulerEnv`), so tests run it with a fake lock manager,
 * channel, timers and visibility.
 */
import { z } from 'zod';
import { RejectedMutation } from '../data/stored-rows.ts';
import { isSyncErrorCode, type SyncErrorCode } from './sync-error.ts';
import { INITIAL_SYNC_ENGINE_STATE, type SyncEngine, type SyncEngineState } from './sync-engine.ts';

export const SYNC_LOCK_NAME = 'tsunagi-sync';
export const SYNC_CHANNEL_NAME = 'tsunagi-sync';
export const LOCAL_WRITE_DEBOUNCE_MS = 2_000;
export const SYNC_INTERVAL_MS = 5 * 60_000;

/** The part of `navigator.locks` used here. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface SyncSchedulerEnv {
  /** `navigator.locks`, where the browser has it. */
  readonly locks: LockManagerLike | undefined;
  readonly BroadcastChannel: (new (name: string) => ChannelLike) | undefined;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  readonly setInterval: (run: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: unknown) => void;
  readonly isVisible: () => boolean;
  /** Subscriptions; each returns its unsubscribe. */
  readonly onVisibilityChange: (listener: () => void) => () => void;
  readonly onOnline: (listener: () => void) => () => void;
  /** The service worker can wake sync with Background Sync (then no timer runs). */
  readonly hasBackgroundSync: boolean;
}

export interface SyncStatusState extends SyncEngineState {
  /** This tab is the one syncing. */
  readonly leader: boolean;
}

export interface SyncScheduler {
  /** Queues for leadership and starts listening; the leader syncs at once. */
  start(): void;
  /** Stops listening and hands leadership on. */
  stop(): void;
  /** Sync now (the button, the service worker's SYNC_REQUESTED): here if leading, else asks the leader. */
  requestSync(): void;
  /** A mutation was queued in this tab: the pending count updates now, a sync follows ~2 s after the last one. */
  noteLocalWrite(): void;
  dismissRejected(): void;
  getState(): SyncStatusState;
  subscribe(listener: (state: SyncStatusState) => void): () => void;
}

const SyncProblemMessage = z.object({
  code: z.custom<SyncErrorCode>((value) => typeof value === 'string' && isSyncErrorCode(value)),
  messageJa: z.string(),
  messageEn: z.string(),
});
const EngineStateMessage = z.object({
  running: z.boolean(),
  lastSyncAt: z.string().nullable(),
  pending: z.number().int().nonnegative(),
  rejected: z.array(RejectedMutation),
  error: SyncProblemMessage.nullable(),
  progress: z.object({ applied: z.number(), total: z.number() }).nullable(),
});

/** What tabs say to each other on the channel (another tab may run an older build: parsed, never trusted). */
const ChannelMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello') }),
  z.object({ type: z.literal('syncRequest') }),
  z.object({ type: z.literal('localWrite') }),
  z.object({ type: z.literal('dismissRejected') }),
  z.object({ type: z.literal('state'), state: EngineStateMessage }),
]);
type ChannelMessage = Exclude<z.infer<typeof ChannelMessage>, { type: 'state' }> | { type: 'state'; state: SyncEngineState };

export interface SyncSchedulerDeps {
  /** Builds this tab's engine, reporting its state changes to `onState`. */
  readonly engine: (onState: (state: SyncEngineState) => void) => SyncEngine;
  readonly env: SyncSchedulerEnv;
  readonly debounceMs?: number;
  readonly intervalMs?: number;
}

export function createSyncScheduler(deps: SyncSchedulerDeps): SyncScheduler {
  const env = deps.env;
  const listeners = new Set<(state: SyncStatusState) => void>();
  let state: SyncStatusState = { ...INITIAL_SYNC_ENGINE_STATE, leader: false };
  let channel: ChannelLike | undefined;
  let abort: AbortController | undefined;
  let releaseLock: (() => void) | undefined;
  let debounce: unknown;
  let interval: unknown;
  let unsubscribe: (() => void)[] = [];
  let started = false;
  // A trigger while a run is on: one more run after it (the run may have read the outbox before the write).
  let again = false;
  let running: Promise<unknown> | undefined;

  const emit = (patch: Partial<SyncStatusState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const post = (message: ChannelMessage): void => channel?.postMessage(message);

  // A follower shows what its own engine loaded from storage until the leader's first broadcast.
  let heardLeader = false;

  const engine = deps.engine((engineState) => {
    if (!state.leader && heardLeader) return;
    emit(engineState);
    if (state.leader) post({ type: 'state', state: engineState });
  });

  function runHere(): void {
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = engine.syncNow().finally(() => {
      running = undefined;
      if (again && state.leader && started) runHere();
    });
  }

  function requestSync(): void {
    if (!started) return;
    if (state.leader) runHere();
    else post({ type: 'syncRequest' });
  }

  function scheduleAfterWrite(): void {
    if (debounce !== undefined) env.clearTimeout(debounce);
    debounce = env.setTimeout(() => {
      debounce = undefined;
      requestSync();
    }, deps.debounceMs ?? LOCAL_WRITE_DEBOUNCE_MS);
  }

  function onChannelMessage(event: { data: unknown }): void {
    const parsed = ChannelMessage.safeParse(event.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'state') {
      if (!state.leader) {
        heardLeader = true;
        emit(message.state);
      }
      return;
    }
    if (!state.leader) return;
    if (message.type === 'hello') post({ type: 'state', state: engine.getState() });
    else if (message.type === 'syncRequest') runHere();
    else if (message.type === 'localWrite') {
      void engine.refreshPending().catch(() => undefined);
      scheduleAfterWrite();
    } else void engine.dismissRejected().catch(() => undefined);
  }

  async function lead(): Promise<void> {
    if (!started) return;
    // Set before any await: a stop() during the load must still be able to release the lock.
    const released = new Promise<void>((resolve) => {
      releaseLock = resolve;
    });
    emit({ leader: true });
    await engine.load();
    if (started) {
      runHere();
      if (!env.hasBackgroundSync) interval = env.setInterval(() => requestSync(), deps.intervalMs ?? SYNC_INTERVAL_MS);
    }
    await released;
  }

  return {
    start() {
      if (started) return;
      started = true;
      if (env.BroadcastChannel) {
        channel = new env.BroadcastChannel(SYNC_CHANNEL_NAME);
        channel.onmessage = onChannelMessage;
      }
      unsubscribe = [
        env.onOnline(() => requestSync()),
        env.onVisibilityChange(() => {
          if (env.isVisible()) requestSync();
        }),
      ];
      if (!env.locks) {
        void lead();
        return;
      }
      // Until leadership comes, show what is stored, and ask the leader for its state.
      void engine.load();
      post({ type: 'hello' });
      abort = new AbortController();
      env.locks.request(SYNC_LOCK_NAME, { signal: abort.signal }, lead).catch(() => undefined);
    },

    stop() {
      if (!started) return;
      started = false;
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (debounce !== undefined) env.clearTimeout(debounce);
      if (interval !== undefined) env.clearInterval(interval);
      debounce = interval = undefined;
      abort?.abort();
      releaseLock?.();
      releaseLock = undefined;
      channel?.close();
      channel = undefined;
      emit({ leader: false });
    },

    requestSync,

    noteLocalWrite() {
      if (!started) return;
      if (!state.leader) {
        post({ type: 'localWrite' });
        return;
      }
      void engine.refreshPending().catch(() => undefined);
      scheduleAfterWrite();
    },

    dismissRejected() {
      if (state.leader || !started) void engine.dismissRejected().catch(() => undefined);
      else post({ type: 'dismissRejected' });
    },

    getState: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
