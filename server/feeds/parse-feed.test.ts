import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedFile, FeedRecord } from '../../src/protocol/feed.ts';
import { buildDemoFiles, generateDemoData } from '../demo/index.ts';
import { FEED_COLUMNS } from './feed-columns.ts';
import { parseFeed } from './parse-feed.ts';
import { writeFeedCsv, writeFeedJson } from './write-feed.ts';

const HEADER = FEED_COLUMNS.map((c) => c.name);

/** One CSV row from named cells; every other column empty. */
function row(cells: Record<string, string>): string {
  return HEADER.map((name) => {
    const v = cells[name] ?? '';
    return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(',');
}

const person = {
  recordType: 'insured',
  insurerNumber: '229013',
  insuredNumber: '0000012345',
  name: '山田 花子',
  nameKana: 'ヤマダ ハナコ',
  birthDate: '1940/03/05',
  sex: '2',
  postalCode: '420-0001',
  address: '静岡県桜丘市本町1-2-3',
  issuedOn: '2026-04-01',
  qualifiedOn: '2005-03-05',
  careLevel: '要介護2',
  certifiedOn: '2026-03-20',
  certificationFrom: '2026-04-01',
  certificationTo: '2027-03-31',
  benefitLimitFrom: '2026-04-01',
  benefitLimitTo: '2027-03-31',
  benefitLimitUnits: '19705',
  reviewBoardOpinion: 'なし',
  burdenRatioIssuedOn: '2026-07-10',
  burdenRatio1: '2',
  burdenRatio1From: '2025-08-01',
  burdenRatio1To: '2026-07-31',
  burdenRatio2: '3割',
  burdenRatio2From: '2026-08-01',
  burdenRatio2To: '2027-07-31',
  homeModificationUsedYen: '0',
  homeModificationCountedSince: '2026-04-01',
};

function csv(...rows: string[]): Uint8Array {
  return new TextEncoder().encode([HEADER.join(','), ...rows].join('\r\n') + '\r\n');
}

function expectErrors(result: ReturnType<typeof parseFeed>) {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('parseFeed: CSV', () => {
  it('reads a good row, normalising dates, labels, sex and ratios', () => {
    const result = parseFeed(csv(row(person)), 'feed.csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.encoding).toBe('utf-8');
    expect(result.file.insurerNumber).toBe('229013');
    const record = result.file.records[0] as Extract<FeedRecord, { kind: 'insured' }>;
    expect(record.identity.birthDate).toBe('1940-03-05');
    expect(record.identity.sex).toBe('female');
    expect(record.eligibility.careLevel).toBe('care2');
    expect(record.eligibility.disqualifiedOn).toBeNull();
    expect(record.costLimitCertification).toBeNull();
    expect(record.certification).toBeNull();
    expect(record.burdenRatio.periods).toEqual([
      { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
      { ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } },
    ]);
  });

  it('reads Shift_JIS and a UTF-8 BOM alike', () => {
    const text = [HEADER.join(','), row(person)].join('\r\n');
    const sjis = parseFeed(new Uint8Array(iconv.encode(text, 'cp932')), 'feed.csv');
    const bom = parseFeed(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), 'feed.csv');
    expect(sjis.ok && sjis.encoding).toBe('shift_jis');
    expect(bom.ok && bom.encoding).toBe('utf-8');
    if (sjis.ok && bom.ok) expect(sjis.file.records).toEqual(bom.file.records);
  });

  it('keeps commas, quotes and line breaks inside quoted cells, and counts physical lines', () => {
    const withNewline = row({ ...person, address: '静岡県桜丘市本町1-2-3\n"さくら荘", 101号' });
    const bad = row({ ...person, insuredNumber: '0000000002', careLevel: '要介護9' });
    const errors = expectErrors(parseFeed(csv(withNewline, bad), 'feed.csv'));
    // Header on line 1, the first record spans lines 2-3, so the bad record starts on line 4.
    expect(errors).toEqual([{ line: 4, field: 'careLevel', reason: expect.stringContaining('使えない値です') }]);
  });

  it('lists every error of every row with line, column and a Japanese reason', () => {
    const errors = expectErrors(
      parseFeed(
        csv(
          row({ ...person, insuredNumber: '12345', birthDate: '1940-02-30' }),
          row({ ...person, insuredNumber: '0000000003', name: '', burdenRatio1: '4' }),
        ),
        'feed.csv',
      ),
    );
    expect(errors).toEqual([
      { line: 2, field: 'birthDate', reason: '存在しない日付です' },
      { line: 2, field: 'insuredNumber', reason: '被保険者番号は10桁の数字です' },
      { line: 3, field: 'burdenRatio1', reason: expect.stringMatching(/使えない値|形式/) },
      { line: 3, field: 'name', reason: '必須です' },
    ]);
  });

  it('rejects unknown columns, a wrong cell count, unknown record types and cells of another type', () => {
    const unknown = new TextEncoder().encode(`${HEADER.join(',')},careLvl\r\n`);
    expect(expectErrors(parseFeed(unknown, 'f.csv'))).toEqual([
      { line: 1, field: 'careLvl', reason: expect.stringContaining('不明な列名') },
    ]);
    const short = csv(`insured,229013,0000012345`);
    expect(expectErrors(parseFeed(short, 'f.csv'))[0]).toMatchObject({ line: 2, reason: expect.stringContaining('列の数') });
    const kind = csv(row({ ...person, recordType: 'person' }));
    expect(expectErrors(parseFeed(kind, 'f.csv'))[0]).toMatchObject({ line: 2, field: 'recordType' });
    const stray = csv(row({ ...person, clinicName: '桜丘医院' }));
    expect(expectErrors(parseFeed(stray, 'f.csv'))).toEqual([{ line: 2, field: 'clinicName', reason: 'insured の行では空欄にしてください' }]);
  });

  it('rejects a person twice, two insurers, overlapping ratio periods and a gap in the periods', () => {
    const errors = expectErrors(
      parseFeed(
        csv(
          row(person),
          row({ ...person, name: '山田 太郎' }),
          row({ ...person, insuredNumber: '0000000004', insurerNumber: '229021' }),
          row({ ...person, insuredNumber: '0000000005', burdenRatio2From: '2026-07-01' }),
        ),
        'f.csv',
      ),
    );
    expect(errors).toEqual([
      { line: 3, field: 'insuredNumber', reason: '同じ被保険者が2行目にもあります' },
      { line: 4, field: 'insurerNumber', reason: 'ファイル内の保険者番号（229013）と違います' },
      { line: 5, field: 'burdenRatio', reason: '負担割合の期間が重なっています' },
    ]);
    const gap = csv(row({ ...person, burdenRatio1: '', burdenRatio1From: '', burdenRatio1To: '' }));
    expect(expectErrors(parseFeed(gap, 'f.csv'))).toEqual([
      { line: 2, field: 'burdenRatio1', reason: '負担割合の期間は1番目から順に入力してください' },
    ]);
  });

  it('reports broken quoting and empty files', () => {
    expect(expectErrors(parseFeed(csv(`insured,"229013`), 'f.csv'))[0]).toMatchObject({ line: 2, reason: expect.stringContaining('引用符') });
    expect(expectErrors(parseFeed(new Uint8Array(), 'f.csv'))).toEqual([{ line: 0, field: '', reason: 'ファイルが空です' }]);
    expect(expectErrors(parseFeed(csv(), 'f.csv'))[0]).toMatchObject({ reason: 'レコードが1件もありません' });
  });

  it('rejects bytes that are neither UTF-8 nor Shift_JIS', () => {
    const errors = expectErrors(parseFeed(new Uint8Array([0x61, 0x2c, 0x80, 0xff, 0xff]), 'f.csv'));
    expect(errors[0]!.reason).toContain('文字コード');
  });

  it('caps a huge error list with a closing count', () => {
    const rows = Array.from({ length: 600 }, (_, i) => row({ ...person, insuredNumber: String(i).padStart(10, '0'), name: '', sex: 'x' }));
    const errors = expectErrors(parseFeed(csv(...rows), 'f.csv'));
    expect(errors).toHaveLength(1001);
    expect(errors[1000]!.reason).toBe('…ほか200件のエラーがあります');
  });
});

describe('parseFeed: JSON', () => {
  it('points at the record index and path of each problem', () => {
    const dataset = generateDemoData({ seed: 3, size: 20, today: '2026-11-25' });
    const feed = buildDemoFiles(dataset, { seed: 3, size: 20, today: '2026-11-25' }).find((f) => f.kind === 'feed')!.content as FeedFile;
    const broken = structuredClone(feed) as { records: Record<string, unknown>[] };
    (broken.records[2]!['eligibility'] as Record<string, unknown>)['careLevel'] = 'care9';
    const errors = expectErrors(parseFeed(new TextEncoder().encode(JSON.stringify(broken)), 'feed.json'));
    expect(errors).toEqual([{ line: 3, field: 'records[2].eligibility.careLevel', reason: expect.stringContaining('使えない値です') }]);
  });

  it('reports malformed JSON at the file level', () => {
    const errors = expectErrors(parseFeed(new TextEncoder().encode('{"format": '), 'feed.json'));
    expect(errors[0]).toMatchObject({ line: 0, reason: expect.stringContaining('JSON形式') });
  });
});

describe('parseFeed: properties', () => {
  it('never throws, and every error has a line and a reason', () => {
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.string({ maxLength: 400 }).map((s) => new TextEncoder().encode(s)),
      fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: HEADER.length + 2 }), { maxLength: 6 }).map((rows) =>
        new TextEncoder().encode([HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n')),
      ),
    );
    fc.assert(
      fc.property(inputs, fc.constantFrom('f.csv', 'f.json'), (bytes, name) => {
        const result = parseFeed(bytes, name);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(Number.isInteger(e.line) && e.line >= 0).toBe(true);
            expect(e.reason.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('valid files round-trip through CSV (UTF-8 and Shift_JIS) and JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom<'utf-8' | 'shift_jis'>('utf-8', 'shift_jis'), (seed, encoding) => {
        const options = { seed, size: 12, today: '2026-11-25' };
        const feeds = buildDemoFiles(generateDemoData(options), options).filter((f) => f.kind === 'feed');
        for (const { content } of feeds) {
          const file = content as FeedFile;
          const fromCsv = parseFeed(writeFeedCsv(file, encoding), 'feed.csv');
          const fromJson = parseFeed(writeFeedJson(file), 'feed.json');
          expect(fromCsv.ok && fromCsv.encoding).toBe(encoding);
          expect(fromJson.ok).toBe(true);
          if (fromCsv.ok) expect(fromCsv.file.records).toEqual(file.records);
          if (fromJson.ok) expect(fromJson.file).toEqual(file);
        }
      }),
      { numRuns: 25 },
    );
  });
});
