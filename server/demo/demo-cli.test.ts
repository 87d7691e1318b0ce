import { describe, expect, it } from 'vitest';
import { FeedFile } from '../../src/protocol/feed.ts';
import { runDemoCli } from './demo-cli.ts';
import { DemoOrganisationsFile } from './demo-file-schemas.ts';

describe('runDemoCli', () => {
  it('writes the files to --out and logs counts without personal data', async () => {
    const files = new Map<string, string>();
    const dirs: string[] = [];
    const lines: string[] = [];
    const written = await runDemoCli(['--size', '120', '--seed', '9', '--out', '/virtual/demo'], {
      now: () => new Date('2026-11-25T01:00:00Z'),
      mkdir: async (dir) => dirs.push(dir),
      writeFile: async (path, data) => void files.set(path, data),
      log: (line) => lines.push(line),
    });
    expect(dirs).toEqual(['/virtual/demo']);
    expect(written).toEqual([
      '/virtual/demo/feed-229013.json',
      '/virtual/demo/feed-229021.json',
      '/virtual/demo/paper-229039.json',
      '/virtual/demo/organisations.json',
    ]);
    const feed = FeedFile.parse(JSON.parse(files.get('/virtual/demo/feed-229013.json') ?? ''));
    expect(feed.records.filter((r) => r.kind === 'insured')).toHaveLength(66);
    const org = DemoOrganisationsFile.parse(JSON.parse(files.get('/virtual/demo/organisations.json') ?? ''));
    expect(org).toMatchObject({ seed: 9, size: 120, today: '2026-11-25' });

    const log = lines.join('\n');
    expect(log).toContain('120 people');
    for (const r of feed.records) {
      if (r.kind !== 'insured') continue;
      expect(log).not.toContain(r.insuredNumber);
      expect(log).not.toContain(r.identity.name);
    }
  });
});
