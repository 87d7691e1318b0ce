import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { makeInsuredRecord, makeProvider, TEST_INSURER } from './insured-record.testing.ts';
import { findCanaries } from './sealed-canary-scan.testing.ts';
import { createTsunagiDb } from './tsunagi-db.ts';

describe('Dexie database tsunagi', () => {
  it('declares schema version 3: sealed rows with no personal index, the keyring, the device, the outbox; no people table', async () => {
    const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(3);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['device', 'insurers', 'keyring', 'meta', 'outbox', 'providers', 'sealed', 'settings', 'syncState']);
    expect(db.outbox.schema.primKey.keyPath).toBe('seq');
    expect(db.outbox.schema.indexes).toEqual([]);
    expect(db.syncState.schema.primKey.keyPath).toBe('key');
    expect(db.sealed.schema.primKey.keyPath).toBe('id');
    expect(db.sealed.schema.indexes.map((i) => i.name)).toEqual(['kind']);
    expect(db.keyring.schema.indexes).toEqual([]);
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(['device', 'insurers', 'keyring', 'meta', 'outbox', 'providers', 'sealed', 'settings', 'syncState']);
    db.close();
  });

  it('upgrades a version 1 database: the plaintext people and their fetch info go, offices and settings stay', async () => {
    const indexedDB = new IDBFactory();
    // The schema version 1 builds shipped, with a person stored in the clear.
    const v1 = new Dexie('tsunagi', { indexedDB, IDBKeyRange });
    v1.version(1).stores({
      people: '[insurerNumber+insuredNumber], nameKana, insuredNumber, insurerNumber, careLevel, *providerNumbers',
      insurers: 'insurerNumber',
      providers: 'providerNumber',
      settings: 'key',
      meta: 'providerNumber',
    });
    const record = makeInsuredRecord({ insuredNumber: '9876543210', name: '梅ヶ丘 鶴子', nameKana: 'ウメガオカ ツルコ' });
    await v1.table('people').put({ insurerNumber: '131016', insuredNumber: '9876543210', nameKana: 'ウメガオカ ツルコ', careLevel: 'care2', providerNumbers: ['1310100001'], record });
    await v1.table('insurers').put(TEST_INSURER);
    await v1.table('providers').put(makeProvider('1310100001'));
    await v1.table('settings').put({ key: 'officeProviderNumber', value: '1310100001' });
    await v1.table('meta').put({ providerNumber: '1310100001', fetchedAt: '2025-09-01T00:00:00Z', receivedAt: '2025-09-01T00:00:01Z', peopleCount: 1 });
    expect(await findCanaries(v1, ['梅ヶ丘 鶴子', '9876543210'])).toEqual(['people: 梅ヶ丘 鶴子', 'people: 9876543210']);
    v1.close();

    const db = createTsunagiDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.outbox.count()).toBe(0);
    expect([...db.backendDB().objectStoreNames]).not.toContain('people');
    expect(await findCanaries(db, ['梅ヶ丘 鶴子', 'ウメガオカ', '9876543210'])).toEqual([]);
    expect(await db.meta.count()).toBe(0);
    expect(await db.settings.get('officeProviderNumber')).toEqual({ key: 'officeProviderNumber', value: '1310100001' });
    expect((await db.providers.toArray()).map((p) => (p as { providerNumber: string }).providerNumber)).toEqual(['1310100001']);
    expect(await db.insurers.count()).toBe(1);
    db.close();
  });

  it('upgrades a version 2 database to 3: sealed rows, keyring and settings stay; the outbox starts empty', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('tsunagi', { indexedDB, IDBKeyRange });
    v2.version(1).stores({ people: '[insurerNumber+insuredNumber]', insurers: 'insurerNumber', providers: 'providerNumber', settings: 'key', meta: 'providerNumber' });
    v2.version(2).stores({ people: null, sealed: 'id, kind', keyring: 'id', device: 'id' });
    const sealed = { id: 'A'.repeat(43), kind: 'person', iv: new Uint8Array(12), data: new Uint8Array([1, 2, 3]) };
    await v2.table('sealed').put(sealed);
    await v2.table('keyring').put({ id: 'pin', wrapped: new Uint8Array([9]) });
    await v2.table('settings').put({ key: 'officeProviderNumber', value: '1310100001' });
    v2.close();

    const db = createTsunagiDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.sealed.toArray()).toEqual([sealed]);
    expect(await db.keyring.count()).toBe(1);
    expect(await db.settings.get('officeProviderNumber')).toEqual({ key: 'officeProviderNumber', value: '1310100001' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.syncState.count()).toBe(0);
    db.close();
  });

  it('opens every read-write transaction over the outbox with strict durability, and no other', async () => {
    const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const seen: string[] = [];
    // Below the durability middleware (lower level = nearer IndexedDB): sees what reaches IndexedDB.
    db.use({
      stack: 'dbcore',
      name: 'test-observe-transactions',
      level: 0,
      create: (down) => ({
        ...down,
        transaction: (stores, mode, options) => {
          seen.push(`${[...stores].sort().join('+')} ${mode} ${options?.durability ?? 'default'}`);
          return down.transaction(stores, mode, options);
        },
      }),
    });
    await db.open();
    seen.length = 0;
    await db.transaction('rw', [db.outbox, db.syncState], async () => {
      await db.outbox.add({ seq: 1, sealed: { id: 'A'.repeat(43), kind: 'outboxMutation', iv: new Uint8Array(12), data: new Uint8Array(1) } });
    });
    await db.settings.put({ key: 'k', value: 1 });
    await db.outbox.count();
    expect(seen).toEqual(['outbox+syncState readwrite strict', 'settings readwrite default', 'outbox readonly default']);
    db.close();
  });
});
