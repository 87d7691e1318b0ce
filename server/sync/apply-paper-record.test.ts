/**
 * Paper entries (紙から転記) pushed as `paperRecordEntered` through the real app with signed devices, on every
 * test database: each refusal, the stored record with who entered it, corrections with history, the sync log
 * carrying the entry to the office's other devices, and the insurer's first feed replacing the paper record.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsuredRecordContent, Insurer } from '../../src/domain/index.ts';
import type { Mutation } from '../../src/protocol/sync.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { readInsuredHistory, readInsuredRecords } from '../db/insured-store.ts';
import { upsertInsurers } from '../db/organisation-store.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, INSURER_B, insuredNumberOf, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';
import { mayEnterPaperRecords } from '../../src/domain/paper-entry.ts';
import { tokyoDayOf } from './apply-paper-record.ts';
import { describeChanges, pull, push } from './sync-fixtures.testing.ts';
import { REJECTION_REASONS, type RejectionCode } from './sync-reasons.ts';

const CM = STAFF.officeCareManager;
/** 2026-07-10 09:30 in Tokyo: insurer B (live from 2026-10-01) is not on the platform yet. */
const ENTERED_AT = '2026-07-10T00:30:00.000Z';

/** A person of insurer B as copied from the paper card. */
function paperCard(n: number, edit: (r: InsuredRecordContent) => void = () => {}): InsuredRecordContent {
  return makeRecord(insuredNumberOf(n), edit, INSURER_B.insurerNumber);
}

function entered(seq: number, staffId: string, content: InsuredRecordContent, replacesVersion: number | null = null, enteredAt = ENTERED_AT): Mutation {
  return { seq, name: 'paperRecordEntered', version: 1, staffId, args: { entryId: randomUUID(), enteredAt, content, replacesVersion } };
}

function rejectedWith(seq: number, code: RejectionCode) {
  return { seq, status: 'rejected', reason: { code, message: REJECTION_REASONS[code].ja } };
}

describe('tokyoDayOf and mayEnterPaperRecords', () => {
  it('takes the day in Tokyo (UTC+9), not in UTC', () => {
    expect(tokyoDayOf('2026-09-30T14:59:59.000Z')).toBe('2026-09-30');
    expect(tokyoDayOf('2026-09-30T15:00:00.000Z')).toBe('2026-10-01');
    expect(tokyoDayOf('2026-10-01T00:00:00+09:00')).toBe('2026-10-01');
  });

  it('lets care managers and administrators enter paper cards, not helpers', () => {
    expect(['careManager', 'admin', 'helper'].filter((role) => mayEnterPaperRecords(role as 'helper'))).toEqual(['careManager', 'admin']);
  });
});

describe.each(testDatabaseFactories())('paperRecordEntered on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let office: SignedClient;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
    office = await enrollDevice(app, db, CM.staffId, fixedClock);
  });

  const stored = async (content: InsuredRecordContent) => (await readInsuredRecords(db, content.insurerNumber, [content.insuredNumber])).get(content.insuredNumber);
  const links = async (content: InsuredRecordContent) =>
    (await db.query('SELECT provider_number FROM provider_links WHERE insurer_number = $1 AND insured_number = $2 ORDER BY provider_number', [content.insurerNumber, content.insuredNumber])).map(
      (r) => r.provider_number,
    );

  it('stores the entry as paper with who entered it and when, links the office, and the office’s other devices pull it', async () => {
    const colleague = await enrollDevice(app, db, STAFF.officeAdmin.staffId, fixedClock);
    const before = await pull(colleague, null);
    expect(before.changes).toEqual([]);

    const card = paperCard(1);
    expect(await push(office, [entered(1, CM.staffId, card)])).toEqual({ status: 200, body: { lastAppliedSeq: 1, results: [{ seq: 1, status: 'applied' }] } });

    expect(await stored(card)).toEqual({ ...card, source: { kind: 'paper', enteredBy: '介護 太郎', enteredAt: ENTERED_AT }, version: 1, updatedAt: fixedClock().toISOString() });
    expect(await links(card)).toEqual([OFFICE.providerNumber]);
    expect(await readInsuredHistory(db, card.insurerNumber, card.insuredNumber)).toEqual([]);

    const after = await pull(colleague, before.cursor);
    expect(describeChanges(after)).toEqual(['0000000001:upsert@v1']);
    const change = after.changes[0];
    expect(change?.op === 'upsert' && change.record.source).toEqual({ kind: 'paper', enteredBy: '介護 太郎', enteredAt: ENTERED_AT });
    expect(after.insurers.map((i) => i.insurerNumber)).toEqual([INSURER_B.insurerNumber]);
    // Another office's devices learn nothing of it.
    const homeHelp = await enrollDevice(app, db, STAFF.homeHelpAdmin.staffId, fixedClock);
    expect((await pull(homeHelp, null)).changes).toEqual([]);
  });

  it('applies a correction of the current version, keeping the replaced version in history; a stale or repeated entry is refused', async () => {
    const card = paperCard(2);
    const corrected = paperCard(2, (r) => void (r.burdenRatio.periods[0]!.ratio = 3));
    const answer = await push(office, [entered(1, CM.staffId, card), entered(2, CM.staffId, corrected, 1), entered(3, CM.staffId, card, 1), entered(4, CM.staffId, card, null), entered(5, CM.staffId, card, 7)]);
    expect(answer).toEqual({
      status: 200,
      body: {
        lastAppliedSeq: 5,
        results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }, rejectedWith(3, 'paperRecordStale'), rejectedWith(4, 'paperRecordExists'), rejectedWith(5, 'paperRecordStale')],
      },
    });
    const record = await stored(card);
    expect(record?.version).toBe(2);
    expect(record?.burdenRatio.periods[0]?.ratio).toBe(3);
    const history = await readInsuredHistory(db, card.insurerNumber, card.insuredNumber);
    expect(history.map((h) => [h.version, h.source.kind, h.content.burdenRatio.periods[0]?.ratio])).toEqual([[1, 'paper', 2]]);
  });

  it('refuses a helper, an insurer on the platform on the day of entry, an unknown insurer, a person the platform holds, and a correction from another office', async () => {
    await upsertInsurers(db, [{ insurerNumber: '229037', name: '未登録村', prefecture: '静岡県', platformLiveFrom: null } satisfies Insurer]);
    const platformPerson = paperCard(8);
    const file = makeFeed([platformPerson], INSURER_B.insurerNumber);
    expect(await applyFeed(db, file, feedMeta(file), fixedClock)).toMatchObject({ status: 'applied' });
    const unknownInsurer = makeRecord(insuredNumberOf(3), () => {}, '229045');
    const ofInsurerA = makeRecord(insuredNumberOf(4));

    const answer = await push(office, [
      entered(1, STAFF.officeHelper.staffId, paperCard(3)),
      entered(2, CM.staffId, ofInsurerA),
      // 2026-10-01 00:00 in Tokyo: insurer B's first day on the platform.
      entered(3, CM.staffId, paperCard(5), null, '2026-09-30T15:00:00.000Z'),
      entered(4, CM.staffId, paperCard(6), null, '2026-09-30T14:59:59.000Z'),
      entered(5, CM.staffId, unknownInsurer),
      entered(6, CM.staffId, platformPerson),
      entered(7, STAFF.officeAdmin.staffId, makeRecord(insuredNumberOf(7), () => {}, '229037')),
    ]);
    expect(answer).toEqual({
      status: 200,
      body: {
        lastAppliedSeq: 7,
        results: [
          rejectedWith(1, 'paperRoleNotAllowed'),
          rejectedWith(2, 'paperInsurerOnPlatform'),
          rejectedWith(3, 'paperInsurerOnPlatform'),
          { seq: 4, status: 'applied' },
          rejectedWith(5, 'paperInsurerUnknown'),
          rejectedWith(6, 'paperPlatformRecordExists'),
          { seq: 7, status: 'applied' },
        ],
      },
    });
    expect(await stored(paperCard(3))).toBeUndefined();
    expect((await stored(platformPerson))?.source).toEqual({ kind: 'platform' });
    expect((await stored(makeRecord(insuredNumberOf(7), () => {}, '229037')))?.source).toMatchObject({ kind: 'paper', enteredBy: '管理 花子' });

    // The home-help office's administrator may enter paper cards, but not correct a person their office does not serve.
    const homeHelp = await enrollDevice(app, db, STAFF.homeHelpAdmin.staffId, fixedClock);
    const correction = paperCard(6, (r) => void (r.identity.address = '静岡県見本町1-2'));
    expect(await push(homeHelp, [entered(1, STAFF.homeHelpAdmin.staffId, correction, 1)])).toEqual({
      status: 200,
      body: { lastAppliedSeq: 1, results: [rejectedWith(1, 'personNotServed')] },
    });
    expect((await stored(correction))?.version).toBe(1);
  });

  it('is replaced by the insurer’s platform data when the insurer goes live, the paper versions kept in history', async () => {
    const card = paperCard(1);
    await push(office, [entered(1, CM.staffId, card), entered(2, CM.staffId, paperCard(1, (r) => void (r.identity.postalCode = '437-0202')), 1)]);
    const cursor = (await pull(office, null)).cursor;

    const goLive = () => new Date('2026-10-01T01:00:00.000Z');
    const fromPlatform = paperCard(1, (r) => void (r.eligibility.careLevel = 'care2'));
    const file = makeFeed([fromPlatform], INSURER_B.insurerNumber);
    expect(await applyFeed(db, file, feedMeta(file), goLive)).toMatchObject({ status: 'applied', updated: 1 });

    expect(await stored(card)).toEqual({ ...fromPlatform, source: { kind: 'platform' }, version: 3, updatedAt: goLive().toISOString() });
    const history = await readInsuredHistory(db, card.insurerNumber, card.insuredNumber);
    expect(history.map((h) => [h.version, h.source.kind, h.content.identity.postalCode, h.replacedAt])).toEqual([
      [1, 'paper', '437-0101', fixedClock().toISOString()],
      [2, 'paper', '437-0202', goLive().toISOString()],
    ]);
    const page = await pull(office, cursor);
    expect(describeChanges(page)).toEqual(['0000000001:upsert@v3']);
    expect(page.changes[0]?.op === 'upsert' && page.changes[0].record.source).toEqual({ kind: 'platform' });

    // Paper can no longer touch the record.
    expect(await push(office, [entered(3, CM.staffId, card, 3)])).toMatchObject({ body: { results: [rejectedWith(3, 'paperPlatformRecordExists')] } });
  });
});
