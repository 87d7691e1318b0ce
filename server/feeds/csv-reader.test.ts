import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader.ts';
import { csvRow } from './csv-writer.ts';

describe('readCsv', () => {
  it('reads CRLF and LF records, with the line each starts on', () => {
    expect(readCsv('a,b\r\nc,d\ne,f')).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['c', 'd'] },
        { line: 3, cells: ['e', 'f'] },
      ],
    });
  });

  it('keeps commas, doubled quotes and line breaks inside quotes, and counts the physical lines they take', () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nsecond line\nthird"\r\n2,""\r\n';
    expect(readCsv(text)).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['id', 'note'] },
        { line: 2, cells: ['1', 'a, "b"\r\nsecond line\nthird'] },
        { line: 5, cells: ['2', ''] },
      ],
    });
  });

  it('keeps empty cells, spaces and a trailing empty cell', () => {
    expect(readCsv(' a ,,\n')).toEqual({ ok: true, records: [{ line: 1, cells: [' a ', '', ''] }] });
  });

  it('skips empty lines but still counts them', () => {
    expect(readCsv('a\r\n\r\n\nb\r\n')).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a'] },
        { line: 4, cells: ['b'] },
      ],
    });
  });

  it('reports an unterminated quote at the line where its record starts', () => {
    expect(readCsv('a,b\r\n1,"open\r\nstill open')).toEqual({
      ok: false,
      problems: [{ line: 2, reason: '2列目の引用符（"）が閉じられていません' }],
    });
  });

  it('reports every stray quote, in unquoted fields and after a closing quote', () => {
    expect(readCsv('a,b"c\r\n"x"y,z\r\nok,ok\r\n')).toEqual({
      ok: false,
      problems: [
        { line: 1, reason: '2列目: 引用符（"）で囲まれていない項目の中に引用符があります（"" と書いて全体を " で囲みます）' },
        { line: 2, reason: '1列目: 閉じる引用符（"）の後に区切りのカンマか改行がありません' },
      ],
    });
  });

  it('rejects CR-only line ends once', () => {
    expect(readCsv('a,b\rc,d\re,f')).toEqual({ ok: false, problems: [{ line: 1, reason: '改行がCRだけです（CRLFかLFにしてください）' }] });
  });

  it('reads back whatever csvRow wrote (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '漢', '\r\n'), maxLength: 8 });
    const record = fc.array(cell, { minLength: 1, maxLength: 5 }).filter((cells) => !(cells.length === 1 && cells[0] === ''));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        const result = readCsv(records.map(csvRow).join(''));
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.records.map((r) => r.cells)).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });
});
