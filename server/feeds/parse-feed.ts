/**
 * Reads an insurer feed file (JSON or CSV, UTF-8 or Shift_JIS) into a validated FeedFile, or lists every
 * problem in it with its line, field and a Japanese reason. It never throws: a file is either whole and valid
 * or rejected with all its errors, so nothing half-read can reach the database.
 */

import { FeedFile, type FeedError, FeedRecord } from '../../src/protocol/feed.ts';
import { readCsv } from './csv-reader.ts';
import { decodeFeedBytes, type FeedEncoding } from './decode-feed-bytes.ts';
import { capFeedErrors, reasonForIssue } from './feed-errors.ts';
import {
  cellValue,
  columnForPath,
  emptyValue,
  FEED_COLUMNS,
  FEED_RECORD_TYPES,
  type FeedColumn,
  type FeedRecordType,
  formatPath,
  NULLABLE_GROUPS,
  type PathKey,
} from './feed-columns.ts';

export type ParseFeedResult = { ok: true; file: FeedFile; encoding: FeedEncoding } | { ok: false; errors: FeedError[] };

/** Where each record of a file came from: its CSV line, or its 1-based index in a JSON file. */
interface Located {
  readonly line: number;
  readonly record: FeedRecord;
  readonly fieldPrefix: string;
}

export function parseFeed(bytes: Uint8Array, fileName: string): ParseFeedResult {
  try {
    return parseFeedUnsafe(bytes, fileName);
  } catch (error) {
    // Defensive: every expected problem is reported above; this keeps the promise that parsing never throws.
    return { ok: false, errors: [{ line: 0, field: '', reason: `ファイルを読めませんでした（${error instanceof Error ? error.name : 'error'}）` }] };
  }
}

function parseFeedUnsafe(bytes: Uint8Array, fileName: string): ParseFeedResult {
  if (bytes.length === 0) return fail([{ line: 0, field: '', reason: 'ファイルが空です' }]);
  const decoded = decodeFeedBytes(bytes);
  if (!decoded.ok) return fail([{ line: 0, field: '', reason: decoded.reason }]);
  const looksJson = /\.json$/i.test(fileName) || decoded.text.trimStart().startsWith('{');
  const parsed = looksJson ? readJsonFeed(decoded.text) : readCsvFeed(decoded.text);
  if (!parsed.ok) return fail(parsed.errors);
  const crossErrors = checkAcrossRecords(parsed.file.insurerNumber, parsed.located);
  if (crossErrors.length > 0) return fail(crossErrors);
  return { ok: true, file: parsed.file, encoding: decoded.encoding };
}

function fail(errors: FeedError[]): ParseFeedResult {
  return { ok: false, errors: capFeedErrors(errors) };
}

type ReadResult = { ok: true; file: FeedFile; located: Located[] } | { ok: false; errors: FeedError[] };

function readJsonFeed(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ line: 0, field: '', reason: `JSON形式が正しくありません（${error instanceof Error ? error.message : ''}）` }] };
  }
  const result = FeedFile.safeParse(data);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => {
        const [first, index] = issue.path;
        const line = first === 'records' && typeof index === 'number' ? index + 1 : 0;
        return { line, field: formatPath(issue.path as PathKey[]), reason: reasonForIssue(issue) };
      }),
    };
  }
  if (result.data.records.length === 0) return { ok: false, errors: [{ line: 0, field: 'records', reason: 'レコードが1件もありません' }] };
  const located = result.data.records.map((record, i) => ({ line: i + 1, record, fieldPrefix: `records[${i}].` }));
  return { ok: true, file: result.data, located };
}

const COLUMN_BY_NAME = new Map(FEED_COLUMNS.map((c) => [c.name, c]));

function readCsvFeed(text: string): ReadResult {
  const csv = readCsv(text);
  if (!csv.ok) return { ok: false, errors: csv.problems.map((p) => ({ line: p.line, field: '', reason: p.reason })) };
  const [header, ...rows] = csv.records;
  if (!header) return { ok: false, errors: [{ line: 0, field: '', reason: 'ファイルが空です' }] };
  const errors: FeedError[] = [];
  const columns: (FeedColumn | null)[] = header.cells.map((name) => {
    const column = COLUMN_BY_NAME.get(name.trim()) ?? null;
    if (!column) errors.push({ line: header.line, field: name, reason: '不明な列名です（docs/feed-format.md の列名を使ってください）' });
    return column;
  });
  const seen = new Set<string>();
  for (const name of header.cells) {
    if (seen.has(name)) errors.push({ line: header.line, field: name, reason: '同じ列名が2回あります' });
    seen.add(name);
  }
  for (const required of ['recordType', 'insurerNumber', 'insuredNumber']) {
    if (!seen.has(required)) errors.push({ line: header.line, field: required, reason: '必須の列がありません' });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: header.line, field: '', reason: 'レコードが1件もありません' }] };

  const located: Located[] = [];
  for (const row of rows) {
    const built = buildRecord(row.line, row.cells, columns as FeedColumn[]);
    if (!built.ok) {
      errors.push(...built.errors);
      continue;
    }
    const result = FeedRecord.safeParse(built.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const target = columnForPath(built.type, issue.path as PathKey[]);
        const field = target ? target.column + (target.rest ? ` ${target.rest}` : '') : formatPath(issue.path as PathKey[]);
        errors.push({ line: row.line, field, reason: reasonForIssue(issue) });
      }
      continue;
    }
    located.push({ line: row.line, record: result.data, fieldPrefix: '' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const insurerNumber = located[0]!.record.insurerNumber;
  const file: FeedFile = { format: 'tsunagi-insurer-feed', version: 1, insurerNumber, createdAt: '', records: located.map((l) => l.record) };
  return { ok: true, file, located };
}

const GROUP_MEMBERS = NULLABLE_GROUPS.map((group) => ({
  group,
  members: FEED_COLUMNS.filter((c) => c.types.includes(group.type) && startsWith(c.path, group.path)).map((c) => c.name),
}));

type Built = { ok: true; type: FeedRecordType; value: Record<string, unknown> } | { ok: false; errors: FeedError[] };

function buildRecord(line: number, cells: string[], columns: FeedColumn[]): Built {
  if (cells.length !== columns.length) {
    return { ok: false, errors: [{ line, field: '', reason: `列の数が見出し行と違います（見出し ${columns.length} 列、この行 ${cells.length} 列）` }] };
  }
  const typeCell = cells[columns.findIndex((c) => c.name === 'recordType')]?.trim() ?? '';
  const type = FEED_RECORD_TYPES.find((t) => t === typeCell);
  if (!type) {
    return { ok: false, errors: [{ line, field: 'recordType', reason: `使えない値です（使える値: ${FEED_RECORD_TYPES.join(', ')}）` }] };
  }
  const errors: FeedError[] = [];
  const value: Record<string, unknown> = {};
  const filled = new Set<string>();
  // Start every applicable column at its empty value so the schema names what is missing.
  for (const column of FEED_COLUMNS) if (column.types.includes(type)) setPath(value, column.path, emptyValue(column.kind));
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? '').trim();
    if (!column.types.includes(type)) {
      if (cell !== '') errors.push({ line, field: column.name, reason: `${type} の行では空欄にしてください` });
      return;
    }
    if (cell === '') return;
    filled.add(column.name);
    try {
      setPath(value, column.path, cellValue(column.kind, cell));
    } catch {
      errors.push({ line, field: column.name, reason: 'JSON形式が正しくありません' });
    }
  });
  for (const { group, members } of GROUP_MEMBERS) {
    if (group.type !== type || group.whenEmpty !== 'null') continue;
    if (!members.some((name) => filled.has(name))) setPath(value, group.path, null);
  }
  if (type === 'insured') compactBurdenRatioPeriods(line, value, filled, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, type, value };
}

/** Burden-ratio periods are columns 1…N; empty trailing ones are dropped, a gap is an error. */
function compactBurdenRatioPeriods(line: number, value: Record<string, unknown>, filled: Set<string>, errors: FeedError[]): void {
  const burdenRatio = value['burdenRatio'] as { periods: unknown[] };
  const used = burdenRatio.periods.map((_, i) => ['', 'From', 'To'].some((s) => filled.has(`burdenRatio${i + 1}${s}`)));
  const last = used.lastIndexOf(true);
  const gap = used.slice(0, last + 1).indexOf(false);
  if (gap >= 0) errors.push({ line, field: `burdenRatio${gap + 1}`, reason: '負担割合の期間は1番目から順に入力してください' });
  burdenRatio.periods = burdenRatio.periods.slice(0, last + 1);
}

function startsWith(path: readonly PathKey[], prefix: readonly PathKey[]): boolean {
  return prefix.every((k, i) => path[i] === k);
}

function setPath(target: Record<string, unknown>, path: readonly PathKey[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) {
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[key] as Record<string | number, unknown>;
  });
}

/** Checks that need the whole file: one insurer, each person and document once, no overlapping ratio periods. */
function checkAcrossRecords(fileInsurer: string, located: Located[]): FeedError[] {
  const errors: FeedError[] = [];
  const people = new Map<string, number>();
  const documents = new Map<string, number>();
  for (const { line, record, fieldPrefix } of located) {
    if (record.insurerNumber !== fileInsurer) {
      errors.push({ line, field: `${fieldPrefix}insurerNumber`, reason: `ファイル内の保険者番号（${fileInsurer}）と違います` });
    }
    if (record.kind === 'insured') {
      const first = people.get(record.insuredNumber);
      if (first !== undefined) errors.push({ line, field: `${fieldPrefix}insuredNumber`, reason: `同じ被保険者が${first}行目にもあります` });
      else people.set(record.insuredNumber, line);
      const periods = [...record.burdenRatio.periods].sort((a, b) => a.period.from.localeCompare(b.period.from));
      for (let i = 1; i < periods.length; i++) {
        if (periods[i]!.period.from <= periods[i - 1]!.period.to) {
          errors.push({ line, field: `${fieldPrefix}burdenRatio`, reason: '負担割合の期間が重なっています' });
          break;
        }
      }
    } else {
      const first = documents.get(record.documentId);
      if (first !== undefined) errors.push({ line, field: `${fieldPrefix}documentId`, reason: `同じ文書IDが${first}行目にもあります` });
      else documents.set(record.documentId, line);
    }
  }
  return errors;
}

