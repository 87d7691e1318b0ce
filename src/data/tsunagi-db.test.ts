import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { makeInsuredRecord, makeProvider, TEST_INSURER } from './insured-record.testing.ts';
import { findCanaries } from './sealed-canary-scan.testing.ts';
import { createTsunagiDb } from './tsunagi-db.ts';

describe('Dexie database tsunagi', () => {
  it('declares schema version 2: sealed rows with no personal index, the keyring, the device; no people table', async () => {
    const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(2);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['device', 'insurers', 'keyring', 'meta', 'providers', 'sealed', 'settings']);
    expect(db.sealed.schema.primKey.keyPath).toBe('id');
    expect(db.sealed.schema.indexes.map((i) => i.name)).toEqual(['kind']);
    expect(db.keyring.schema.indexes).toEqual([]);
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(['device', 'insurers', 'keyring', 'meta', 'providers', 'sealed', 'settings']);
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
    expect(db.verno).toBe(2);
    expect([...db.backendDB().objectStoreNames]).not.toContain('people');
    expect(await findCanaries(db, ['梅ヶ丘 鶴子', 'ウメガオカ', '9876543210'])).toEqual([]);
    expect(await db.meta.count()).toBe(0);
    expect(await db.settings.get('officeProviderNumber')).toEqual({ key: 'officeProviderNumber', value: '1310100001' });
    expect((await db.providers.toArray()).map((p) => (p as { providerNumber: string }).providerNumber)).toEqual(['1310100001']);
    expect(await db.insurers.count()).toBe(1);
    db.close();
  });
});
