/**
 * Insurer feed import benchmark: 10,000+ people as Shift_JIS CSV through parse and apply (one transaction per
 * file), against a baseline in the same run that applies each person in a transaction of their own (what a
 * row-by-row importer does). Also the re-upload of the same file, which must change nothing.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { upsertInsurers } from '../../server/db/organisation-store.ts';
import { buildDemoFiles, generateDemoData } from '../../server/demo/index.ts';
import { applyFeed } from '../../server/feeds/apply-feed.ts';
import { parseFeed } from '../../server/feeds/parse-feed.ts';
import { writeFeedCsv } from '../../server/feeds/write-feed.ts';
import type { FeedFile } from '../../src/protocol/feed.ts';
import { ratio, type BenchRow } from './table.ts';

const TODAY = '2026-11-25';
const clock = () => new Date('2026-11-25T00:00:00Z');

export async function benchFeedImport(label: string, open: () => Promise<Database>, size: number, baselineSize: number): Promise<BenchRow[]> {
  const options = { seed: 7, size, today: TODAY };
  const dataset = generateDemoData(options);
  const feeds = buildDemoFiles(dataset, options).flatMap((f) => (f.kind === 'feed' ? [f.content as FeedFile] : []));
  const csvFiles = feeds.map((file) => writeFeedCsv(file, 'shift_jis'));
  const people = feeds.reduce((n, f) => n + f.records.filter((r) => r.kind === 'insured').length, 0);

  const db = await open();
  try {
    await migrate(db);
    await upsertInsurers(db, dataset.insurers);

    const parseStart = performance.now();
    const parsed = csvFiles.map((bytes, i) => parseFeed(bytes, `feed-${i}.csv`));
    const parseMs = performance.now() - parseStart;

    const applyStart = performance.now();
    for (const [i, result] of parsed.entries()) {
      if (!result.ok) throw new Error(`bench feed ${i} rejected: ${JSON.stringify(result.errors.slice(0, 3))}`);
      const outcome = await applyFeed(db, result.file, meta(csvFiles[i]!, i), clock);
      if (outcome.status !== 'applied') throw new Error('bench feed not applied');
    }
    const applyMs = performance.now() - applyStart;

    const againStart = performance.now();
    for (const [i, result] of parsed.entries()) {
      if (!result.ok) continue;
      const outcome = await applyFeed(db, result.file, meta(csvFiles[i]!, i), clock);
      if (outcome.status !== 'applied' || outcome.inserted + outcome.updated + outcome.changeEvents !== 0) {
        throw new Error('re-upload changed something');
      }
    }
    const againMs = performance.now() - againStart;

    // Baseline: the first `baselineSize` people of a fresh insurer number space, one transaction each.
    const baselineDb = await open();
    let baselineMs = 0;
    let baselinePeople = 0;
    try {
      await migrate(baselineDb);
      await upsertInsurers(baselineDb, dataset.insurers);
      const first = feeds[0]!;
      const records = first.records.filter((r) => r.kind === 'insured').slice(0, baselineSize);
      const start = performance.now();
      for (const record of records) {
        const single: FeedFile = { ...first, records: [record] };
        await applyFeed(baselineDb, single, meta(new TextEncoder().encode(record.insuredNumber), 0), clock);
      }
      baselineMs = performance.now() - start;
      baselinePeople = records.length;
    } finally {
      await baselineDb.close();
    }

    const totalRate = people / ((parseMs + applyMs) / 1000);
    const baselineRate = baselinePeople / (baselineMs / 1000);
    return [
      { name: `feed CSV parse, ${fmt(people)} people + documents, Shift_JIS (${label} run)`, figure: `${fmt(people / (parseMs / 1000))} people/s`, baseline: '', ratio: '' },
      {
        name: `feed import ${fmt(people)} people (${label})`,
        figure: `${fmt(totalRate)} people/s (${(parseMs + applyMs).toFixed(0)} ms)`,
        baseline: `${fmt(baselineRate)} people/s, one tx per person`,
        ratio: ratio(totalRate, baselineRate),
      },
      { name: `feed re-upload, nothing changes (${label})`, figure: `${fmt(people / (againMs / 1000))} people/s (${againMs.toFixed(0)} ms)`, baseline: '', ratio: '' },
    ];
  } finally {
    await db.close();
  }
}

function meta(bytes: Uint8Array, i: number) {
  return { fileName: `feed-${i}.csv`, sha256: createHash('sha256').update(bytes).digest('hex'), encoding: 'shift_jis' };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
