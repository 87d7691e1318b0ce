import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDexieLocalStore, SNAPSHOT_CHUNK } from './dexie-local-store.ts';
import { describeLocalStoreContract } from './local-store-contract.testing.ts';
import { makeInsuredRecord, makeSnapshot } from './insured-record.testing.ts';
import { createTsunagiDb } from './tsunagi-db.ts';

/** A fresh fake IndexedDB per test, with a Dexie middleware that can make the next mutation fail. */
function openTestDb(options: { onVersionChange?: () => void; indexedDB?: InstanceType<typeof IDBFactory> } = {}) {
  const indexedDB = options.indexedDB ?? new IDBFactory();
  const db = createTsunagiDb({ indexedDB, IDBKeyRange, ...(options.onVersionChange ? { onVersionChange: options.onVersionChange } : {}) });
  const failure: { next: Error | undefined } = { next: undefined };
  db.use({
    stack: 'dbcore',
    name: 'test-failure',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            const error = failure.next;
            if (error) {
              failure.next = undefined;
              return Promise.reject(error);
            }
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return { db, indexedDB, failure };
}

describeLocalStoreContract('Dexie on fake-indexeddb', async () => {
  const { db, failure } = openTestDb();
  await db.open();
  return {
    store: createDexieLocalStore(db),
    async plantRawPerson(row) {
      await db.people.put(row as never);
    },
    failNextWriteWithQuota() {
      failure.next = new DOMException('full', 'QuotaExceededError');
    },
    async close() {
      db.close();
    },
  };
});

describe('Dexie database tsunagi', () => {
  it('declares schema version 1 with the people indexes the list needs', async () => {
    const { db } = openTestDb();
    await db.open();
    expect(db.verno).toBe(1);
    const people = db.people.schema;
    expect(people.primKey.keyPath).toEqual(['insurerNumber', 'insuredNumber']);
    expect(people.indexes.map((i) => i.name).sort()).toEqual(['careLevel', 'insuredNumber', 'insurerNumber', 'nameKana', 'providerNumbers']);
    expect(people.idxByName['providerNumbers']?.multi).toBe(true);
    db.close();
  });

  it('writes a snapshot larger than one chunk and reports progress chunk by chunk', async () => {
    const { db } = openTestDb();
    const store = createDexieLocalStore(db);
    const total = SNAPSHOT_CHUNK * 2 + 7;
    const people = Array.from({ length: total }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0') }));
    const progress: number[] = [];
    await store.saveOfficeSnapshot(makeSnapshot('1310100001', people), new Date('2025-09-01T00:00:00Z'), (p) => progress.push(p.written));
    expect(progress).toEqual([0, SNAPSHOT_CHUNK, SNAPSHOT_CHUNK * 2, total]);
    expect((await store.readPeople('1310100001')).items).toHaveLength(total);
    db.close();
  });

  it('closes and tells the app when another tab opens a newer version', async () => {
    let told = 0;
    const { db, indexedDB } = openTestDb({ onVersionChange: () => told++ });
    await createDexieLocalStore(db).writeSetting('officeProviderNumber', '1310100001');

    // What a newer build in another tab does: open the same database at version 2.
    const newer = new Dexie('tsunagi', { indexedDB, IDBKeyRange });
    newer.version(1).stores({ settings: 'key' });
    newer.version(2).stores({ settings: 'key', outbox: '++seq' });
    await newer.open();

    expect(told).toBe(1);
    expect(db.isOpen()).toBe(false);
    const afterwards = await createDexieLocalStore(db).readSetting('officeProviderNumber').catch((e: unknown) => e);
    expect(afterwards).toMatchObject({ code: 'databaseClosed' });
    newer.close();
  });
});
