import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedError, FeedFile } from '../../src/protocol/feed.ts';
import { decodeFeedBytes, encodeFeedText } from './decode-feed-bytes.ts';
import { FEED_COLUMNS } from './feed-columns.ts';
import { MAX_FEED_ERRORS } from './feed-errors.ts';
import { parseFeed } from './parse-feed.ts';
import { DOCTOR_OPINION, feedFileArb, FULL_FILE, SJIS_TEXT_CHARS } from './parse-feed-fixtures.testing.ts';
import { writeFeedCsv, writeFeedJson } from './write-feed.ts';

const HEADER = FEED_COLUMNS.map((c) => c.name).join(',');

/** Whatever parseFeed returns for these bytes must be a result, never an exception, and errors must be well formed. */
function expectWellFormed(bytes: Uint8Array, name: string): void {
  const lines = new TextDecoder().decode(bytes).split('\n').length;
  const result = parseFeed(bytes, name);
  if (result.ok) {
    expect(FeedFile.safeParse(result.file).success).toBe(true);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.length).toBeLessThanOrEqual(MAX_FEED_ERRORS);
  for (const error of result.errors) {
    expect(FeedError.safeParse(error).success).toBe(true);
    expect(error.reason).not.toBe('');
    // A CSV line or a JSON record number: never past the end of the file (a record per line at most).
    expect(error.line).toBeLessThanOrEqual(Math.max(lines, 1));
  }
}

describe('parseFeed on arbitrary input (property)', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('f.csv', 'f.json', 'f'), (bytes, name) => expectWellFormed(bytes, name)),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary text in either encoding', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(text, fc.constantFrom('f.csv', 'f.json'), (s, name) => expectWellFormed(new TextEncoder().encode(s), name)),
      { numRuns: 200 },
    );
  });

  it('never throws on CSV-like rows under the real header', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('insured', 'doctorOpinion', '229013', '0000012345', '2026-04-01', '2026/2/30', '要介護2', '"', '""', ';', ':', '[]', '{'),
    );
    const rows = fc.array(fc.array(cell, { maxLength: FEED_COLUMNS.length + 2 }), { maxLength: 5 });
    fc.assert(
      fc.property(rows, fc.constantFrom('\r\n', '\n'), (r, eol) => {
        expectWellFormed(new TextEncoder().encode([HEADER, ...r.map((cells) => cells.join(','))].join(eol)), 'f.csv');
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on valid files with bytes changed', () => {
    const base = writeFeedCsv(FULL_FILE, 'shift_jis');
    const edits = fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(edits, (changes) => {
        const bytes = base.slice();
        for (const [at, value] of changes) bytes[at] = value;
        expectWellFormed(bytes, 'f.csv');
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on JSON of the wrong shape', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const wrapped = { ...FULL_FILE, records: [value] };
        expectWellFormed(new TextEncoder().encode(JSON.stringify(wrapped)), 'f.json');
        expectWellFormed(new TextEncoder().encode(JSON.stringify(value)), 'f.json');
      }),
      { numRuns: 200 },
    );
  });
});

describe('writers and parseFeed round-trip valid files (property)', () => {
  const sjisFiles = feedFileArb(fc.constantFrom(...SJIS_TEXT_CHARS));

  it('generates valid files', () => {
    fc.assert(
      fc.property(sjisFiles, (file) => {
        expect(FeedFile.parse(file)).toEqual(file);
      }),
      { numRuns: 50 },
    );
  });

  it('CSV in Shift_JIS and UTF-8 (with and without a BOM), and JSON, read back equal', () => {
    fc.assert(
      fc.property(sjisFiles, (file) => {
        expect(parseFeed(writeFeedCsv(file, 'shift_jis'), 'f.csv')).toEqual({ ok: true, file, encoding: 'shift_jis' });
        expect(parseFeed(writeFeedCsv(file, 'utf-8'), 'f.csv')).toEqual({ ok: true, file, encoding: 'utf-8' });
        expect(parseFeed(writeFeedCsv(file, 'utf-8', { bom: true }), 'f.csv')).toEqual({ ok: true, file, encoding: 'utf-8' });
        expect(parseFeed(writeFeedJson(file), 'f.json')).toEqual({ ok: true, file, encoding: 'utf-8' });
      }),
      { numRuns: 200 },
    );
  });

  it('UTF-8 CSV carries any Unicode text', () => {
    const anyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
    fc.assert(
      fc.property(feedFileArb(anyText), (file) => {
        expect(parseFeed(writeFeedCsv(file, 'utf-8'), 'f.csv')).toEqual({ ok: true, file, encoding: 'utf-8' });
        expect(parseFeed(writeFeedJson(file), 'f.json')).toEqual({ ok: true, file, encoding: 'utf-8' });
      }),
      { numRuns: 100 },
    );
  });

  it('Shift_JIS text decodes as Shift_JIS, never as UTF-8 by accident', () => {
    const japanese = fc.string({ unit: fc.constantFrom(...SJIS_TEXT_CHARS.filter((c) => c.charCodeAt(0) > 0x7f)), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(japanese, (s) => {
        expect(decodeFeedBytes(encodeFeedText(`recordType\r\n${s}`, 'shift_jis'))).toEqual({
          ok: true,
          text: `recordType\r\n${s}`,
          encoding: 'shift_jis',
          bom: false,
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('pinned cases found by the properties', () => {
  // Seed -886725182 (round trip) drew 7 characters and a CRLF for an 8-character field: the generator counted the
  // CRLF as one character (fixed there). The same shape within the limit must read back exactly: text cells are
  // not trimmed, so a line break at the end of a quoted cell stays part of the value.
  it('keeps a CRLF at the end of a text cell at its length limit', () => {
    const opinion = { ...DOCTOR_OPINION, physicalIndependence: '山山山山山山\r\n' };
    const file = { ...FULL_FILE, records: [opinion] };
    expect(parseFeed(writeFeedCsv(file, 'shift_jis'), 'f.csv')).toEqual({ ok: true, file, encoding: 'shift_jis' });
  });
});
