import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/protocol/admin.ts';
import { auditCsv, neutralizeCsvCell } from './audit-csv.ts';

const entry: AuditEntry = {
  seq: 7,
  recordedAt: '2026-07-10T01:00:00.000Z',
  occurredAt: '2026-07-10T00:59:58.500Z',
  origin: 'device',
  action: 'person.view',
  outcome: 'allowed',
  staffId: 'staff-1',
  deviceId: 'device-1',
  providerNumber: '2270100011',
  insurerNumber: '229011',
  insuredNumber: '0000000001',
  detail: {},
  sourceAddress: '192.0.2.10',
  hash: 'ab'.repeat(32),
};

const HEADER = '連番,記録日時(UTC),発生日時(UTC),発生元,操作,結果,職員ID,端末ID,事業所番号,保険者番号,被保険者番号,詳細,接続元,ハッシュ\r\n';

describe('auditCsv', () => {
  it('starts with a BOM and the Japanese header, one CRLF-ended row per entry', () => {
    expect(auditCsv([entry])).toBe(
      `\uFEFF${HEADER}7,2026-07-10T01:00:00.000Z,2026-07-10T00:59:58.500Z,device,person.view,allowed,staff-1,device-1,2270100011,229011,0000000001,,192.0.2.10,${'ab'.repeat(32)}\r\n`,
    );
    expect(auditCsv([])).toBe(`\uFEFF${HEADER}`);
  });

  it('quotes cells with commas, quotes and line breaks as RFC 4180 asks, and writes detail as sorted JSON', () => {
    const csv = auditCsv([{ ...entry, staffId: 'a,b', sourceAddress: 'line1\nline2', detail: { reason: 'say "hi"', count: 2 } }]);
    const row = csv.split('\r\n')[1];
    expect(row).toBe(
      `7,2026-07-10T01:00:00.000Z,2026-07-10T00:59:58.500Z,device,person.view,allowed,"a,b",device-1,2270100011,229011,0000000001,"{""count"":2,""reason"":""say \\""hi\\""""}","line1\nline2",${'ab'.repeat(32)}`,
    );
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const csv = auditCsv([{ ...entry, staffId: '=HYPERLINK("http://example.invalid","x")', deviceId: '+1', sourceAddress: '@SUM(A1)', insurerNumber: null }]);
    expect(csv.split('\r\n')[1]).toBe(
      `7,2026-07-10T01:00:00.000Z,2026-07-10T00:59:58.500Z,device,person.view,allowed,"'=HYPERLINK(""http://example.invalid"",""x"")",'+1,2270100011,,0000000001,,'@SUM(A1),${'ab'.repeat(32)}`,
    );
  });
});

describe('neutralizeCsvCell', () => {
  it('prefixes = + - @ tab and CR with an apostrophe, and nothing else', () => {
    expect(['=1+2', '+81', '-3', '@x', '\tx', '\rx'].map(neutralizeCsvCell)).toEqual(["'=1+2", "'+81", "'-3", "'@x", "'\tx", "'\rx"]);
    expect(['', 'staff-1', 'a=b', '2026-07-10'].map(neutralizeCsvCell)).toEqual(['', 'staff-1', 'a=b', '2026-07-10']);
  });
});
