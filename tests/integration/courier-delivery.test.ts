/**
 * The service worker's courier end to end, minus the browser: the tablet's real store (Dexie on
 * fake-indexeddb, vault-sealed outbox) queues mutations with envelopes under the courier key its sign-in
 * brought, and `deliverOutbox` (what sw/sw.ts runs on a `sync` event) delivers them to the real server app,
 * with only the device key. Exactly once, mixed with the page's own push, and stopping where it must.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDexieLocalStore } from '../../src/data/dexie-local-store.ts';
import type { LocalStore } from '../../src/data/local-store.ts';
import type { TsunagiDb } from '../../src/data/tsunagi-db.ts';
import type { InsuredRecordContent } from '../../src/domain/index.ts';
import { DEVICE_STATUS_PATH } from '../../src/protocol/auth.ts';
import { COURIER_PUSH_PATH } from '../../src/protocol/courier.ts';
import { toBase64Url } from '../../src/security/base64url.ts';
import type { Vault } from '../../src/security/vault.ts';
import { randomBytes } from '../../src/security/web-crypto.ts';
import { deliverOutbox } from '../../src/sync/courier-delivery.ts';
import { createSyncEngine, type SyncEngineDeps } from '../../src/sync/sync-engine.ts';
import type { PersonChange } from '../../src/protocol/sync.ts';
import { savePaperEntry } from '../../src/ui/paper/save-paper-entry.ts';
import { createApp } from '../../server/app.ts';
import { retireStaff } from '../../server/auth/staff-store.ts';
import type { Database } from '../../server/db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../../server/db/test-databases.testing.ts';
import { applyFeed } from '../../server/feeds/apply-feed.ts';
import { readLastAppliedSeq } from '../../server/sync/device-sync-state-store.ts';
import { deviceEntries } from '../../server/sync/sync-fixtures.testing.ts';
import { captureLogger } from '../../server/testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, insuredNumberOf, link, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../../server/testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../../server/testing/signed-client.testing.ts';
import { enrolledTabletStore, type EnrolledTablet } from '../fixtures/enrolled-tablet-store.ts';

const CM = STAFF.officeCareManager.staffId;
const [pglite] = testDatabaseFactories();

describe('courier delivery (tablet store → server app, device key only)', () => {
  let serverDb: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let client: SignedClient;
  let people: InsuredRecordContent[];
  let db: TsunagiDb;
  let vault: Vault;
  let tablet: EnrolledTablet;
  let store: LocalStore;
  /** Every request the courier made. */
  let requests: { path: string; authorization: string | null }[];

  beforeAll(async () => {
    if (!pglite) throw new Error('no test database');
    ({ db: serverDb, dispose } = await openMigrated(pglite));
  });
  afterAll(async () => dispose());

  beforeEach(async () => {
    await resetDatabase(serverDb);
    await loadOrganisations(serverDb);
    await loadStaff(serverDb);
    app = createApp({ db: serverDb, logger: captureLogger().logger, clock: fixedClock });
    client = await enrollDevice(app, serverDb, CM, fixedClock);
    people = [1, 2, 3].map((n) => makeRecord(insuredNumberOf(n)));
    const file = makeFeed(people);
    expect(await applyFeed(serverDb, file, feedMeta(file, 'feed.json'), fixedClock)).toMatchObject({ status: 'applied' });
    await link(serverDb, OFFICE.providerNumber, people);

    // The tablet: its device row holds the enrolled key, non-extractable as the app keeps it.
    tablet = await enrolledTabletStore(client, OFFICE.providerNumber, CM, fixedClock());
    ({ db, vault } = tablet);
    store = createDexieLocalStore(db, vault, { now: fixedClock });
    requests = [];
  });

  const keepCourierKey = () => tablet.keepCourierKey();
  /** The page's sync engine, signed in as the care manager. */
  const pageEngine = (extra: Partial<SyncEngineDeps> = {}) =>
    createSyncEngine({ store, apiFetch: (path, init) => client.request(path, { json: JSON.parse(String(init?.body)) }), now: fixedClock, ...extra });
  const removedBy = (into: string[]) => (changes: readonly PersonChange[]) => into.push(...changes.map((c) => (c.op === 'remove' ? c.insuredNumber : '')));
  const view = (n: number) => {
    const person = people[n - 1]!;
    return store.enqueueMutation('personViewed', 1, CM, {
      entryId: crypto.randomUUID(),
      occurredAt: fixedClock().toISOString(),
      insurerNumber: person.insurerNumber,
      insuredNumber: person.insuredNumber,
    });
  };
  const deliver = () =>
    deliverOutbox({
      db,
      now: fixedClock,
      batch: 2,
      fetch: async (path, init) => {
        requests.push({ path, authorization: new Headers(init.headers).get('authorization') });
        return app.request(path, init);
      },
    });

  it('delivers queued views exactly once with no session, and empties the outbox', async () => {
    await keepCourierKey();
    for (const n of [1, 2, 3]) await view(n);
    expect((await db.outbox.toArray()).every((row) => row.courier !== undefined)).toBe(true);

    expect(await deliver()).toEqual({ delivered: 3, stop: null });
    expect(requests.map((r) => r.path)).toEqual([COURIER_PUSH_PATH, COURIER_PUSH_PATH]);
    expect(requests.every((r) => r.authorization === null)).toBe(true);
    expect(await store.outboxCount()).toBe(0);
    expect((await store.readSyncState()).lastAppliedSeq).toBe(3);
    expect(await readLastAppliedSeq(serverDb, client.deviceId)).toBe(3);
    const entries = await deviceEntries(serverDb, client.deviceId);
    expect(entries.map((e) => [e.outcome, e.staffId])).toEqual([
      ['allowed', CM],
      ['allowed', CM],
      ['allowed', CM],
    ]);

    // Nothing left: no request, nothing applied twice.
    expect(await deliver()).toEqual({ delivered: 0, stop: null });
    expect(requests).toHaveLength(2);
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(3);
  });

  it('seals each envelope for the seq its mutation got, also when writes race for the next seq', async () => {
    await keepCourierKey();
    const seqs = await Promise.all([view(1), view(2), view(3), view(1)]);
    expect([...seqs].sort()).toEqual([1, 2, 3, 4]);
    const rows = await db.outbox.toArray();
    expect(rows.map((row) => row.courier?.seq)).toEqual([1, 2, 3, 4]);
    expect(await deliver()).toEqual({ delivered: 4, stop: null });
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(4);
  });

  it('leaves a mutation queued without a courier key, and what follows it, to the page; the page pushes them once', async () => {
    await view(1);
    await keepCourierKey();
    await view(2);
    expect(await deliver()).toEqual({ delivered: 0, stop: 'noEnvelope' });
    expect(requests).toHaveLength(0);
    expect(await store.outboxCount()).toBe(2);

    await pageEngine().syncNow();
    expect(await store.outboxCount()).toBe(0);
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(2);
  });

  it('shares one seq counter with the page: what the page pushed is not delivered again', async () => {
    await keepCourierKey();
    await view(1);
    await view(2);
    const response = await client.request('/api/v1/sync/push', { json: { mutations: (await store.readOutbox(1)).items } });
    expect(response.status).toBe(200);
    // The page's answer was lost before it dropped seq 1: the courier sends both, the server applies only seq 2.
    expect(await deliver()).toEqual({ delivered: 2, stop: null });
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(2);
    expect(await store.outboxCount()).toBe(0);
  });

  it('keeps the refusal and its reason for the user, named by the envelope', async () => {
    await keepCourierKey();
    await store.enqueueMutation('noticeAcknowledged', 1, CM, { eventId: 999_999, acknowledgedAt: fixedClock().toISOString() });
    await view(1);
    expect(await deliver()).toEqual({ delivered: 2, stop: null });
    const { rejected } = await store.readSyncState();
    expect(rejected).toEqual([{ seq: 1, name: 'noticeAcknowledged', code: 'noticeNotFound', message: expect.stringMatching(/お知らせ/) }]);
    expect(await store.outboxCount()).toBe(0);
  });

  it('stops at an envelope the server holds back and leaves it queued', async () => {
    await keepCourierKey();
    await view(1);
    // Damaged on the device: the server cannot open it.
    const row = await db.outbox.get(1);
    if (!row?.courier) throw new Error('no envelope');
    await db.outbox.put({ ...row, courier: { ...row.courier, data: toBase64Url(randomBytes(64)) } });
    await view(2);
    expect(await deliver()).toEqual({ delivered: 0, stop: 'unreadable' });
    expect(await store.outboxCount()).toBe(2);
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(0);
  });

  it('delivers a retired staff member’s queued views as refusals, as the page’s push would', async () => {
    await keepCourierKey();
    await view(1);
    await retireStaff(serverDb, CM, fixedClock());
    expect(await deliver()).toEqual({ delivered: 1, stop: null });
    expect((await store.readSyncState()).rejected.map((r) => [r.seq, r.name, r.code])).toEqual([[1, 'personViewed', 'staffNotAllowed']]);
    expect(await deviceEntries(serverDb, client.deviceId)).toEqual([]);
  });

  it('lets a page unlocked offline deliver through the courier, and says what only an online sign-in brings', async () => {
    await keepCourierKey();
    await view(1);
    await view(2);
    const sessionCalls: string[] = [];
    const engine = createSyncEngine({
      store,
      apiFetch: async (path) => {
        sessionCalls.push(path);
        return new Response(null, { status: 401 });
      },
      now: fixedClock,
      deliverWithoutSession: deliver,
    });
    const state = await engine.syncNow();
    // No push or pull of its own: only the device-status probe that tells whether the server is reachable.
    expect(sessionCalls).toEqual([DEVICE_STATUS_PATH]);
    expect(state).toMatchObject({ pending: 0, lastSyncAt: null, error: { code: 'signInForLatest' } });
    expect(state.error?.messageJa).toContain('オンラインでサインイン');
    expect(await deviceEntries(serverDb, client.deviceId)).toHaveLength(2);
  });

  it('shows a page unlocked offline as offline when the server is out of reach, with nothing to deliver', async () => {
    const engine = createSyncEngine({
      store,
      apiFetch: () => Promise.reject(new TypeError('Failed to fetch')),
      now: fixedClock,
      deliverWithoutSession: deliver,
    });
    expect((await engine.syncNow()).error?.code).toBe('network');
    expect(requests).toHaveLength(0);
  });

  /** A new paper entry for a person of insurer A, which is on the platform: the server refuses it. */
  const refusedPaperEntry = () =>
    savePaperEntry(
      { store, providerNumber: OFFICE.providerNumber, staff: { staffId: CM, name: '介護 太郎' }, now: fixedClock, newEntryId: () => crypto.randomUUID() },
      makeRecord(insuredNumberOf(7)),
      null,
    );
  const listed = async () => (await store.readPeople(OFFICE.providerNumber)).items.map((r) => r.insuredNumber);

  it('undoes a refused new paper entry the courier delivered, once a page runs: the person only this tablet listed goes', async () => {
    await keepCourierKey();
    await refusedPaperEntry();
    expect(await listed()).toContain(insuredNumberOf(7));
    expect(await deliver()).toEqual({ delivered: 1, stop: null });
    const [refusal] = (await store.readSyncState()).rejected;
    expect(refusal).toMatchObject({ seq: 1, name: 'paperRecordEntered', code: 'paperInsurerOnPlatform' });
    expect(refusal?.sealed).toBeDefined();
    // The worker could not open it: the record is still on the tablet until a page runs.
    expect(await listed()).toContain(insuredNumberOf(7));

    const removed: string[] = [];
    const engine = pageEngine({ onRemovedLocally: removedBy(removed) });
    const state = await engine.syncNow();
    expect(removed).toEqual([insuredNumberOf(7)]);
    expect(await listed()).not.toContain(insuredNumberOf(7));
    // The refusal stays for the user, without the sealed copy.
    expect(state.rejected.map((r) => [r.seq, r.code, r.sealed])).toEqual([[1, 'paperInsurerOnPlatform', undefined]]);
    expect((await store.readSyncState()).rejected[0]?.sealed).toBeUndefined();
  });

  it('undoes a refused new paper entry the page pushed, at once', async () => {
    await refusedPaperEntry();
    const removed: string[] = [];
    const engine = pageEngine({ onRemovedLocally: removedBy(removed) });
    const state = await engine.syncNow();
    expect(state.rejected.map((r) => [r.seq, r.name, r.code])).toEqual([[1, 'paperRecordEntered', 'paperInsurerOnPlatform']]);
    expect(removed).toEqual([insuredNumberOf(7)]);
    expect(await listed()).not.toContain(insuredNumberOf(7));
    // The people the server sent stay.
    expect(await listed()).toEqual(expect.arrayContaining([insuredNumberOf(1), insuredNumberOf(2), insuredNumberOf(3)]));
  });

  it('reports a device that is not enrolled, without a request', async () => {
    await db.device.clear();
    expect(await deliver()).toEqual({ delivered: 0, stop: 'notEnrolled' });
    expect(requests).toHaveLength(0);
  });
});
