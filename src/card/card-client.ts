/**
 * The app's side of the card worker (`workers/card.worker.ts`): starts the worker and talks to it over
 * Comlink, with every answer checked (`checked-card-worker.ts`). Progress listeners cross the boundary as
 * Comlink proxies.
 */
import * as Comlink from 'comlink';
import { wrapCardWorker, type CardClient, type CardWorkerApi } from './checked-card-worker.ts';

export type { CardClient, CardWorkerApi };

/** Starts a card worker and returns its client. */
export function createCardClient(): CardClient {
  const worker = new Worker(new URL('../../workers/card.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<CardWorkerApi>(worker);
  // Comlink's `Remote` types a callback parameter as "proxy or clone"; every listener is passed through
  // `Comlink.proxy` below, which is what the remote expects, so the plain API type is the honest view of it.
  return wrapCardWorker(remote as unknown as CardWorkerApi, (listener) => Comlink.proxy(listener), () => {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  });
}

let shared: CardClient | null = null;

/** The one card worker of the page (its demo card keys are made once), started on first use. */
export function sharedCardClient(): CardClient {
  shared ??= createCardClient();
  return shared;
}
