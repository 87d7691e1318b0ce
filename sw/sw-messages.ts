/**
 * The messages between the page and the service worker, both ways. Pure (zod/mini keeps the worker small);
 * imported by sw/sw.ts and by the app's registration code, so both sides agree on one shape.
 */
import * as z from 'zod/mini';

/** The Background Sync tag the sync engine registers; the worker wakes open pages when it fires. */
export const SYNC_TAG = 'tsunagi-sync';

/** Page → worker. `SKIP_WAITING` is what workbox-window's `messageSkipWaiting()` sends. */
export const MessageToWorker = z.discriminatedUnion('type', [z.object({ type: z.literal('SKIP_WAITING') })]);
export type MessageToWorker = z.infer<typeof MessageToWorker>;

/** Worker → page: a `sync` event fired; the page's sync engine should run now. */
export const MessageToPage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SYNC_REQUESTED'), tag: z.string(), lastChance: z.boolean() }),
]);
export type MessageToPage = z.infer<typeof MessageToPage>;
