import { describe, expect, it } from 'vitest';
import { createMemoryLocalStore } from './memory-local-store.ts';
import { requestPersistentStorage } from './persist-storage.ts';

const NOW = () => new Date('2025-09-01T00:00:00.000Z');

function fakeStorage(persistedAlready: boolean, grant: boolean) {
  const calls = { persist: 0 };
  return {
    calls,
    storage: {
      persisted: async () => persistedAlready,
      persist: async () => {
        calls.persist++;
        return grant;
      },
    },
  };
}

describe('requestPersistentStorage', () => {
  it('asks once and remembers when it asked', async () => {
    const store = createMemoryLocalStore();
    const { storage, calls } = fakeStorage(false, false);
    expect(await requestPersistentStorage(storage, store, NOW)).toBe('notPersisted');
    expect(await requestPersistentStorage(storage, store, NOW)).toBe('notPersisted');
    expect(calls.persist).toBe(1);
    expect(await store.readSetting('storagePersistRequestedAt')).toBe('2025-09-01T00:00:00.000Z');
  });

  it('reports a granted request', async () => {
    const { storage } = fakeStorage(false, true);
    expect(await requestPersistentStorage(storage, createMemoryLocalStore(), NOW)).toBe('persisted');
  });

  it('does not ask when storage is already persistent', async () => {
    const { storage, calls } = fakeStorage(true, false);
    expect(await requestPersistentStorage(storage, createMemoryLocalStore(), NOW)).toBe('persisted');
    expect(calls.persist).toBe(0);
  });

  it('says unsupported without a Storage API', async () => {
    expect(await requestPersistentStorage(undefined, createMemoryLocalStore(), NOW)).toBe('unsupported');
  });
});
