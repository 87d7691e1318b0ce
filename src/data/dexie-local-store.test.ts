import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openVault } from '../security/vault.ts';
import { createDexieLocalStore, SNAPSHOT_CHUNK } from './dexie-local-store.ts';
import { makeAcknowledgement, makeNotice, makeNoticesPage, makePullPage, tombstone, upsert, viewedArgs } from './local-store-contract.testing.ts';
import { describeLocalStoreContract } from './local-store-contract.testing.ts';
import { makeInsuredRecord, makeSnapshot } from './insured-record.testing.ts';
import { findCanaries } from './sealed-canary-scan.testing.ts';
import { personNaturalKey } from './stored-rows.ts';
import { createTsunagiDb } from './tsunagi-db.ts';

const OFFICE_A = '1310100001';
const OFFICE_B = '1310100002';
const RECEIVED = new Date('2025-09-01T00:00:00Z');
const testDataKey = (seed = 1) => Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + seed) & 0xff);

/** A fresh fake IndexedDB per test, with a Dexie middleware that can make the next mutation fail. */
function openTestDb(options: { onVersionChange?: () => void; indexedDB?: InstanceType<typeof IDBFactory> } = {}) {
  const indexedDB = options.indexedDB ?? new IDBFactory();
  const db = createTsunagiDb({ indexedDB, IDBKeyRange, ...(options.onVersionChange ? { onVersionChange: options.onVersionChange } : {}) });
  // `table` limits the failure to writes to that table (the writes before it in the transaction succeed).
  const failure: { next: Error | undefined; table?: string } = { next: undefined };
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
            if (error && (failure.table === undefined || failure.table === name)) {
              failure.next = undefined;
              failure.table = undefined;
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

describeLocalStoreContract('Dexie on fake-indexeddb, people sealed', async () => {
  const { db, failure } = openTestDb();
  await db.open();
  const vault = await openVault(testDataKey());
  return {
    store: createDexieLocalStore(db, vault),
    async plantRawPerson(row) {
      await db.sealed.put(await vault.seal('person', personNaturalKey(row), row));
    },
    async plantRawNoticeRow(kind, naturalKey, row) {
      await db.sealed.put(await vault.seal(kind, naturalKey, row));
    },
    failNextWriteWithQuota() {
      failure.next = new DOMException('full', 'QuotaExceededError');
    },
    async close() {
      db.close();
    },
  };
});

describe('Dexie local store, sealed', () => {
  it('writes a snapshot larger than one chunk and reports progress chunk by chunk', async () => {
    const { db } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    const total = SNAPSHOT_CHUNK * 2 + 7;
    const people = Array.from({ length: total }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0') }));
    const progress: number[] = [];
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, people), RECEIVED, (p) => progress.push(p.written));
    expect(progress).toEqual([0, SNAPSHOT_CHUNK, SNAPSHOT_CHUNK * 2, total]);
    expect((await store.readPeople(OFFICE_A)).items).toHaveLength(total);
    expect(await db.sealed.count()).toBe(total);
    db.close();
  });

  it('leaves no name, insured number or audited number readable anywhere in the database', async () => {
    const { db } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    const canaries = ['梅ヶ丘 鶴子', 'ウメガオカ ツルコ', '9876543210', '東京都千代田区試験町1-1'];
    const person = makeInsuredRecord({ insuredNumber: '9876543210', name: '梅ヶ丘 鶴子', nameKana: 'ウメガオカ ツルコ' });
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [person, makeInsuredRecord({ insuredNumber: '0000000002' })]), RECEIVED);
    await store.recordAudit([
      { entryId: '00000000-0000-4000-8000-000000000001', occurredAt: '2025-09-01T00:00:00Z', action: 'person.view', insurerNumber: '131016', insuredNumber: '9876543210' },
    ]);
    await store.applyNoticesPull(makeNoticesPage([makeNotice(1, '9876543210')], [{ ...makeAcknowledgement(1, 1), staffName: '梅ヶ丘 鶴子' }], { eventId: 1, ackSeq: 1 }));
    expect((await store.readPeople(OFFICE_A)).items.map((p) => p.identity.name)).toContain('梅ヶ丘 鶴子');
    expect((await store.readNotices()).notices.map((n) => n.insuredNumber)).toEqual(['9876543210']);
    expect(await findCanaries(db, canaries)).toEqual([]);
    // The scan does find a canary stored in the clear (in a string, and in bytes).
    await db.settings.put({ key: 'probe', value: { note: new TextEncoder().encode('x 9876543210 x') } });
    expect(await findCanaries(db, canaries)).toEqual(['settings: 9876543210']);
    db.close();
  });

  it('skips a row that does not open (moved to another id, or sealed by another key) and drops it at the next snapshot', async () => {
    const { db } = openTestDb();
    const vault = await openVault(testDataKey());
    const store = createDexieLocalStore(db, vault);
    const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' });
    const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎' });
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED);
    const hanakoRow = await db.sealed.get(await vault.rowId('person', '131016-0000000001'));
    const taroId = await vault.rowId('person', '131016-0000000002');
    // Someone with database access puts Hanako's ciphertext under Taro's id: it must not show as Taro.
    await db.sealed.put({ ...hanakoRow!, id: taroId });
    const stranger = await openVault(testDataKey(2));
    await db.sealed.put(await stranger.seal('person', '131016-0000000003', { insurerNumber: '131016', insuredNumber: '0000000003', providerNumbers: [OFFICE_A], record: hanako }));

    const people = await store.readPeople(OFFICE_A);
    expect(people.items.map((p) => p.identity.name)).toEqual(['試験 花子']);
    expect(people.skipped).toBe(2);
    expect(people.problems).toEqual(['(sealed)']);

    await store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako]), RECEIVED);
    expect(await store.readPeople(OFFICE_A)).toMatchObject({ skipped: 0, items: [{ insuredNumber: '0000000001' }] });
    expect(await db.sealed.count()).toBe(1);
    db.close();
  });

  it('merges two offices saved at the same time from two tabs: the later write starts over from fresh rows', async () => {
    const { db, indexedDB } = openTestDb();
    const other = createTsunagiDb({ indexedDB, IDBKeyRange });
    const vault = await openVault(testDataKey());
    const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' });
    const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎' });
    const jiro = makeInsuredRecord({ insuredNumber: '0000000003', name: '仮名 次郎' });
    await Promise.all([
      createDexieLocalStore(db, vault).saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED),
      createDexieLocalStore(other, vault).saveOfficeSnapshot(makeSnapshot(OFFICE_B, [taro, jiro]), RECEIVED),
    ]);
    const store = createDexieLocalStore(db, vault);
    expect((await store.readPeople(OFFICE_A)).items.map((p) => p.insuredNumber).sort()).toEqual(['0000000001', '0000000002']);
    expect((await store.readPeople(OFFICE_B)).items.map((p) => p.insuredNumber).sort()).toEqual(['0000000002', '0000000003']);
    expect(await db.sealed.count()).toBe(3);
    db.close();
    other.close();
  });

  it('stores and reads back 10,000 people (timed: sealing and opening run in parallel batches)', async () => {
    const { db } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    const people = Array.from({ length: 10_000 }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0') }));
    const started = performance.now();
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, people), RECEIVED);
    const saved = performance.now();
    const read = await store.readPeople(OFFICE_A);
    const done = performance.now();
    expect(read.items).toHaveLength(10_000);
    expect(read.skipped).toBe(0);
    console.info(`10,000 people on fake-indexeddb: save ${Math.round(saved - started)} ms, read ${Math.round(done - saved)} ms`);
    db.close();
  }, 120_000);

  it('closes and tells the app when another tab opens a newer version', async () => {
    let told = 0;
    const { db, indexedDB } = openTestDb({ onVersionChange: () => told++ });
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    await store.writeSetting('officeProviderNumber', OFFICE_A);

    // What a newer build in another tab does: open the same database at the version after this build's.
    const newer = new Dexie('tsunagi', { indexedDB, IDBKeyRange });
    newer.version(3).stores({ settings: 'key' });
    newer.version(4).stores({ settings: 'key', drafts: 'id' });
    await newer.open();

    expect(told).toBe(1);
    expect(db.isOpen()).toBe(false);
    const afterwards = await store.readSetting('officeProviderNumber').catch((e: unknown) => e);
    expect(afterwards).toMatchObject({ code: 'databaseClosed' });
    newer.close();
  });

  it('continues the outbox seq after the database is closed and opened again', async () => {
    const { db, indexedDB } = openTestDb();
    const vault = await openVault(testDataKey());
    const store = createDexieLocalStore(db, vault);
    expect(await store.enqueueMutation('personViewed', 1, 'staff-1', viewedArgs(1))).toBe(1);
    expect(await store.enqueueMutation('personViewed', 1, 'staff-1', viewedArgs(2))).toBe(2);
    await store.ackOutbox(2);
    db.close();
    const reopened = createTsunagiDb({ indexedDB, IDBKeyRange });
    const again = createDexieLocalStore(reopened, vault);
    expect(await again.enqueueMutation('personViewed', 1, 'staff-1', viewedArgs(3))).toBe(3);
    expect((await again.readOutbox(10)).items.map((m) => m.args['entryId'])).toEqual([viewedArgs(3)['entryId']]);
    reopened.close();
  });

  it('never gives one seq twice to two connections (two tabs) queueing at the same time', async () => {
    const { db, indexedDB } = openTestDb();
    const other = createTsunagiDb({ indexedDB, IDBKeyRange });
    const vault = await openVault(testDataKey());
    const a = createDexieLocalStore(db, vault);
    const b = createDexieLocalStore(other, vault);
    const seqs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).enqueueMutation('personViewed', 1, 'staff-1', viewedArgs(i + 1))));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const queued = await a.readOutbox(100);
    expect(queued.items.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each seq carries the mutation queued under it.
    for (const [i, seq] of seqs.entries()) expect(queued.items[seq - 1]?.args['entryId']).toBe(viewedArgs(i + 1)['entryId']);
    db.close();
    other.close();
  });

  it('rolls the local effect back when the outbox row cannot be written', async () => {
    const { db, failure } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    const entry = { entryId: '00000000-0000-4000-8000-000000000001', occurredAt: '2025-09-01T00:00:00Z', action: 'person.view' as const, insurerNumber: '131016', insuredNumber: '0000000001' };
    failure.table = 'outbox';
    failure.next = new DOMException('full', 'QuotaExceededError');
    const error = await store.enqueueMutation('personViewed', 1, 'staff-1', viewedArgs(1), { puts: [{ kind: 'auditEntry', naturalKey: entry.entryId, value: entry }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota' });
    expect(await db.sealed.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.syncState.count()).toBe(0);
    db.close();
  });

  it('keeps outbox mutations sealed: no insured number or staff id in the clear', async () => {
    const { db } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    await store.enqueueMutation('personViewed', 1, 'staff-canary-7', { ...viewedArgs(1), insuredNumber: '9876543210' });
    expect(await findCanaries(db, ['9876543210', 'staff-canary-7'])).toEqual([]);
    expect((await store.readOutbox(1)).items[0]?.args['insuredNumber']).toBe('9876543210');
    db.close();
  });

  it('leaves people and cursor as before when a pull page fails after its people were written', async () => {
    const { db, failure } = openTestDb();
    const store = createDexieLocalStore(db, await openVault(testDataKey()));
    const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' });
    const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎' });
    await store.applyPull(makePullPage(OFFICE_A, [upsert(hanako)], 'c1'));
    // The cursor is the last write of the page: failing it means people were already put in the transaction.
    failure.table = 'syncState';
    failure.next = new Error('disk went away');
    const error = await store.applyPull(makePullPage(OFFICE_A, [upsert(taro), tombstone(hanako)], 'c2')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage' });
    expect((await store.readPeople(OFFICE_A)).items.map((p) => p.identity.name)).toEqual(['試験 花子']);
    expect((await store.readSyncState()).pullCursor).toBe('c1');
    db.close();
  });
});
