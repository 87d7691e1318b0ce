/**
 * The service worker: kept thin on purpose (no domain logic, no personal data).
 * - Precaches the app shell listed by the build (self.__WB_MANIFEST) and removes caches of older builds.
 * - Answers every navigation with the precached index.html, so the app opens offline at any URL.
 * - Never caches /api/: responses carry personal data, which must live only in the app's own database
 *   (encrypted there later), never in Cache Storage. No route matches them, so the browser fetches them as usual.
 * - Activates a waiting update only when the page asks (`SKIP_WAITING`, after the user chose 「更新する」).
 * - On a Background Sync `sync` event for SYNC_TAG, delivers the outbox's courier envelopes itself, with no page
 *   open (src/sync/courier-delivery.ts: sealed copies it cannot read, signed with the device key), then tells open
 *   pages to run their sync engine (pull, and push what it could not deliver). A delivery that got no answer
 *   fails the event, so the browser fires it again later.
 */
/// <reference lib="webworker" />
// First, before the message schemas are built.
import '../src/env/zod-jitless.ts';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { createTsunagiDb } from '../src/data/tsunagi-db.ts';
import { deliverOutbox, PUSH_LOCK_NAME } from '../src/sync/courier-delivery.ts';
import { MessageToWorker, SYNC_TAG, type MessageToPage } from './sw-messages.ts';

declare const self: ServiceWorkerGlobalScope;

/** Background Sync (Chromium only) is not in TypeScript's WebWorker library. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//],
  }),
);

// On the first install, take control of the open page at once so it works offline without a reload. Updates
// still wait for the user's consent: a waiting worker reaches `activate` only after SKIP_WAITING.
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const parsed = MessageToWorker.safeParse(event.data);
  if (parsed.success && parsed.data.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('sync', (event: Event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    deliverQueued().finally(() => notifyPages({ type: 'SYNC_REQUESTED', tag: sync.tag, lastChance: sync.lastChance })),
  );
});

/** Delivers the courier envelopes unless a page (or another event) is pushing right now. */
async function deliverQueued(): Promise<void> {
  const db = createTsunagiDb();
  try {
    await self.navigator.locks.request(PUSH_LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock) await deliverOutbox({ db, fetch: (path, init) => fetch(path, init), now: () => new Date() });
    });
  } finally {
    db.close();
  }
}

async function notifyPages(message: MessageToPage): Promise<void> {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const page of pages) page.postMessage(message);
}
