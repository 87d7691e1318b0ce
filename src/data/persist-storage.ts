/**
 * Asks the browser once to keep this origin's storage from eviction (`navigator.storage.persist()`).
 * Chromium decides silently; Firefox asks the user, so asking on every start would nag: the time of the
 * request is remembered in settings and the question is not repeated.
 */
import type { LocalStore } from './local-store.ts';

/** The two methods of the Storage API's StorageManager used here. */
export interface PersistentStorageApi {
  persist(): Promise<boolean>;
  persisted(): Promise<boolean>;
}

export type PersistenceState = 'persisted' | 'notPersisted' | 'unsupported';

export async function requestPersistentStorage(
  storage: PersistentStorageApi | undefined,
  store: Pick<LocalStore, 'readSetting' | 'writeSetting'>,
  now: () => Date,
): Promise<PersistenceState> {
  if (!storage) return 'unsupported';
  try {
    if (await storage.persisted()) return 'persisted';
    if (await store.readSetting('storagePersistRequestedAt')) return 'notPersisted';
    await store.writeSetting('storagePersistRequestedAt', now().toISOString());
    return (await storage.persist()) ? 'persisted' : 'notPersisted';
  } catch {
    return 'notPersisted';
  }
}
