/**
 * Reads the CSV form of an insurer feed (layout in feed-columns.ts and docs/feed-format.md) into records, each
 * validated by the contract's schema, with every problem named by its physical line and column. Rows are turned
 * into record objects column by column, groups of empty cells become null (or drop out of their list), and the
 * schema's issues are mapped back from paths to column names.
 */
import { FeedRecord, type FeedError } from '../../src/protocol/feed.ts';
import { readCsv } from './csv-reader.ts';
import { reasonForIssue } from './feed-errors.ts';
import {
  COLUMN_GROUPS,
  columnForPath,
  FEED_COLUMN_BY_NAME,
  FEED_COLUMNS,
  FEED_RECORD_TYPES,
  type FeedColumn,
  type FeedRecordType,
  formatPath,
  type PathKey,
  RECORD_TYPE_CODES,
  SLOT_LISTS,
} from './feed-columns.ts';
import type { CheckedRecord, FeedReading } from './parse-feed-checks.ts';
import { parseFeedCell } from './parse-feed-cell.ts';

const REQUIRED_COLUMNS = ['recordType', 'insurerNumber', 'insuredNumber'] as const;

export function parseCsvFeed(text: string): FeedReading {
  const csv = readCsv(text);
  if (!csv.ok) return failed(csv.problems.map((p) => ({ line: p.line, field: '', reason: p.reason })));
  const [header, ...rows] = csv.records;
  if (!header) return failed([{ line: 0, field: '', reason: 'ファイルが空です' }]);
  const layout = readHeader(header.line, header.cells);
  if (!layout.ok) return failed(layout.errors);
  if (rows.length === 0) return failed([{ line: 0, field: '', reason: 'レコードが1件もありません（見出し行だけです）' }]);

  const errors: FeedError[] = [];
  const records: CheckedRecord[] = [];
  let insurer: FeedReading['context']['insurer'] = null;
  let createdAt: { value: string; line: number } | null = null;
  for (const row of rows) {
    if (row.cells.length !== layout.columns.length) {
      errors.push({ line: row.line, field: '', reason: `列の数が見出し行と違います（見出し ${layout.columns.length} 列、この行 ${row.cells.length} 列）` });
      continue;
    }
    const created = layout.createdAtIndex === -1 ? '' : row.cells[layout.createdAtIndex]!;
    if (createdAt === null) createdAt = { value: created, line: row.line };
    else if (created !== createdAt.value) {
      errors.push({ line: row.line, field: 'createdAt', reason: `作成日時が${createdAt.line}行目（${createdAt.value || '空欄'}）と違います` });
    }
    const built = buildRecord(row.line, row.cells, layout);
    errors.push(...built.errors);
    if (!built.checked) continue;
    records.push(built.checked);
    const number = (built.checked.candidate as Record<string, unknown>)['insurerNumber'];
    if (insurer === null && typeof number === 'string' && /^\d{6}$/.test(number)) insurer = { number, source: `${row.line}行目の` };
  }
  const valid = errors.length === 0 && records.every((r) => r.record !== null);
  return {
    errors,
    records,
    context: { insurer, lineUnit: '行目' },
    file:
      valid && insurer
        ? {
            format: 'tsunagi-insurer-feed',
            version: 1,
            insurerNumber: insurer.number,
            createdAt: createdAt?.value ?? '',
            records: records.map((r) => r.record!),
          }
        : null,
  };
}

function failed(errors: FeedError[]): FeedReading {
  return { errors, records: [], context: { insurer: null, lineUnit: '行目' }, file: null };
}

/** What the header says: the column of each position, and per record type what to do with each column. */
interface Layout {
  readonly columns: readonly FeedColumn[];
  readonly typeIndex: number;
  readonly createdAtIndex: number;
  /** Per type: the applicable columns absent from the header, which read as empty cells. */
  readonly absent: Readonly<Record<FeedRecordType, readonly FeedColumn[]>>;
}

function readHeader(line: number, cells: readonly string[]): { ok: true } & Layout | { ok: false; errors: FeedError[] } {
  const errors: FeedError[] = [];
  const columns: FeedColumn[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const name = cell.trim();
    const column = FEED_COLUMN_BY_NAME.get(name);
    if (!column) errors.push({ line, field: name, reason: '不明な列名です（docs/feed-format.md の列名を使ってください）' });
    else if (seen.has(name)) errors.push({ line, field: name, reason: '同じ列名が2回あります' });
    else columns.push(column);
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) {
    if (!seen.has(name)) errors.push({ line, field: name, reason: '必須の列がありません' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const present = new Set(columns);
  const absent = Object.fromEntries(
    FEED_RECORD_TYPES.map((type) => [type, FEED_COLUMNS.filter((c) => c.path.length > 0 && c.types.includes(type) && !present.has(c))]),
  ) as Record<FeedRecordType, FeedColumn[]>;
  return {
    ok: true,
    columns,
    typeIndex: columns.findIndex((c) => c.name === 'recordType'),
    createdAtIndex: columns.findIndex((c) => c.name === 'createdAt'),
    absent,
  };
}

function buildRecord(line: number, cells: readonly string[], layout: Layout): { errors: FeedError[]; checked: CheckedRecord | null } {
  const typeColumn = layout.columns[layout.typeIndex]!;
  const typeCell = parseFeedCell(typeColumn, cells[layout.typeIndex]!);
  if (!typeCell.ok || typeCell.value === null) {
    const reason = typeCell.ok ? `必須です（${RECORD_TYPE_CODES.shown.join(', ')}）` : typeCell.reason;
    return { errors: [{ line, field: 'recordType', reason }], checked: null };
  }
  const type = typeCell.value as FeedRecordType;
  const errors: FeedError[] = [];
  const badColumns = new Set<string>();
  const filled = new Set<string>();
  const candidate: Record<string, unknown> = {};
  for (const column of layout.absent[type]) setPath(candidate, column.path, emptyValue(column));
  for (let i = 0; i < cells.length; i++) {
    const column = layout.columns[i]!;
    if (column.path.length === 0) continue;
    const cell = cells[i]!;
    const blank = cell.trim() === '';
    if (!column.types.includes(type)) {
      if (!blank) errors.push({ line, field: column.name, reason: `${type} の行では空欄にしてください` });
      continue;
    }
    if (!blank) filled.add(column.name);
    const value = parseFeedCell(column, cell);
    if (value.ok) {
      setPath(candidate, column.path, value.value);
    } else {
      errors.push({ line, field: column.name, reason: value.reason });
      badColumns.add(column.name);
      setPath(candidate, column.path, cell);
    }
  }
  if (type === 'insured') resolveGroups(line, candidate, filled, errors, badColumns);

  const fieldOf = (path: readonly PathKey[]): string => columnForPath(type, path)?.column.name ?? formatPath(path);
  const result = FeedRecord.safeParse(candidate, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as PathKey[];
      const target = columnForPath(type, path);
      if (target && badColumns.has(target.column.name)) continue;
      const reason = reasonForIssue(issue);
      errors.push({
        line,
        field: target?.column.name ?? formatPath(path),
        reason: target && target.rest.length > 0 ? `${describeRest(target.column, target.rest)}: ${reason}` : reason,
      });
    }
  }
  return { errors, checked: { line, candidate, record: result.success ? result.data : null, fieldOf } };
}

/**
 * Empty optional objects become null; numbered list items with no cells drop out, and must not leave a gap (the
 * cells of a skipped item are not reported one by one: the gap is).
 */
function resolveGroups(
  line: number,
  candidate: Record<string, unknown>,
  filled: ReadonlySet<string>,
  errors: FeedError[],
  badColumns: Set<string>,
): void {
  for (const group of COLUMN_GROUPS) {
    if (group.whenEmpty === 'null' && !group.members.some((name) => filled.has(name))) setPath(candidate, group.path, null);
  }
  for (const list of SLOT_LISTS) {
    const items = getPath(candidate, list.path);
    if (!Array.isArray(items)) continue;
    const used = list.slots.map((members) => members.some((name) => filled.has(name)));
    const last = used.lastIndexOf(true);
    for (let slot = 0; slot < last; slot++) {
      if (used[slot]) continue;
      const members = list.slots[slot]!;
      errors.push({ line, field: members[0]!, reason: `${slot + 1}番目が空のまま${last + 1}番目があります（1番目から順に入れてください）` });
      for (const name of members) badColumns.add(name);
    }
    items.length = last + 1;
  }
}

function describeRest(column: FeedColumn, rest: readonly PathKey[]): string {
  const [index, key] = rest;
  if (column.list && typeof index === 'number') {
    const label = key === column.list.textKey ? column.list.textLabel : key === column.list.valueKey ? column.list.valueLabel : '';
    return `${index + 1}件目${label ? `の${label}` : ''}`;
  }
  return formatPath(rest);
}

function emptyValue(column: FeedColumn): unknown {
  if (column.kind === 'text') return '';
  if (column.kind === 'list' || column.kind === 'json') return [];
  return null;
}

function getPath(source: Record<string, unknown>, path: readonly PathKey[]): unknown {
  let node: unknown = source;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PathKey, unknown>)[key];
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: readonly PathKey[], value: unknown): void {
  let node = target as Record<PathKey, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next = node[key];
    if (typeof next !== 'object' || next === null) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<PathKey, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
