/**
 * A full disk, as IndexedDB itself reports it: the object store's put/add throws a DOMException named
 * QuotaExceededError once the write budget is spent (below Dexie, so Dexie's own error wrapping is part of what
 * is tested). Whichever write of a transaction hits it, the store reports DataError 'quota' and nothing of that
 * transaction remains: the outbox, the seq counter, the local effect, the people and the pull cursor are exactly
 * as before, and once space returns the next write carries on without a gap.
 */
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openVault } from '../security/vault.ts';
import { DataError } from './data-error.ts';
import { createDexieLocalStore } from './dexie-local-store.ts';
import { makeInsuredRecord } from './insured-record.testing.ts';
import { makePullPage, tombstone, upsert, viewedArgs } from './local-store-contract.testing.ts';
import type { LocalEffect } from './local-store.ts';
import { createTsunagiDb, type TsunagiDb } from './tsunagi-db.ts';

const OFFICE = '1310100001';
const STAFF = 'staff-0001';
const dataKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 5 + 1) & 0xff);
const person = (n: number) => makeInsuredRecord({ insuredNumber: String(n).padStart(10, '0'), name: `試験 ${n}` });

/** Writes IndexedDB still accepts before the disk is full; undefined: unlimited. */
const disk: { writesLeft: number | undefined; refused: number } = { writesLeft: undefined, refused: 0 };
type Store = InstanceType<typeof IDBObjectStore>;
type Write = (this: Store, ...args: unknown[]) => unknown;
const originals = { put: IDBObjectStore.prototype.put as Write, add: IDBObjectStore.prototype.add as Write };

function limited(original: Write): Write {
  return function (this: Store, ...args: unknown[]) {
    if (disk.writesLeft !== undefined) {
      if (disk.writesLeft <= 0) {
        disk.refused++;
        // What Chromium throws when the origin's quota is used up.
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      disk.writesLeft--;
    }
    return original.apply(this, args);
  };
}

beforeEach(() => {
  disk.writesLeft = undefined;
  disk.refused = 0;
  IDBObjectStore.prototype.put = limited(originals.put) as typeof IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.add = limited(originals.add) as typeof IDBObjectStore.prototype.add;
});
afterEach(() => {
  IDBObjectStore.prototype.put = originals.put as typeof IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.add = originals.add as typeof IDBObjectStore.prototype.add;
});

async function openStore() {
  const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  const store = createDexieLocalStore(db, await openVault(dataKey));
  return { db, store };
}

/** Every row of the tables a sync write touches, as stored. */
async function snapshotOf(db: TsunagiDb) {
  return { outbox: await db.outbox.toArray(), syncState: await db.syncState.toArray(), sealed: await db.sealed.toArray(), insurers: await db.insurers.toArray() };
}

const auditEffect = (n: number): LocalEffect => {
  const entry = { entryId: viewedArgs(n)['entryId'] as string, occurredAt: '2025-09-01T00:00:00Z', action: 'person.view' as const, insurerNumber: '131016', insuredNumber: '0000000001' };
  return { puts: [{ kind: 'auditEntry', naturalKey: entry.entryId, value: entry }, { kind: 'auditEntry', naturalKey: `${entry.entryId}-copy`, value: { ...entry } }] };
};

describe('Dexie local store when IndexedDB runs out of space', () => {
  it('enqueueMutation: a full disk at any write of the transaction rejects as quota and leaves outbox, seq and effect as before', async () => {
    const { db, store } = await openStore();
    for (let n = 1; n <= 3; n++) await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(n));
    await store.ackOutbox(1);
    const before = await snapshotOf(db);
    // The enqueue writes 4 rows: the effect's two, the outbox row, the counter. Full after 0, 1, 2 or 3 of them.
    for (let budget = 0; budget < 4; budget++) {
      disk.writesLeft = budget;
      const error = await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(10 + budget), auditEffect(10 + budget)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect(error).toMatchObject({ code: 'quota', messageJa: '端末の保存容量が足りません。不要なデータを削除してください。' });
      disk.writesLeft = undefined;
      expect(await snapshotOf(db)).toEqual(before);
    }
    expect(disk.refused).toBe(4);

    // Space again: the next mutation gets the next seq (no gap, no repeat) with its effect.
    expect(await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(20), auditEffect(20))).toBe(4);
    expect((await store.readOutbox(10)).items.map((m) => [m.seq, m.args['entryId']])).toEqual([
      [2, viewedArgs(2)['entryId']],
      [3, viewedArgs(3)['entryId']],
      [4, viewedArgs(20)['entryId']],
    ]);
    expect(await store.readSyncState()).toMatchObject({ nextSeq: 5, lastAppliedSeq: 1 });
    expect((await store.readPendingAudit(10)).items).toHaveLength(2);
    db.close();
  });

  it('applyPull: a full disk at any write of the page keeps the people and the cursor of the last page stored', async () => {
    const { db, store } = await openStore();
    await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(1));
    await store.applyPull(makePullPage(OFFICE, [upsert(person(1)), upsert(person(2))], 'c2'));
    const before = await snapshotOf(db);
    const page = makePullPage(OFFICE, [tombstone(person(1)), upsert(person(3)), upsert(person(4))], 'c5');
    // The page writes 2 people, the insurer, the office and the cursor (the removal is a delete): 5 writes.
    for (let budget = 0; budget < 5; budget++) {
      disk.writesLeft = budget;
      expect(await store.applyPull(page).catch((e: unknown) => e)).toMatchObject({ code: 'quota' });
      disk.writesLeft = undefined;
      expect(await snapshotOf(db)).toEqual(before);
      expect((await store.readSyncState()).pullCursor).toBe('c2');
    }
    disk.writesLeft = 5;
    await store.applyPull(page);
    expect((await store.readPeople(OFFICE)).items.map((p) => p.insuredNumber).sort()).toEqual(['0000000002', '0000000003', '0000000004']);
    expect(await store.readSyncState()).toMatchObject({ pullCursor: 'c5', nextSeq: 2 });
    expect(await store.outboxCount()).toBe(1);
    db.close();
  });
});
