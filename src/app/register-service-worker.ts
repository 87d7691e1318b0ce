/**
 * Registers /sw.js with workbox-window (production builds only: the dev server has no service worker) and
 * wires the update prompt and the worker's sync wake-up to the app.
 */
import { Workbox } from 'workbox-window';
import { MessageToPage } from '../../sw/sw-messages.ts';
import type { BrowserEnv } from '../env/browser-env.ts';
import { makeUpdatePrompt, type UpdatePrompt, type UpdatePromptState } from './update-prompt.ts';

export interface ServiceWorkerHooks {
  onUpdateState(state: UpdatePromptState): void;
  /** The worker's `sync` event fired (Background Sync): run the sync engine now. */
  onSyncRequested(): void;
}

/** Returns the update prompt, or undefined where no service worker is registered. */
export function registerServiceWorker(env: BrowserEnv, hooks: ServiceWorkerHooks): UpdatePrompt | undefined {
  if (!env.isProduction || !env.serviceWorkerSupported) return undefined;
  const workbox = new Workbox('/sw.js', { scope: '/' });
  const prompt = makeUpdatePrompt(workbox, () => env.reload(), hooks.onUpdateState);
  workbox.addEventListener('message', (event) => {
    const message = MessageToPage.safeParse(event.data);
    if (message.success && message.data.type === 'SYNC_REQUESTED') hooks.onSyncRequested();
  });
  workbox.register().catch((error: unknown) => {
    // The app works without a worker (only not offline); say so for whoever debugs, without personal data.
    console.warn('service worker registration failed', error instanceof Error ? error.name : error);
  });
  return prompt;
}
