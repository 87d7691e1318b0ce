import { describe, expect, it } from 'vitest';
import { FeedFile } from '../../src/protocol/feed.ts';
import { buildDemoFiles } from './build-demo-files.ts';
import { DemoOrganisationsFile, PaperRecordsFile } from './demo-file-schemas.ts';
import { generateDemoData } from './generate-demo-data.ts';

function filesOn(today: string) {
  const options = { seed: 1, size: 300, today };
  const dataset = generateDemoData(options);
  return { dataset, files: buildDemoFiles(dataset, options) };
}

describe('buildDemoFiles', () => {
  it('writes feeds for insurers on the platform, paper for the one that is not, and the organisations', () => {
    const { dataset, files } = filesOn('2026-11-25');
    expect(files.map((f) => f.name)).toEqual(['feed-229013.json', 'feed-229021.json', 'paper-229039.json', 'organisations.json']);
    let insured = 0;
    let documents = 0;
    for (const f of files) {
      const roundTripped: unknown = JSON.parse(JSON.stringify(f.content));
      if (f.kind === 'feed') {
        const feed = FeedFile.parse(roundTripped);
        expect(feed.createdAt).toBe('2026-11-25T06:00:00+09:00');
        expect(feed.records.every((r) => r.insurerNumber === feed.insurerNumber)).toBe(true);
        // insured records come before the documents that refer to them
        const firstDoc = feed.records.findIndex((r) => r.kind !== 'insured');
        expect(feed.records.slice(firstDoc).every((r) => r.kind !== 'insured')).toBe(true);
        insured += feed.records.filter((r) => r.kind === 'insured').length;
        documents += feed.records.filter((r) => r.kind !== 'insured').length;
      } else if (f.kind === 'paper') {
        const paper = PaperRecordsFile.parse(roundTripped);
        expect(paper.insurerName).toBe('高峰村');
        insured += paper.records.length;
      } else {
        const org = DemoOrganisationsFile.parse(roundTripped);
        expect(org.links).toHaveLength(dataset.links.length);
      }
    }
    expect(insured).toBe(300);
    expect(documents).toBe(dataset.documents.length);
  });

  it('treats an insurer whose live date is still ahead as paper', () => {
    expect(filesOn('2026-06-10').files.map((f) => f.name)).toEqual(['feed-229013.json', 'paper-229021.json', 'paper-229039.json', 'organisations.json']);
    const before = filesOn('2026-03-31');
    expect(before.files.filter((f) => f.kind === 'feed')).toHaveLength(0);
    expect(before.dataset.documents).toHaveLength(0);
  });
});
