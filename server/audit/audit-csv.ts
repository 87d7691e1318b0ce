/**
 * The audit log as a CSV file for the office's records: UTF-8 with a BOM (so that Excel in Japan reads it as
 * UTF-8), a Japanese header row, CRLF line ends and RFC 4180 quoting. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or CR: OWASP "CSV Injection") gets a leading apostrophe, so that
 * opening the file never executes what someone typed into a logged field.
 */
import type { AuditEntry } from '../../src/protocol/admin.ts';
import { canonicalJson } from '../db/canonical-json.ts';
import { csvRow } from '../feeds/csv-writer.ts';

export const AUDIT_CSV_HEADER = [
  '連番',
  '記録日時(UTC)',
  '発生日時(UTC)',
  '発生元',
  '操作',
  '結果',
  '職員ID',
  '端末ID',
  '事業所番号',
  '保険者番号',
  '被保険者番号',
  '詳細',
  '接続元',
  'ハッシュ',
] as const;

const BOM = '\uFEFF';

/** A cell a spreadsheet would not run as a formula. */
export function neutralizeCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [csvRow(AUDIT_CSV_HEADER)];
  for (const e of entries) {
    const cells = [
      String(e.seq),
      e.recordedAt,
      e.occurredAt,
      e.origin,
      e.action,
      e.outcome,
      e.staffId ?? '',
      e.deviceId ?? '',
      e.providerNumber ?? '',
      e.insurerNumber ?? '',
      e.insuredNumber ?? '',
      Object.keys(e.detail).length === 0 ? '' : canonicalJson(e.detail),
      e.sourceAddress ?? '',
      e.hash,
    ];
    lines.push(csvRow(cells.map(neutralizeCsvCell)));
  }
  return BOM + lines.join('');
}
