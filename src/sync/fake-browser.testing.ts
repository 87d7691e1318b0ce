/**
 * Doubles of the browser capabilities the sync scheduler uses, for unit tests: a Web Locks manager (exclusive
 * locks granted in request order, released when the holder's callback settles, requests abortable) and
 * BroadcastChannels that deliver to every other channel of the same name in the same hub, asynchronously and
 * as structured clones, like the real ones.
 */
import type { ChannelLike, LockManagerLike } from './sync-scheduler.ts';

interface LockRequest {
  readonly name: string;
  readonly callback: () => Promise<void>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface FakeLockManager extends LockManagerLike {
  /** Names of locks currently held. */
  readonly held: Set<string>;
  /** Requests still waiting. */
  waiting(): number;
}

export function createFakeLockManager(): FakeLockManager {
  const held = new Set<string>();
  const queue: LockRequest[] = [];

  const pump = (): void => {
    for (const request of [...queue]) {
      if (held.has(request.name)) continue;
      queue.splice(queue.indexOf(request), 1);
      held.add(request.name);
      void Promise.resolve()
        .then(request.callback)
        .then(request.resolve, request.reject)
        .finally(() => {
          held.delete(request.name);
          pump();
        });
    }
  };

  return {
    held,
    waiting: () => queue.length,
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const request: LockRequest = { name, callback, resolve, reject };
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(request);
          if (at < 0) return;
          queue.splice(at, 1);
          reject(new DOMException('The request was aborted.', 'AbortError'));
        });
        queue.push(request);
        pump();
      });
    },
  };
}

/** A set of channels that hear each other (one browser profile). */
export function createChannelHub(): new (name: string) => ChannelLike {
  const open = new Set<FakeChannel>();
  class FakeChannel implements ChannelLike {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    constructor(readonly name: string) {
      open.add(this);
    }
    postMessage(message: unknown): void {
      const data = structuredClone(message);
      for (const other of open) {
        if (other === this || other.name !== this.name) continue;
        setTimeout(() => {
          if (open.has(other)) other.onmessage?.({ data: structuredClone(data) });
        }, 0);
      }
    }
    close(): void {
      open.delete(this);
    }
  }
  return FakeChannel;
}
