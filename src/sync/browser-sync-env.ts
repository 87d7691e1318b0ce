/**
 * The real browser's capabilities for the sync scheduler: Web Locks, BroadcastChannel, timers, page visibility,
 * the `online` event, and whether the service worker can use Background Sync (Chromium's SyncManager).
 */
import type { ChannelLike, LockManagerLike, SyncSchedulerEnv } from './sync-scheduler.ts';

/** The DOM's BroadcastChannel behind the scheduler's narrower interface. */
class BrowserChannel implements ChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  private readonly channel: BroadcastChannel;

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: MessageEvent<unknown>) => this.onmessage?.({ data: event.data });
  }

  postMessage(message: unknown): void {
    this.channel.postMessage(message);
  }

  close(): void {
    this.channel.close();
  }
}

export function browserSyncSchedulerEnv(): SyncSchedulerEnv {
  const locks: LockManagerLike | undefined = 'locks' in navigator ? navigator.locks : undefined;
  const Channel: (new (name: string) => ChannelLike) | undefined = typeof BroadcastChannel === 'function' ? BrowserChannel : undefined;
  return {
    locks,
    BroadcastChannel: Channel,
    setTimeout: (run, ms) => window.setTimeout(run, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    setInterval: (run, ms) => window.setInterval(run, ms),
    clearInterval: (handle) => window.clearInterval(handle as number),
    isVisible: () => document.visibilityState === 'visible',
    onVisibilityChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
    onOnline(listener) {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
    hasBackgroundSync: 'serviceWorker' in navigator && 'SyncManager' in window,
  };
}
