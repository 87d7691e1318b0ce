/**
 * Turns a demo dataset into the files the demo command writes: one FeedFile per insurer on the platform on
 * `today` (`feed-<insurerNumber>.json`: its insured records, then its certification documents), a paper file
 * per insurer not yet on it (`paper-<insurerNumber>.json`), and `organisations.json`. Each file is checked
 * against its schema here, so nothing invalid is ever written.
 */
import { FeedFile, type FeedRecord } from '../../src/protocol/feed.ts';
import { DemoOrganisationsFile, PaperRecordsFile } from './demo-file-schemas.ts';
import type { DemoDataset, DemoOptions } from './generate-demo-data.ts';
import { isInsurerLive } from './is-insurer-live.ts';

export type DemoFile =
  | { readonly name: string; readonly kind: 'feed'; readonly content: FeedFile }
  | { readonly name: string; readonly kind: 'paper'; readonly content: PaperRecordsFile }
  | { readonly name: string; readonly kind: 'organisations'; readonly content: DemoOrganisationsFile };

export function buildDemoFiles(dataset: DemoDataset, options: DemoOptions): DemoFile[] {
  const files: DemoFile[] = [];
  for (const insurer of dataset.insurers) {
    const records = dataset.records.filter((r) => r.insurerNumber === insurer.insurerNumber);
    if (isInsurerLive(insurer, options.today)) {
      const feedRecords: FeedRecord[] = [
        ...records.map((r) => ({ kind: 'insured' as const, ...r })),
        ...dataset.documents.filter((d) => d.insurerNumber === insurer.insurerNumber),
      ];
      const content = FeedFile.parse({
        format: 'tsunagi-insurer-feed',
        version: 1,
        insurerNumber: insurer.insurerNumber,
        // The insurer's system ran in the morning of `today` (Japan time).
        createdAt: `${options.today}T06:00:00+09:00`,
        records: feedRecords,
      });
      files.push({ name: `feed-${insurer.insurerNumber}.json`, kind: 'feed', content });
    } else {
      const content = PaperRecordsFile.parse({
        format: 'tsunagi-paper-records',
        version: 1,
        insurerNumber: insurer.insurerNumber,
        insurerName: insurer.name,
        records,
      });
      files.push({ name: `paper-${insurer.insurerNumber}.json`, kind: 'paper', content });
    }
  }
  const organisations = DemoOrganisationsFile.parse({
    format: 'tsunagi-demo-organisations',
    version: 1,
    seed: options.seed,
    size: options.size,
    today: options.today,
    insurers: dataset.insurers,
    providers: dataset.providers,
    staff: dataset.staff,
    links: dataset.links,
  });
  files.push({ name: 'organisations.json', kind: 'organisations', content: organisations });
  return files;
}
