import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../data/insured-record.testing.ts';
import { makeNotice, upsert } from '../data/local-store-contract.testing.ts';
import { createMemoryLocalStore } from '../data/memory-local-store.ts';
import { noticeAcknowledgementNaturalKey, type StoredNoticeAcknowledgement } from '../data/stored-rows.ts';
import { createFakeSyncServer, type FakeSyncServer } from './fake-sync-server.testing.ts';
import { createSyncEngine } from './sync-engine.ts';

const OFFICE = '1310100001';
const STAFF = 'staff-0001';
const NOW = new Date('2026-07-12T03:00:00.000Z');

function setup(server: FakeSyncServer = createFakeSyncServer({ office: OFFICE, changes: [upsert(makeInsuredRecord({ insuredNumber: '0000000001' }))] })) {
  const store = createMemoryLocalStore();
  const engine = createSyncEngine({ store, apiFetch: server.apiFetch, now: () => NOW, pullLimit: 2 });
  return { store, server, engine };
}

const eventIds = async (store: ReturnType<typeof createMemoryLocalStore>): Promise<number[]> =>
  (await store.readNotices()).notices.map((n) => n.eventId).sort((a, b) => a - b);

describe('sync engine: notices', () => {
  it('pulls notices page by page after the people, stores the cursor, and the next run starts from it', async () => {
    const { store, server, engine } = setup();
    server.notices.push(makeNotice(3), makeNotice(5), makeNotice(8));
    const state = await engine.syncNow();
    expect(state.error).toBeNull();
    expect((await store.readPeople(OFFICE)).items).toHaveLength(1);
    expect(await eventIds(store)).toEqual([3, 5, 8]);
    // Two per page: (null) → 3,5 → 8.
    expect(server.noticeCursors).toEqual([null, { eventId: 5, ackSeq: 0 }]);
    expect((await store.readSyncState()).noticeCursor).toEqual({ eventId: 8, ackSeq: 0 });
    server.notices.push(makeNotice(9));
    await engine.syncNow();
    expect(server.noticeCursors.at(-1)).toEqual({ eventId: 8, ackSeq: 0 });
    expect(await eventIds(store)).toEqual([3, 5, 8, 9]);
  });

  it('finishes quietly without notices when the server predates them (404)', async () => {
    const { store, server, engine } = setup();
    server.noticesSupported = false;
    const state = await engine.syncNow();
    expect(state).toMatchObject({ error: null, lastSyncAt: NOW.toISOString() });
    expect((await store.readPeople(OFFICE)).items).toHaveLength(1);
    expect((await store.readSyncState()).noticeCursor).toBeNull();
  });

  it('stops on a 500 with the people stored and the notice cursor kept, and resumes from it', async () => {
    const { store, server, engine } = setup();
    server.notices.push(makeNotice(1), makeNotice(2), makeNotice(3));
    server.faults.notices.push('lostResponse' as const);
    // Lost after the server answered: nothing stored, the same page is asked for again.
    expect((await engine.syncNow()).error?.code).toBe('network');
    expect((await store.readSyncState()).noticeCursor).toBeNull();
    expect((await store.readPeople(OFFICE)).items).toHaveLength(1);
    server.faults.notices.push('status500', 'status500');
    await engine.syncNow();
    const failed = await engine.syncNow();
    expect(failed.error?.code).toBe('http');
    expect(await eventIds(store)).toEqual([]);
    const ok = await engine.syncNow();
    expect(ok.error).toBeNull();
    expect(await eventIds(store)).toEqual([1, 2, 3]);
  });

  it('refuses a notices page that does not fit the protocol and keeps the cursor', async () => {
    const { store, engine } = setup(
      createFakeSyncServer({ office: OFFICE }),
    );
    const broken = createSyncEngine({
      store,
      now: () => NOW,
      apiFetch: async (path, init) => {
        if (path.endsWith('/notices')) return new Response(JSON.stringify({ notices: [{ eventId: 'one' }], acknowledgements: [], cursor: { eventId: 1, ackSeq: 0 }, hasMore: false }), { status: 200 });
        return createFakeSyncServer({ office: OFFICE }).apiFetch(path, init);
      },
    });
    expect((await broken.syncNow()).error?.code).toBe('invalidResponse');
    expect((await store.readSyncState()).noticeCursor).toBeNull();
    expect((await engine.syncNow()).error).toBeNull();
  });

  it('starts the notices over when the server refuses the stored cursor (400)', async () => {
    const { store, server, engine } = setup();
    server.notices.push(makeNotice(1));
    await engine.syncNow();
    // A cursor past everything the server knows of (e.g. its data were restored from an older backup).
    await store.applyNoticesPull({ notices: [], acknowledgements: [], cursor: { eventId: 1, ackSeq: 0 }, hasMore: false });
    const refusing = createSyncEngine({
      store,
      now: () => NOW,
      apiFetch: async (path, init) => {
        const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { cursor?: unknown }) : {};
        if (path.endsWith('/notices') && body.cursor !== null) return new Response('{"code":"invalidRequest","message":"cursor"}', { status: 400 });
        return server.apiFetch(path, init);
      },
    });
    expect((await refusing.syncNow()).error).toBeNull();
    expect(server.noticeCursors.at(-1)).toBeNull();
    expect((await store.readSyncState()).noticeCursor).toEqual({ eventId: 1, ackSeq: 0 });
  });

  it('stops instead of looping when the server says there is more but the cursor does not move', async () => {
    const { store } = setup();
    await store.applyNoticesPull({ notices: [], acknowledgements: [], cursor: { eventId: 4, ackSeq: 0 }, hasMore: false });
    let asked = 0;
    const stuck = createSyncEngine({
      store,
      now: () => NOW,
      apiFetch: async (path, init) => {
        if (!path.endsWith('/notices')) return createFakeSyncServer({ office: OFFICE }).apiFetch(path, init);
        asked++;
        return new Response(JSON.stringify({ notices: [], acknowledgements: [], cursor: { eventId: 4, ackSeq: 0 }, hasMore: true }), { status: 200 });
      },
    });
    expect((await stuck.syncNow()).error?.code).toBe('invalidResponse');
    expect(asked).toBe(1);
  });

  it('an acknowledgement made offline is pushed once, and the pulled one replaces the local copy', async () => {
    const { store, server, engine } = setup();
    server.notices.push(makeNotice(7));
    await engine.syncNow();
    const local: StoredNoticeAcknowledgement = {
      ackSeq: null,
      eventId: 7,
      providerNumber: OFFICE,
      staffId: STAFF,
      staffName: '試験 ヘルパー',
      acknowledgedAt: '2026-07-12T02:00:00.000Z',
    };
    server.faults.push.push('lostRequest');
    await store.enqueueMutation('noticeAcknowledged', 1, STAFF, { eventId: 7, acknowledgedAt: local.acknowledgedAt }, {
      puts: [{ kind: 'noticeAcknowledgement', naturalKey: noticeAcknowledgementNaturalKey(local), value: local }],
    });
    expect((await engine.syncNow()).error?.code).toBe('network');
    expect((await store.readNotices()).acknowledgements).toEqual([local]);
    expect((await engine.syncNow()).error).toBeNull();
    expect(server.processed.map((m) => [m.seq, m.name, m.args])).toEqual([[1, 'noticeAcknowledged', { eventId: 7, acknowledgedAt: '2026-07-12T02:00:00.000Z' }]]);
    expect((await store.readNotices()).acknowledgements).toEqual([{ ...local, ackSeq: 1 }]);
    expect((await store.readSyncState()).noticeCursor).toEqual({ eventId: 7, ackSeq: 1 });
  });
});
