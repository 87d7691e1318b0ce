import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countChangeEvents } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { readInsuredRecords } from '../db/insured-store.ts';
import { countRows, openMigrated, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { generateDemoData } from '../demo/generate-demo-data.ts';
import { planEarlierVersions } from '../demo/earlier-versions.ts';
import { isInsurerLive } from '../demo/is-insurer-live.ts';
import { findInsurerOfFeedToken } from '../feeds/feed-credentials.ts';
import { demoFeedToken, seedDemo } from './seed-demo.ts';

const TODAY = '2026-07-15';
const dataset = generateDemoData({ seed: 7, size: 60, today: TODAY });
const clock = () => new Date('2026-07-15T00:30:00.000Z');
const laterClock = () => new Date('2026-07-16T00:30:00.000Z');

describe.each(testDatabaseFactories())('seedDemo on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());

  it('feeds the live insurers, enters the others as paper, links everyone, and changes nothing the second time', async () => {
    const first = await seedDemo(db, dataset, clock, TODAY);
    const live = dataset.insurers.filter((i) => isInsurerLive(i, TODAY));
    const offline = dataset.insurers.filter((i) => !isInsurerLive(i, TODAY));
    expect(live.length).toBeGreaterThan(0);
    expect(offline.length).toBeGreaterThan(0);

    expect(first.feeds.map((f) => f.insurer.insurerNumber)).toEqual(live.map((i) => i.insurerNumber));
    let changedPeople = 0;
    for (const { insurer, result } of first.feeds) {
      const records = dataset.records.filter((r) => r.insurerNumber === insurer.insurerNumber);
      const documents = dataset.documents.filter((d) => d.insurerNumber === insurer.insurerNumber).length;
      const earlier = planEarlierVersions(records, TODAY);
      changedPeople += earlier.length;
      const history = first.history.find((h) => h.insurer.insurerNumber === insurer.insurerNumber);
      if (earlier.length === 0) expect(history).toBeUndefined();
      else expect(history?.result).toMatchObject({ status: 'applied', inserted: earlier.length, updated: 0, changeEvents: earlier.length });
      // Today's feed adds everyone else and updates the changed people: one event each, or more.
      expect(result).toMatchObject({ status: 'applied', inserted: records.length - earlier.length + documents, updated: earlier.length, unchanged: 0 });
      const events = result !== 'alreadyApplied' && result.status === 'applied' ? result.changeEvents : 0;
      expect(events).toBeGreaterThanOrEqual(records.length + documents);
      expect(await countChangeEvents(db, insurer.insurerNumber)).toBe(events + earlier.length);
    }
    expect(changedPeople).toBeGreaterThan(0);
    // Today's records are what the platform holds, whatever came before.
    const person = dataset.records.find((r) => live.some((i) => i.insurerNumber === r.insurerNumber) && planEarlierVersions([r], TODAY).length > 0)!;
    const stored = (await readInsuredRecords(db, person.insurerNumber, [person.insuredNumber])).get(person.insuredNumber);
    expect(stored).toMatchObject({ burdenRatio: person.burdenRatio, eligibility: person.eligibility, version: 2 });
    const paperPeople = dataset.records.filter((r) => offline.some((i) => i.insurerNumber === r.insurerNumber));
    expect(first.paperRecords).toBe(paperPeople.length);
    const paperRecord = (await readInsuredRecords(db, paperPeople[0]!.insurerNumber, [paperPeople[0]!.insuredNumber])).get(paperPeople[0]!.insuredNumber);
    // Shown as 入力者 on the tablet: the staff member's name, as a paper entry from a tablet records it.
    const clerk = dataset.staff.find((s) => s.staffId === 'kyotaku-cm-1')!;
    expect(paperRecord?.source).toEqual({ kind: 'paper', enteredBy: clerk.name, enteredAt: '2026-07-15T00:30:00.000Z' });

    const rows = await countRows(db);
    expect(rows).toMatchObject({
      insurers: dataset.insurers.length,
      providers: dataset.providers.length,
      staff: dataset.staff.length,
      insured: dataset.records.length,
      documents: dataset.documents.length,
      provider_links: dataset.links.length,
      feed_credentials: dataset.insurers.length,
    });
    for (const insurer of dataset.insurers) expect(await findInsurerOfFeedToken(db, demoFeedToken(insurer.insurerNumber))).toBe(insurer.insurerNumber);

    const snapshot = await db.query('SELECT insurer_number, insured_number, version, updated_at, source FROM insured ORDER BY 1, 2');
    const second = await seedDemo(db, dataset, laterClock, TODAY);
    expect(second.feeds.every((f) => f.result === 'alreadyApplied')).toBe(true);
    expect(second.history.every((f) => f.result === 'alreadyApplied')).toBe(true);
    expect(second.paperRecords).toBe(0);
    expect(await countRows(db)).toEqual(rows);
    expect(await db.query('SELECT insurer_number, insured_number, version, updated_at, source FROM insured ORDER BY 1, 2')).toEqual(snapshot);
  });
});
