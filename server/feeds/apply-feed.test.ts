import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsuredRecord } from '../../src/domain/index.ts';
import type { FeedFile } from '../../src/protocol/feed.ts';
import { listChangeEventsOfPerson } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { readDocuments } from '../db/document-store.ts';
import { insertInsuredRecordsIfAbsent, readInsuredHistory, readInsuredRecords } from '../db/insured-store.ts';
import { countRows, openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { failingInTransaction } from '../testing/failing-database.testing.ts';
import { feedMeta, fixedClock, INSURER_A, insuredNumberOf, loadOrganisations, makeDoctorOpinion, makeFeed, makeRecord } from '../testing/platform-fixtures.testing.ts';
import { applyFeed } from './apply-feed.ts';

const later = () => new Date('2026-07-20T03:00:00.000Z');

describe.each(testDatabaseFactories())('applyFeed on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
  });

  const apply = (file: FeedFile, clock = fixedClock) => applyFeed(db, file, feedMeta(file), clock);
  const stored = async (insuredNumber: string) => (await readInsuredRecords(db, INSURER_A.insurerNumber, [insuredNumber])).get(insuredNumber);

  it('rejects a feed of an insurer the platform does not know, storing nothing', async () => {
    const file = makeFeed([makeRecord(insuredNumberOf(1), () => {}, '139999')], '139999');
    const before = await countRows(db);
    expect(await apply(file)).toEqual({
      status: 'rejected',
      errors: [{ line: 0, field: 'insurerNumber', reason: '保険者番号 139999 はプラットフォームに登録されていません' }],
    });
    expect(await countRows(db)).toEqual(before);
  });

  it('rejects, with every problem, records of another insurer, people twice, and documents about unknown people', async () => {
    const mixed = makeFeed([makeRecord(insuredNumberOf(1)), makeRecord(insuredNumberOf(1)), makeRecord(insuredNumberOf(2), () => {}, '229029')]);
    const result = await apply(mixed);
    expect(result.status === 'rejected' && result.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'insuredNumber'],
      [3, 'insurerNumber'],
    ]);
    const orphan = await apply(makeFeed([makeRecord(insuredNumberOf(1)), makeDoctorOpinion('DO-9', insuredNumberOf(9))]));
    expect(orphan).toEqual({
      status: 'rejected',
      errors: [{ line: 2, field: 'insuredNumber', reason: '被保険者番号 0000000009 の利用者が登録されていないため、書類を受け付けられません' }],
    });
    expect((await countRows(db)).insured).toBe(0);
  });

  it('accepts a document about someone stored by an earlier feed, and versions a changed document without a new event', async () => {
    await apply(makeFeed([makeRecord(insuredNumberOf(1))]));
    const opinion = makeDoctorOpinion('DO-1', insuredNumberOf(1));
    expect(await apply(makeFeed([opinion]), later)).toMatchObject({ status: 'applied', inserted: 1, changeEvents: 1 });
    const corrected = { ...opinion, physicalIndependence: 'B1' };
    expect(await apply(makeFeed([corrected]), later)).toMatchObject({ status: 'applied', updated: 1, changeEvents: 0 });
    const doc = (await readDocuments(db, INSURER_A.insurerNumber, ['DO-1'])).get('DO-1');
    expect(doc).toEqual({ document: corrected, version: 2, updatedAt: '2026-07-20T03:00:00.000Z' });
    expect((await listChangeEventsOfPerson(db, INSURER_A.insurerNumber, insuredNumberOf(1))).map((e) => e.detail)).toEqual([
      { kind: 'insuredAdded' },
      { kind: 'doctorOpinionReceived', documentId: 'DO-1', receivedOn: '2026-06-25' },
    ]);
  });

  it('replaces a paper entry by platform data, keeping the paper content in the history', async () => {
    const paper: InsuredRecord = {
      ...makeRecord(insuredNumberOf(3)),
      source: { kind: 'paper', enteredBy: 'cmo-cm-1', enteredAt: '2026-05-01T00:00:00.000Z' },
      version: 1,
      updatedAt: '2026-05-01T00:00:00.000Z',
    };
    await insertInsuredRecordsIfAbsent(db, [paper]);
    const fromPlatform = makeRecord(insuredNumberOf(3), (r) => {
      r.eligibility.careLevel = 'care2';
    });
    expect(await apply(makeFeed([fromPlatform]))).toMatchObject({ status: 'applied', inserted: 0, updated: 1, changeEvents: 1 });
    expect(await stored(insuredNumberOf(3))).toEqual({ ...fromPlatform, source: { kind: 'platform' }, version: 2, updatedAt: '2026-07-10T01:00:00.000Z' });
    const history = await readInsuredHistory(db, INSURER_A.insurerNumber, insuredNumberOf(3));
    expect(history).toEqual([
      {
        version: 1,
        content: makeRecord(insuredNumberOf(3)),
        source: { kind: 'paper', enteredBy: 'cmo-cm-1', enteredAt: '2026-05-01T00:00:00.000Z' },
        updatedAt: '2026-05-01T00:00:00.000Z',
        replacedAt: '2026-07-10T01:00:00.000Z',
      },
    ]);
    expect((await listChangeEventsOfPerson(db, INSURER_A.insurerNumber, insuredNumberOf(3))).map((e) => e.detail)).toEqual([
      { kind: 'careLevelChanged', from: 'care1', to: 'care2' },
    ]);
  });

  it('replaces a paper entry even when the platform says the same, without events', async () => {
    const content = makeRecord(insuredNumberOf(4));
    await insertInsuredRecordsIfAbsent(db, [
      { ...content, source: { kind: 'paper', enteredBy: 'cmo-cm-1', enteredAt: '2026-05-01T00:00:00.000Z' }, version: 1, updatedAt: '2026-05-01T00:00:00.000Z' },
    ]);
    expect(await apply(makeFeed([content]))).toMatchObject({ status: 'applied', updated: 1, changeEvents: 0 });
    expect((await stored(insuredNumberOf(4)))?.source).toEqual({ kind: 'platform' });
  });

  it('leaves an unchanged record untouched: same version, same update time', async () => {
    await apply(makeFeed([makeRecord(insuredNumberOf(5))]));
    expect(await apply(makeFeed([makeRecord(insuredNumberOf(5))]), later)).toMatchObject({ status: 'applied', unchanged: 1, updated: 0, changeEvents: 0 });
    expect(await stored(insuredNumberOf(5))).toMatchObject({ version: 1, updatedAt: '2026-07-10T01:00:00.000Z' });
  });

  it('rolls back every write when a statement fails late in the transaction', async () => {
    await apply(makeFeed([makeRecord(insuredNumberOf(1))]));
    const before = await countRows(db);
    const failing = failingInTransaction(db, (sql) => sql.includes('INSERT INTO change_events'));
    const changed = makeFeed([makeRecord(insuredNumberOf(1), (r) => void (r.eligibility.careLevel = 'care4')), makeRecord(insuredNumberOf(2))]);
    await expect(applyFeed(failing, changed, feedMeta(changed), later)).rejects.toThrow('injected failure');
    expect(await countRows(db)).toEqual(before);
    expect(await stored(insuredNumberOf(1))).toMatchObject({ version: 1, eligibility: { careLevel: 'care1' } });
  });
});
