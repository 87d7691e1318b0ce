/**
 * Loads a demo dataset (server/demo) into the platform database the way the real data would arrive:
 *  - insurers, providers, staff and a feed token per insurer (deterministic, see `demoFeedToken`);
 *  - the people of insurers on the platform on `today` through `applyFeed`, one feed per insurer, so their
 *    records carry versions and change events like any fed record; for people whose record changed recently
 *    (server/demo/earlier-versions.ts) an earlier feed goes first, so the change events (a burden ratio
 *    changing on 8/1, a renewed certification, a new care level) are there to be noticed and acknowledged;
 *  - the people of insurers not yet on the platform as paper entries (source `paper`, entered by the
 *    care-management office's first care manager), as a care manager would copy them from the paper cards;
 *  - who serves whom.
 * Idempotent: organisations are upserts, paper entries and links are inserted only when absent, and a feed
 * whose exact bytes were applied before is skipped, so seeding the same dataset twice changes nothing.
 */
import { createHash } from 'node:crypto';
import type { InsuredRecord, Insurer } from '../../src/domain/index.ts';
import { FeedFile, type FeedRecord, type FeedResult } from '../../src/protocol/feed.ts';
import type { Database } from '../db/database.ts';
import { findFeedUploadBySha256 } from '../db/feed-upload-store.ts';
import { insertInsuredRecordsIfAbsent } from '../db/insured-store.ts';
import { insertProviderLinks, upsertInsurers, upsertProviders, upsertStaff } from '../db/organisation-store.ts';
import { formatIsoDate, parseIsoDate } from '../demo/demo-dates.ts';
import { planEarlierVersions } from '../demo/earlier-versions.ts';
import { isInsurerLive } from '../demo/is-insurer-live.ts';
import type { DemoDataset } from '../demo/generate-demo-data.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { addFeedCredential } from '../feeds/feed-credentials.ts';
import { tokyoDate } from '../config.ts';

/** The demo's feed token of an insurer: fixed, so the README and the demo scripts can name it. Demo only. */
export function demoFeedToken(insurerNumber: string): string {
  return `tsunagi-demo-feed-${insurerNumber}`;
}

export interface SeedReport {
  /** Today's feed of each insurer on the platform. */
  readonly feeds: readonly { readonly insurer: Insurer; readonly result: FeedResult | 'alreadyApplied' }[];
  /** The earlier feeds (applied before today's) of the insurers whose people changed since. */
  readonly history: readonly { readonly insurer: Insurer; readonly result: FeedResult | 'alreadyApplied' }[];
  /** Paper entries inserted by this call (0 when they were there already). */
  readonly paperRecords: number;
  readonly tokens: readonly { readonly insurer: Insurer; readonly token: string }[];
}

export async function seedDemo(db: Database, dataset: DemoDataset, clock: () => Date, today: string = tokyoDate(clock())): Promise<SeedReport> {
  const now = clock().toISOString();
  await db.transaction(async (tx) => {
    await upsertInsurers(tx, dataset.insurers);
    await upsertProviders(tx, dataset.providers);
    await upsertStaff(tx, dataset.staff);
    for (const insurer of dataset.insurers) await addFeedCredential(tx, insurer.insurerNumber, demoFeedToken(insurer.insurerNumber), 'demo', now);
  });

  const feeds: { insurer: Insurer; result: FeedResult | 'alreadyApplied' }[] = [];
  const history: { insurer: Insurer; result: FeedResult | 'alreadyApplied' }[] = [];
  const paper: InsuredRecord[] = [];
  const enteredBy = paperClerk(dataset);
  for (const insurer of dataset.insurers) {
    const records = dataset.records.filter((r) => r.insurerNumber === insurer.insurerNumber);
    if (!isInsurerLive(insurer, today)) {
      paper.push(...records.map((r) => ({ ...r, source: { kind: 'paper' as const, enteredBy, enteredAt: now }, version: 1, updatedAt: now })));
      continue;
    }
    // What the insurer sent before today, for the people whose records changed since (see earlier-versions.ts).
    const earlier = planEarlierVersions(records, today);
    if (earlier.length > 0) {
      const earlierFile = feedFile(insurer, `${previousDay(today)}T06:00:00+09:00`, earlier.map((e) => ({ kind: 'insured' as const, ...e.record })));
      history.push({ insurer, result: await applyOnce(db, insurer, earlierFile, 'demo-feed-earlier', clock) });
    }
    const todayFile = feedFile(insurer, `${today}T06:00:00+09:00`, [
      ...records.map((r) => ({ kind: 'insured' as const, ...r })),
      ...dataset.documents.filter((d) => d.insurerNumber === insurer.insurerNumber),
    ]);
    feeds.push({ insurer, result: await applyOnce(db, insurer, todayFile, 'demo-feed', clock) });
  }

  const paperRecords = await db.transaction(async (tx) => {
    const inserted = await insertInsuredRecordsIfAbsent(tx, paper);
    await insertProviderLinks(tx, dataset.links);
    return inserted;
  });
  return { feeds, history, paperRecords, tokens: dataset.insurers.map((insurer) => ({ insurer, token: demoFeedToken(insurer.insurerNumber) })) };
}

function feedFile(insurer: Insurer, createdAt: string, records: FeedRecord[]): FeedFile {
  return FeedFile.parse({ format: 'tsunagi-insurer-feed', version: 1, insurerNumber: insurer.insurerNumber, createdAt, records });
}

/** Applies a feed unless its exact bytes were applied before (seeding twice changes nothing). */
async function applyOnce(db: Database, insurer: Insurer, file: FeedFile, name: string, clock: () => Date): Promise<FeedResult | 'alreadyApplied'> {
  const bytes = JSON.stringify(file);
  const sha256 = createHash('sha256').update(bytes, 'utf8').digest('hex');
  if ((await findFeedUploadBySha256(db, insurer.insurerNumber, sha256)) !== null) return 'alreadyApplied';
  return applyFeed(db, file, { fileName: `${name}-${insurer.insurerNumber}.json`, sha256, encoding: 'utf-8' }, clock);
}

/** The calendar day before an ISO date. */
function previousDay(isoDate: string): string {
  return formatIsoDate(parseIsoDate(isoDate) - 1);
}

/** Who copies paper cards in the demo (by name, as a tablet records it): the first care manager of a care-management office. */
function paperClerk(dataset: DemoDataset): string {
  const offices = new Set(dataset.providers.filter((p) => p.kind === 'careManagementOffice').map((p) => p.providerNumber));
  const clerk = dataset.staff.find((s) => s.role === 'careManager' && offices.has(s.providerNumber)) ?? dataset.staff[0];
  if (!clerk) throw new Error('the demo dataset has no staff to enter paper records');
  return clerk.name;
}
