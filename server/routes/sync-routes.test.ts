/**
 * The sync API through the real app with signed devices, on every test database: exactly-once push (replays,
 * gaps, rejections, concurrent retries) and the scoped pull (snapshot pages, then the sync log with upserts
 * and tombstones, changes made while a snapshot is being read).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsuredRecordContent } from '../../src/domain/index.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { retireStaff } from '../auth/staff-store.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { removeProviderLink } from '../db/organisation-store.ts';
import { countRows, openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { readLastAppliedSeq } from '../sync/device-sync-state-store.ts';
import { listNoticeAcknowledgements } from '../sync/notice-acknowledgement-store.ts';
import { REJECTION_REASONS } from '../sync/sync-reasons.ts';
import { acknowledged, describeChanges, deviceEntries, peopleListEntries, pull, push, viewed } from '../sync/sync-fixtures.testing.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, HOME_HELP, insuredNumberOf, link, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';
import { SEQ_GAP_MESSAGE } from './sync-routes.ts';

const CM = STAFF.officeCareManager.staffId;

describe.each(testDatabaseFactories())('sync API on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let office: SignedClient;
  let homeHelp: SignedClient;
  /** People 1…5 of insurer A; the office serves all five, the home-help provider 2 and 3. */
  let people: InsuredRecordContent[];

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
    office = await enrollDevice(app, db, CM, fixedClock);
    homeHelp = await enrollDevice(app, db, STAFF.homeHelpHelper.staffId, fixedClock);
    people = [1, 2, 3, 4, 5].map((n) => makeRecord(insuredNumberOf(n)));
    await feed(people);
    await link(db, OFFICE.providerNumber, people);
    await link(db, HOME_HELP.providerNumber, [people[1]!, people[2]!]);
  });

  const feed = async (records: InsuredRecordContent[], at = fixedClock) => {
    const file = makeFeed(records);
    expect(await applyFeed(db, file, feedMeta(file, `feed-${at().toISOString()}-${records.length}.json`), at)).toMatchObject({ status: 'applied' });
  };
  const moved = (n: number) => makeRecord(insuredNumberOf(n), (r) => void (r.identity.address = `静岡県試験市新町${n}-9`));
  const later = () => new Date('2026-07-11T01:00:00.000Z');
  const person = (n: number) => people[n - 1]!;

  describe('push', () => {
    it('applies each mutation once; the same batch again is all duplicates and changes nothing', async () => {
      const batch = [viewed(1, CM, person(1)), acknowledged(2, CM, 1)];
      const first = await push(office, batch);
      expect(first).toEqual({ status: 200, body: { lastAppliedSeq: 2, results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }] } });
      const entryId = String(batch[0]!.args.entryId);
      expect(await deviceEntries(db, office.deviceId)).toEqual([{ entryId, outcome: 'allowed', staffId: CM }]);
      expect(await listNoticeAcknowledgements(db, OFFICE.providerNumber)).toEqual([{ eventId: 1, staffId: CM, deviceId: office.deviceId }]);

      const rows = await countRows(db);
      const again = await push(office, batch);
      expect(again).toEqual({ status: 200, body: { lastAppliedSeq: 2, results: [{ seq: 1, status: 'duplicate' }, { seq: 2, status: 'duplicate' }] } });
      expect(await countRows(db)).toEqual(rows);
    });

    it('answers a batch after a gap with 409 and the seq to resend from, applying none of it', async () => {
      await push(office, [viewed(1, CM, person(1)), viewed(2, CM, person(2))]);
      const rows = await countRows(db);
      const gapped = await push(office, [viewed(4, CM, person(3)), acknowledged(5, CM, 3)]);
      expect(gapped).toEqual({ status: 409, body: { code: 'seqGap', message: SEQ_GAP_MESSAGE, expectedSeq: 3 } });
      expect(await countRows(db)).toEqual(rows);
      expect(await readLastAppliedSeq(db, office.deviceId)).toBe(2);

      // A first push that does not start at 1 is a gap too, and leaves no state behind.
      const fresh = await push(homeHelp, [viewed(3, STAFF.homeHelpHelper.staffId, person(2))]);
      expect(fresh).toMatchObject({ status: 409, body: { expectedSeq: 1 } });
      expect(await countRows(db)).toEqual(rows);
    });

    it('answers a batch whose seqs do not rise by one with 400 naming the seq', async () => {
      const answer = await push(office, [viewed(1, CM, person(1)), viewed(3, CM, person(2))]);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalidRequest' });
      expect((answer.body as ApiError).message).toContain('mutations.1.seq');
    });

    it('rejects with a reason, and still moves past: person not served, unknown notice, retired or foreign staff, unknown version', async () => {
      await retireStaff(db, STAFF.officeHelper.staffId, fixedClock());
      const stranger = makeRecord(insuredNumberOf(9));
      await feed([stranger]);
      const batch = [
        viewed(1, CM, stranger),
        acknowledged(2, CM, 999),
        viewed(3, STAFF.officeHelper.staffId, person(1)),
        viewed(4, STAFF.homeHelpHelper.staffId, person(2)),
        { ...acknowledged(5, CM, 1), version: 2 },
        { ...viewed(6, CM, person(1)), args: { entryId: 'not-a-uuid' } },
        viewed(7, CM, person(1)),
      ];
      const answer = await push(office, batch);
      expect(answer.status).toBe(200);
      const reason = (code: keyof typeof REJECTION_REASONS) => ({ code, message: REJECTION_REASONS[code].ja });
      expect(answer.body).toEqual({
        lastAppliedSeq: 7,
        results: [
          { seq: 1, status: 'rejected', reason: reason('personNotServed') },
          { seq: 2, status: 'rejected', reason: reason('noticeNotFound') },
          { seq: 3, status: 'rejected', reason: reason('staffNotAllowed') },
          { seq: 4, status: 'rejected', reason: reason('staffNotAllowed') },
          { seq: 5, status: 'rejected', reason: reason('unsupportedVersion') },
          { seq: 6, status: 'rejected', reason: reason('invalidArgs') },
          { seq: 7, status: 'applied' },
        ],
      });
      expect(REJECTION_REASONS.unsupportedVersion.ja).toBe('この形式の変更はサーバーで扱えません。アプリを更新してください。');
      // The read of someone the office does not serve is on record, as denied.
      expect((await deviceEntries(db, office.deviceId)).map((e) => [e.entryId, e.outcome])).toEqual([
        [batch[0]!.args.entryId, 'denied'],
        [batch[6]!.args.entryId, 'allowed'],
      ]);
      expect(await listNoticeAcknowledgements(db, OFFICE.providerNumber)).toEqual([]);
      expect(await readLastAppliedSeq(db, office.deviceId)).toBe(7);
      expect(await push(office, [acknowledged(8, CM, 1)])).toMatchObject({ status: 200, body: { lastAppliedSeq: 8, results: [{ seq: 8, status: 'applied' }] } });

      // The first answer lost, the batch comes again: the refusals come back with their reasons, nothing re-runs.
      const again = await push(office, batch);
      expect(again.body).toEqual({
        lastAppliedSeq: 8,
        results: [
          { seq: 1, status: 'rejected', reason: reason('personNotServed') },
          { seq: 2, status: 'rejected', reason: reason('noticeNotFound') },
          { seq: 3, status: 'rejected', reason: reason('staffNotAllowed') },
          { seq: 4, status: 'rejected', reason: reason('staffNotAllowed') },
          { seq: 5, status: 'rejected', reason: reason('unsupportedVersion') },
          { seq: 6, status: 'rejected', reason: reason('invalidArgs') },
          { seq: 7, status: 'duplicate' },
        ],
      });
      expect(await deviceEntries(db, office.deviceId)).toHaveLength(2);
    });

    it('applies a batch sent five times at once exactly once', async () => {
      const batch = [1, 2, 3, 4, 5, 6].map((seq) => (seq % 3 === 0 ? acknowledged(seq, CM, seq - 1) : viewed(seq, CM, person(((seq - 1) % 5) + 1))));
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => push(office, batch)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      const statuses = answers.map((a) => (a.status === 200 && 'results' in a.body ? a.body.results.map((r) => r.status).join(',') : 'error'));
      expect(statuses.filter((s) => s === 'applied,applied,applied,applied,applied,applied')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate,duplicate,duplicate,duplicate,duplicate,duplicate')).toHaveLength(4);
      const viewedIds = batch.filter((m) => m.name === 'personViewed').map((m) => String(m.args.entryId));
      expect((await deviceEntries(db, office.deviceId)).map((e) => e.entryId)).toEqual(viewedIds);
      expect((await listNoticeAcknowledgements(db, OFFICE.providerNumber)).map((a) => a.eventId)).toEqual([2, 5]);
      expect(await readLastAppliedSeq(db, office.deviceId)).toBe(6);
    });
  });

  describe('pull', () => {
    it('pages the snapshot, then continues from the sync log with upserts and tombstones', async () => {
      const first = await pull(office, null, 2);
      expect(describeChanges(first)).toEqual(['0000000001:upsert@v1', '0000000002:upsert@v1']);
      expect(first).toMatchObject({ hasMore: true, snapshotTotal: 5, serverTime: fixedClock().toISOString() });
      expect(first.provider).toEqual(OFFICE);
      expect(first.insurers.map((i) => i.insurerNumber)).toEqual(['229011']);
      const second = await pull(office, first.cursor, 2);
      expect(describeChanges(second)).toEqual(['0000000003:upsert@v1', '0000000004:upsert@v1']);
      const third = await pull(office, second.cursor, 2);
      expect(describeChanges(third)).toEqual(['0000000005:upsert@v1']);
      expect(third).toMatchObject({ hasMore: false, snapshotTotal: 5 });
      expect(JSON.parse(Buffer.from(third.cursor, 'base64url').toString())).toMatchObject({ v: 1, mode: 'log' });

      const idle = await pull(office, third.cursor, 2);
      expect(idle).toMatchObject({ changes: [], hasMore: false, snapshotTotal: null, cursor: third.cursor });

      await feed([moved(2), moved(4), moved(5)], later);
      await removeProviderLink(db, { providerNumber: OFFICE.providerNumber, insurerNumber: person(4).insurerNumber, insuredNumber: person(4).insuredNumber }, later());
      const changed = await pull(office, idle.cursor, 2);
      expect(describeChanges(changed)).toEqual(['0000000002:upsert@v2', '0000000004:remove']);
      expect(changed.hasMore).toBe(true);
      const changedRecord = changed.changes[0]!;
      expect(changedRecord.op === 'upsert' && changedRecord.record.identity.address).toBe('静岡県試験市新町2-9');
      // Log rows: 2 upsert, 4 upsert, 5 upsert, 4 remove: the page of two ended at 4's upsert; 4 is no longer
      // served, so even that upsert arrives as a tombstone.
      const rest = await pull(office, changed.cursor, 2);
      expect(describeChanges(rest)).toEqual(['0000000005:upsert@v2', '0000000004:remove']);
      expect(rest.hasMore).toBe(false);
    });

    it('collapses a page of the log to the latest op per person', async () => {
      const snapshot = await pull(office, null, 10);
      await feed([moved(1)], later);
      await removeProviderLink(db, { providerNumber: OFFICE.providerNumber, insurerNumber: person(3).insurerNumber, insuredNumber: person(3).insuredNumber }, later());
      await link(db, OFFICE.providerNumber, [person(3)]);
      await feed([makeRecord(insuredNumberOf(1), (r) => void (r.identity.address = '静岡県試験市再町1-1'))], () => new Date('2026-07-12T01:00:00.000Z'));
      const page = await pull(office, snapshot.cursor, 10);
      expect(describeChanges(page)).toEqual(['0000000003:upsert@v1', '0000000001:upsert@v3']);
    });

    it('delivers people changed while a snapshot is being read, before and after its position', async () => {
      const first = await pull(office, null, 2);
      await feed([moved(1), moved(4)], later);
      const second = await pull(office, first.cursor, 2);
      expect(describeChanges(second)).toEqual(['0000000003:upsert@v1', '0000000004:upsert@v2']);
      const newcomer = makeRecord(insuredNumberOf(6));
      await feed([newcomer], later);
      await link(db, OFFICE.providerNumber, [newcomer]);
      const third = await pull(office, second.cursor, 2);
      expect(describeChanges(third)).toEqual(['0000000005:upsert@v1', '0000000006:upsert@v1']);
      expect(third.snapshotTotal).toBe(6);
      expect(third.hasMore).toBe(true);
      const log = await pull(office, third.cursor, 10);
      expect(describeChanges(log)).toEqual(['0000000001:upsert@v2', '0000000004:upsert@v2', '0000000006:upsert@v1']);
      expect(log.hasMore).toBe(false);
    });

    it("keeps staff to their own office's people", async () => {
      const page = await pull(homeHelp, null, 10);
      expect(page.provider).toEqual(HOME_HELP);
      expect(describeChanges(page)).toEqual(['0000000002:upsert@v1', '0000000003:upsert@v1']);
      await feed([moved(1), moved(3)], later);
      expect(describeChanges(await pull(homeHelp, page.cursor, 10))).toEqual(['0000000003:upsert@v2']);
      const helperId = STAFF.homeHelpHelper.staffId;
      const answer = await push(homeHelp, [viewed(1, helperId, person(1)), viewed(2, helperId, person(2))]);
      expect(answer.body).toMatchObject({ results: [{ seq: 1, status: 'rejected', reason: { code: 'personNotServed' } }, { seq: 2, status: 'applied' }] });
    });

    it('audits each page that carries people as one people.list entry with count and mode', async () => {
      const first = await pull(office, null, 3);
      const second = await pull(office, first.cursor, 3);
      await pull(office, second.cursor, 3);
      await removeProviderLink(db, { providerNumber: OFFICE.providerNumber, insurerNumber: person(5).insurerNumber, insuredNumber: person(5).insuredNumber }, later());
      const tombstoneOnly = await pull(office, second.cursor, 3);
      expect(describeChanges(tombstoneOnly)).toEqual(['0000000005:remove']);
      expect(await peopleListEntries(db, OFFICE.providerNumber)).toEqual([
        { staffId: CM, detail: { count: 3, removed: 0, mode: 'snapshot' } },
        { staffId: CM, detail: { count: 2, removed: 0, mode: 'snapshot' } },
      ]);
    });

    it('answers a cursor it did not write with 400 naming the cursor', async () => {
      const forged = Buffer.from(JSON.stringify({ v: 1, mode: 'log', after: -1 })).toString('base64url');
      for (const cursor of ['not a cursor', forged, Buffer.from('{').toString('base64url')]) {
        const response = await office.request('/api/v1/sync/pull', { json: { cursor } });
        expect(response.status).toBe(400);
        const body = ApiError.parse(await response.json());
        expect(body.code).toBe('invalidRequest');
        expect(body.message).toContain('cursor');
      }
    });
  });
});
