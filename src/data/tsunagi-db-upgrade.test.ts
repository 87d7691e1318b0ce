/**
 * Schema upgrades never lose queued mutations or the sync bookkeeping: a database of the current version with
 * an outbox and a pull cursor is opened by a build that declares one more version (the way the next one will
 * be added to tsunagi-db.ts, with an upgrade that rewrites another table), in the same tab and while another
 * tab still has the old version open; and an older database (version 2, before the outbox) gets one that
 * starts at seq 1.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openVault, type Vault } from '../security/vault.ts';
import { createDexieLocalStore } from './dexie-local-store.ts';
import { makeInsuredRecord, makeProvider, makeSnapshot, TEST_INSURER } from './insured-record.testing.ts';
import { makePullPage, upsert, viewedArgs } from './local-store-contract.testing.ts';
import type { LocalStore } from './local-store.ts';
import { personNaturalKey, toStoredPerson } from './stored-rows.ts';
import { createTsunagiDb, type TsunagiDb } from './tsunagi-db.ts';

const OFFICE = '1310100001';
const STAFF = 'staff-0001';
const RECEIVED = new Date('2025-09-01T00:00:00Z');
const dataKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);
const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' });
const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎' });

/** Settles at once (a rejection is handled as soon as it happens). */
const settled = <T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> =>
  promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

/** The version this build ships (read from the schema, so a new version needs no edit here). */
async function shippedVersion(): Promise<number> {
  const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const version = db.verno;
  db.close();
  return version;
}

/**
 * This build's schema plus the next version, declared as a future build will: a new table, and an upgrade that
 * rewrites every settings row (wrapping its value) — a change to another table than the outbox's.
 */
function openWithNextVersion(indexedDB: InstanceType<typeof IDBFactory>, next: number, options: { onVersionChange?: () => void } = {}): TsunagiDb {
  const db = createTsunagiDb({ indexedDB, IDBKeyRange, ...options });
  db.version(next)
    .stores({ drafts: 'id' })
    .upgrade((tx) =>
      tx
        .table('settings')
        .toCollection()
        .modify((row: { key: string; value: unknown }) => {
          row.value = { wrapped: row.value };
        }),
    );
  return db;
}

/** A device with work in flight: 5 mutations queued (2 acknowledged), a pulled page, the sync time. */
async function deviceWithPendingWork(db: TsunagiDb, vault: Vault): Promise<LocalStore> {
  const store = createDexieLocalStore(db, vault);
  await store.writeSetting('officeProviderNumber', OFFICE);
  for (let n = 1; n <= 5; n++) await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(n));
  await store.ackOutbox(2);
  await store.applyPull(makePullPage(OFFICE, [upsert(hanako), upsert(taro)], 'c7'));
  await store.writeSyncState({ lastSyncAt: '2025-09-01T00:10:00.000Z' });
  return store;
}

describe('Dexie schema upgrades with pending mutations', () => {
  it('opening the next version keeps every outbox row, the seq counter and the pull cursor; the next seq follows on', async () => {
    const indexedDB = new IDBFactory();
    const vault = await openVault(dataKey);
    const current = await shippedVersion();
    const old = createTsunagiDb({ indexedDB, IDBKeyRange });
    await deviceWithPendingWork(old, vault);
    const outboxBefore = await old.outbox.toArray();
    const syncStateBefore = await old.syncState.toArray();
    expect(outboxBefore.map((row) => row.seq)).toEqual([3, 4, 5]);
    old.close();

    const db = openWithNextVersion(indexedDB, current + 1);
    await db.open();
    expect(db.verno).toBe(current + 1);
    // The upgrade ran (the setting was rewritten) and the outbox and sync state are byte for byte as before.
    expect(await db.settings.get('officeProviderNumber')).toEqual({ key: 'officeProviderNumber', value: { wrapped: OFFICE } });
    expect(await db.outbox.toArray()).toEqual(outboxBefore);
    expect(await db.syncState.toArray()).toEqual(syncStateBefore);

    const store = createDexieLocalStore(db, vault);
    expect((await store.readOutbox(10)).items.map((m) => [m.seq, m.args['entryId']])).toEqual([3, 4, 5].map((seq) => [seq, viewedArgs(seq)['entryId']]));
    expect(await store.readSyncState()).toMatchObject({ nextSeq: 6, lastAppliedSeq: 2, pullCursor: 'c7', lastSyncAt: '2025-09-01T00:10:00.000Z' });
    expect((await store.readPeople(OFFICE)).items.map((p) => p.identity.name).sort()).toEqual(['見本 太郎', '試験 花子']);
    expect(await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(6))).toBe(6);
    expect((await store.readOutbox(10)).items.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    db.close();
  });

  it('another tab still on the old version closes for the upgrade: every enqueue either lands before it or fails as databaseClosed, none is lost', async () => {
    const indexedDB = new IDBFactory();
    const vault = await openVault(dataKey);
    const current = await shippedVersion();
    let told = 0;
    const oldTab = createTsunagiDb({ indexedDB, IDBKeyRange, onVersionChange: () => told++ });
    const oldStore = await deviceWithPendingWork(oldTab, vault);

    // The old tab keeps queueing, one write per turn of the event loop, while the new build opens the next
    // version in another tab after the fourth.
    const racing: Promise<PromiseSettledResult<number>>[] = [];
    const newTab = openWithNextVersion(indexedDB, current + 1);
    let opened: Promise<unknown> | undefined;
    for (let i = 0; i < 12; i++) {
      if (i === 4) {
        await racing[0];
        opened = newTab.open();
      }
      racing.push(settled(oldStore.enqueueMutation('personViewed', 1, STAFF, viewedArgs(100 + i))));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await opened;
    racing.push(settled(oldStore.enqueueMutation('personViewed', 1, STAFF, viewedArgs(112))));
    const outcomes = await Promise.all(racing);

    expect(told).toBe(1);
    expect(oldTab.isOpen()).toBe(false);
    const landed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    // Both happen: the first lands before the upgrade starts, the last is queued after it finished.
    expect(landed.length).toBeGreaterThan(0);
    expect(landed.length).toBeLessThan(outcomes.length);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'databaseClosed' });
    // Whatever the timing, the new tab holds exactly the queued mutations the old tab was told were stored.
    const newStore = createDexieLocalStore(newTab, vault);
    const queued = (await newStore.readOutbox(100)).items;
    expect(queued.map((m) => m.seq)).toEqual([3, 4, 5, ...landed.sort((a, b) => a - b)]);
    expect(landed).toEqual(Array.from({ length: landed.length }, (_, i) => 6 + i));
    for (const m of queued.slice(3)) expect(m.args['entryId']).toBe(viewedArgs(100 + outcomes.findIndex((o) => o.status === 'fulfilled' && o.value === m.seq))['entryId']);
    expect((await newStore.readSyncState()).pullCursor).toBe('c7');
    expect(await newStore.enqueueMutation('personViewed', 1, STAFF, viewedArgs(200))).toBe(6 + landed.length);

    // The old tab writes nothing more after it closed.
    expect(await oldStore.enqueueMutation('personViewed', 1, STAFF, viewedArgs(300)).catch((e: unknown) => e)).toMatchObject({ code: 'databaseClosed' });
    expect(await newTab.outbox.count()).toBe(3 + landed.length + 1);
    newTab.close();
  });

  it('upgrades a version 2 database with sealed people to the current version: people readable, outbox empty, seq starts at 1', async () => {
    const indexedDB = new IDBFactory();
    const vault = await openVault(dataKey);
    // The schema version 2 builds shipped (personal data sealed, no outbox yet), with an office's people.
    const v2 = new Dexie('tsunagi', { indexedDB, IDBKeyRange });
    v2.version(1).stores({ people: '[insurerNumber+insuredNumber]', insurers: 'insurerNumber', providers: 'providerNumber', settings: 'key', meta: 'providerNumber' });
    v2.version(2).stores({ people: null, sealed: 'id, kind', keyring: 'id', device: 'id' });
    for (const record of [hanako, taro]) await v2.table('sealed').put(await vault.seal('person', personNaturalKey(record), toStoredPerson(record, [OFFICE])));
    await v2.table('insurers').put(TEST_INSURER);
    await v2.table('providers').put(makeProvider(OFFICE));
    await v2.table('settings').put({ key: 'officeProviderNumber', value: OFFICE });
    await v2.table('keyring').put({ id: 'pin', wrapped: new Uint8Array([9]) });
    v2.close();

    const db = createTsunagiDb({ indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(await shippedVersion());
    const store = createDexieLocalStore(db, vault);
    expect((await store.readPeople(OFFICE)).items.map((p) => p.identity.name).sort()).toEqual(['見本 太郎', '試験 花子']);
    expect(await store.readSetting('officeProviderNumber')).toBe(OFFICE);
    expect(await db.keyring.count()).toBe(1);
    expect(await store.outboxCount()).toBe(0);
    expect(await store.readSyncState()).toMatchObject({ nextSeq: 1, lastAppliedSeq: 0, pullCursor: null });
    expect(await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(1))).toBe(1);
    expect(await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(2))).toBe(2);
    // The stored people are the base the first pull merges into.
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE, [hanako]), RECEIVED);
    expect((await store.readPeople(OFFICE)).items.map((p) => p.identity.name)).toEqual(['試験 花子']);
    db.close();
  });
});
