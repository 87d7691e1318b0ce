/**
 * The browser globals the app uses, resolved in this one place. Everything else receives a BrowserEnv, so unit
 * tests pass doubles and no module reaches for `window`, `navigator` or `Date.now()` on its own.
 */
import type { PersistentStorageApi } from '../data/persist-storage.ts';

/** What the app needs from the browser. */
export interface BrowserEnv {
  readonly fetch: typeof fetch;
  now(): Date;
  /** `navigator.onLine`: false means surely offline; true only means a network interface is up. */
  isOnline(): boolean;
  /** Calls `listener` on the window's `online`/`offline` events; returns the cleanup. */
  onConnectivityChange(listener: (online: boolean) => void): () => void;
  /** The Storage API, where the browser has it. */
  readonly storage: PersistentStorageApi | undefined;
  readonly serviceWorkerSupported: boolean;
  /** A production build: the service worker is registered only there. */
  readonly isProduction: boolean;
  reload(): void;
}

/** The real browser. */
export function defaultBrowserEnv(): BrowserEnv {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => new Date(),
    isOnline: () => navigator.onLine,
    onConnectivityChange(listener) {
      const online = (): void => listener(true);
      const offline = (): void => listener(false);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      };
    },
    storage: 'storage' in navigator && typeof navigator.storage.persist === 'function' ? navigator.storage : undefined,
    serviceWorkerSupported: 'serviceWorker' in navigator,
    isProduction: import.meta.env.PROD,
    reload: () => window.location.reload(),
  };
}
