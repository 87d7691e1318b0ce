import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDexieLocalStore } from '../data/dexie-local-store.ts';
import { createTsunagiDb } from '../data/tsunagi-db.ts';
import { openVault } from '../security/vault.ts';
import { makeInsuredRecord } from '../data/insured-record.testing.ts';
import { tombstone, upsert, viewedArgs } from '../data/local-store-contract.testing.ts';
import { createMemoryLocalStore, type MemoryLocalStore } from '../data/memory-local-store.ts';
import type { ApiFetch } from '../auth/api-fetch.ts';
import { createFakeSyncServer, type Fault, type FakeSyncServer } from './fake-sync-server.testing.ts';
import { createSyncEngine, PUSH_PATH, type SyncEngineState } from './sync-engine.ts';

const OFFICE = '1310100001';
const STAFF = 'staff-0001';
const NOW = new Date('2025-09-01T03:00:00.000Z');

async function queue(store: MemoryLocalStore, count: number, firstEntry = 1): Promise<void> {
  for (let i = 0; i < count; i++) await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(firstEntry + i));
}

function setup(options: { pushBatch?: number; pullLimit?: number; server?: FakeSyncServer; apiFetch?: ApiFetch } = {}) {
  const store = createMemoryLocalStore();
  const server = options.server ?? createFakeSyncServer({ office: OFFICE });
  const states: SyncEngineState[] = [];
  const engine = createSyncEngine({
    store,
    apiFetch: options.apiFetch ?? server.apiFetch,
    now: () => NOW,
    onState: (s) => states.push(s),
    ...(options.pushBatch ? { pushBatch: options.pushBatch } : {}),
    ...(options.pullLimit ? { pullLimit: options.pullLimit } : {}),
  });
  return { store, server, engine, states };
}

/** The progress values shown, each once (other state changes repeat the current one). */
const progressShown = (states: SyncEngineState[]) =>
  states.map((s) => s.progress).filter((p, i, all) => p !== null && JSON.stringify(p) !== JSON.stringify(all[i - 1]));
const seqs = (server: FakeSyncServer): number[] => server.processed.map((m) => m.seq);
const people = (n: number) => Array.from({ length: n }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0'), name: `試験 ${i + 1}` }));

describe('sync engine: push', () => {
  it('sends the outbox oldest first in batches and empties it', async () => {
    const { store, server, engine } = setup({ pushBatch: 2 });
    await queue(store, 5);
    const state = await engine.syncNow();
    expect(seqs(server)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.push).toBe(3);
    expect(server.processed[0]).toEqual({ seq: 1, name: 'personViewed', version: 1, staffId: STAFF, args: viewedArgs(1) });
    expect(await store.outboxCount()).toBe(0);
    expect(state).toMatchObject({ running: false, pending: 0, error: null, lastSyncAt: '2025-09-01T03:00:00.000Z', rejected: [] });
    expect((await store.readSyncState()).lastAppliedSeq).toBe(5);
  });

  it('keeps the outbox when the request is lost, and sends each mutation once on the next run', async () => {
    const { store, server, engine } = setup();
    await queue(store, 3);
    server.faults.push.push('lostRequest');
    const failed = await engine.syncNow();
    expect(failed.error?.code).toBe('network');
    expect(failed.error?.messageJa).toContain('接続');
    expect(failed.pending).toBe(3);
    expect(failed.lastSyncAt).toBeNull();
    expect(seqs(server)).toEqual([]);
    const ok = await engine.syncNow();
    expect(ok).toMatchObject({ error: null, pending: 0 });
    expect(seqs(server)).toEqual([1, 2, 3]);
  });

  it('after a lost response, resends: the server answers duplicate and applies nothing twice', async () => {
    const { store, server, engine } = setup();
    await queue(store, 3);
    server.faults.push.push('lostResponse');
    expect((await engine.syncNow()).error?.code).toBe('network');
    expect(seqs(server)).toEqual([1, 2, 3]);
    expect(await store.outboxCount()).toBe(3);
    await queue(store, 1, 4);
    expect((await engine.syncNow()).error).toBeNull();
    expect(seqs(server)).toEqual([1, 2, 3, 4]);
    expect(await store.outboxCount()).toBe(0);
  });

  it('stops on a 500 with the outbox kept and the reason in Japanese and English', async () => {
    const { store, server, engine } = setup();
    await queue(store, 2);
    server.faults.push.push('status500');
    const state = await engine.syncNow();
    expect(state.error).toEqual({
      code: 'http',
      messageJa: 'サーバーがエラーを返したため同期できませんでした。しばらくすると自動で再試行します。',
      messageEn: 'The server returned an error, so sync did not finish. It will retry automatically.',
    });
    expect(state.pending).toBe(2);
    expect((await store.readSyncState()).lastError?.code).toBe('http');
    // The pull is not tried after a failed push.
    expect(server.requests.pull).toBe(0);
  });

  it('resends from the seq a 409 seqGap names', async () => {
    const server = createFakeSyncServer({ office: OFFICE });
    let gapsLeft = 1;
    // The server already applied 1 and 2 but, once, answers as if the batch started after a gap at 3.
    server.lastAppliedSeq = 2;
    const apiFetch: ApiFetch = async (path, init) => {
      if (path === PUSH_PATH && gapsLeft-- > 0) return new Response(JSON.stringify({ code: 'seqGap', message: '抜けがあります', expectedSeq: 3 }), { status: 409 });
      return server.apiFetch(path, init);
    };
    const { store, engine } = setup({ server, apiFetch });
    await queue(store, 4);
    const state = await engine.syncNow();
    expect(state.error).toBeNull();
    expect(seqs(server)).toEqual([3, 4]);
    expect(await store.outboxCount()).toBe(0);
  });

  it('stops with seqGap when the server expects a seq this device no longer holds', async () => {
    const { store, server, engine } = setup();
    await queue(store, 4);
    await store.ackOutbox(2);
    server.lastAppliedSeq = 1;
    const state = await engine.syncNow();
    expect(state.error?.code).toBe('seqGap');
    expect(state.error?.messageJa).toContain('管理者');
    expect((await store.readOutbox(10)).items.map((m) => m.seq)).toEqual([3, 4]);
    expect(seqs(server)).toEqual([]);
  });

  it('refuses to drop anything when the server claims seqs this device never gave out', async () => {
    const { store, server, engine } = setup();
    server.lastAppliedSeq = 10;
    await queue(store, 3);
    const state = await engine.syncNow();
    expect(state.error?.code).toBe('seqGap');
    expect((await store.readOutbox(10)).items.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps rejected mutations with the server reason for the user, and drops them from the outbox', async () => {
    const { store, server, engine } = setup();
    server.rejectWhen = (m) => (m.seq === 2 ? { code: 'personNotServed', message: 'この利用者は事業所の担当ではありません。' } : undefined);
    await queue(store, 3);
    const state = await engine.syncNow();
    expect(state.rejected).toEqual([{ seq: 2, name: 'personViewed', code: 'personNotServed', message: 'この利用者は事業所の担当ではありません。' }]);
    expect(state.pending).toBe(0);
    expect(seqs(server)).toEqual([1, 2, 3]);
    // Kept across a reload until dismissed.
    const reloaded = createSyncEngine({ store, apiFetch: server.apiFetch, now: () => NOW });
    expect((await reloaded.load()).rejected).toHaveLength(1);
    await reloaded.dismissRejected();
    expect((await store.readSyncState()).rejected).toEqual([]);
  });

  it('shares one run between concurrent calls', async () => {
    const { store, server, engine } = setup();
    await queue(store, 1);
    const [a, b] = [engine.syncNow(), engine.syncNow()];
    expect(a).toBe(b);
    await a;
    expect(server.requests.push).toBe(1);
    expect(server.requests.pull).toBe(1);
  });

  it('reports a store that cannot be written (full disk) as quota, with the outbox kept', async () => {
    const { store, engine } = setup();
    await queue(store, 2);
    store.failNextWrite(new DOMException('full', 'QuotaExceededError'));
    const state = await engine.syncNow();
    expect(state.error?.code).toBe('quota');
    expect(await store.outboxCount()).toBe(2);
  });
});

describe('sync engine: pull', () => {
  it('pulls every page of a first sync with progress, then stores people and cursor', async () => {
    const server = createFakeSyncServer({ office: OFFICE, changes: people(5).map(upsert) });
    const { store, engine, states } = setup({ server, pullLimit: 2 });
    const state = await engine.syncNow();
    expect(state.error).toBeNull();
    expect((await store.readPeople(OFFICE)).items).toHaveLength(5);
    expect((await store.readSyncState()).pullCursor).toBe('c5');
    expect(progressShown(states)).toEqual([{ applied: 2, total: 5 }, { applied: 4, total: 5 }, { applied: 5, total: 5 }]);
    expect(state.progress).toBeNull();
    // The next run asks only for what is new: a removal.
    server.changes.push(tombstone(people(1)[0]!));
    await engine.syncNow();
    expect((await store.readPeople(OFFICE)).items).toHaveLength(4);
    expect(states.at(-1)?.progress).toBeNull();
  });

  it('resumes a broken first sync from the last page stored', async () => {
    const server = createFakeSyncServer({ office: OFFICE, changes: people(6).map(upsert) });
    let pulls = 0;
    // The first page arrives, the second request is lost.
    const apiFetch: ApiFetch = async (path, init) => {
      if (path !== PUSH_PATH && ++pulls === 2) throw new TypeError('Failed to fetch');
      return server.apiFetch(path, init);
    };
    const { store, engine, states } = setup({ server, apiFetch, pullLimit: 2 });
    expect((await engine.syncNow()).error?.code).toBe('network');
    expect((await store.readSyncState()).pullCursor).toBe('c2');
    expect((await store.readPeople(OFFICE)).items).toHaveLength(2);
    expect((await engine.syncNow()).error).toBeNull();
    // 1 page before the break, then pages 2 and 3 only: the first page was not fetched again.
    expect(server.requests.pull).toBe(3);
    expect((await store.readPeople(OFFICE)).items).toHaveLength(6);
    // Progress continues across the break in the same page life: 2 of 6, then 4 and 6 of 6.
    expect(progressShown(states)).toEqual([{ applied: 2, total: 6 }, { applied: 4, total: 6 }, { applied: 6, total: 6 }]);
  });

  it('starts over from a snapshot when the server refuses the stored cursor', async () => {
    const server = createFakeSyncServer({ office: OFFICE, changes: people(3).map(upsert) });
    const { store, engine } = setup({ server });
    store.raw.syncState.set('pullCursor', 'cursor-of-an-older-server');
    const state = await engine.syncNow();
    expect(state.error).toBeNull();
    expect(server.requests.pull).toBe(2);
    expect((await store.readSyncState()).pullCursor).toBe('c3');
    expect((await store.readPeople(OFFICE)).items).toHaveLength(3);
  });

  it('refuses a pull page that does not fit the protocol and keeps the cursor', async () => {
    const apiFetch: ApiFetch = async () => new Response(JSON.stringify({ changes: 'everything' }), { status: 200 });
    const { store, engine } = setup({ apiFetch });
    expect((await engine.syncNow()).error?.code).toBe('invalidResponse');
    expect((await store.readSyncState()).pullCursor).toBeNull();
  });

  it('asks the user to sign in again on 401', async () => {
    const apiFetch: ApiFetch = async () => new Response(JSON.stringify({ code: 'sessionRequired', message: 'サインインが必要です' }), { status: 401 });
    const { engine } = setup({ apiFetch });
    expect((await engine.syncNow()).error?.messageJa).toContain('サインインし直してください');
  });
});

describe('sync engine: faults at random (property)', () => {
  it('loses no mutation and applies none twice, whatever requests or responses are lost', async () => {
    const fault = fc.constantFrom<Fault | 'none'>('lostRequest', 'lostResponse', 'status500', 'none');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 6 }),
        fc.array(fault, { maxLength: 12 }),
        fc.array(fault, { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (bursts, pushFaults, pullFaults, pushBatch) => {
          const server = createFakeSyncServer({ office: OFFICE, changes: people(3).map(upsert) });
          const { store, engine } = setup({ server, pushBatch, pullLimit: 1 });
          server.faults.push.push(...pushFaults.filter((f): f is Fault => f !== 'none'));
          server.faults.pull.push(...pullFaults.filter((f): f is Fault => f !== 'none'));
          let queued = 0;
          for (const burst of bursts) {
            await queue(store, burst, queued + 1);
            queued += burst;
            await engine.syncNow();
          }
          // Once the network is good again, a few runs bring everything across.
          for (let i = 0; i < 20 && ((await store.outboxCount()) > 0 || engine.getState().error); i++) await engine.syncNow();
          expect(seqs(server)).toEqual(Array.from({ length: queued }, (_, i) => i + 1));
          expect(server.processed.map((m) => m.args['entryId'])).toEqual(Array.from({ length: queued }, (_, i) => viewedArgs(i + 1)['entryId']));
          expect(await store.outboxCount()).toBe(0);
          expect((await store.readPeople(OFFICE)).items).toHaveLength(3);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('sync engine on the sealed Dexie store', () => {
  it('replays 1,000 queued mutations in two requests and pulls 1,000 people (timed, fake-indexeddb)', async () => {
    const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const store = createDexieLocalStore(db, await openVault(Uint8Array.from({ length: 32 }, (_, i) => i)));
    const server = createFakeSyncServer({ office: OFFICE, changes: people(1_000).map(upsert) });
    const engine = createSyncEngine({ store, apiFetch: server.apiFetch, now: () => NOW });
    const started = performance.now();
    for (let i = 1; i <= 1_000; i++) await store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(i));
    const queued = performance.now();
    const state = await engine.syncNow();
    const synced = performance.now();
    expect(state.error).toBeNull();
    expect(server.requests).toEqual({ push: 2, pull: 2, notices: 1 });
    expect(seqs(server)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(await store.outboxCount()).toBe(0);
    expect((await store.readPeople(OFFICE)).items).toHaveLength(1_000);
    console.info(`fake-indexeddb: enqueue 1,000 one by one ${Math.round(queued - started)} ms; push 1,000 + pull 1,000 people ${Math.round(synced - queued)} ms`);
    db.close();
  }, 60_000);
});
