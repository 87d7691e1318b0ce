/**
 * Turns one CSV cell into the value its column's kind asks for (see ColumnKind in feed-columns.ts). A cell that
 * cannot be read gets a Japanese reason here; values that read but break a rule (a 9-digit 被保険者番号, 2月30日)
 * are left to the schema, which knows the rules.
 */
import { allowedValues } from './feed-errors.ts';
import type { FeedColumn, ListSyntax } from './feed-columns.ts';

export type CellResult = { ok: true; value: unknown } | { ok: false; reason: string };

const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const INT = /^\d{1,15}$/;

export const DATE_REASON = '日付は YYYY-MM-DD か YYYY/MM/DD で書いてください';
const INT_REASON = '0以上の整数で書いてください（桁区切りのカンマは付けません）';

export function parseFeedCell(column: FeedColumn, cell: string): CellResult {
  switch (column.kind) {
    case 'text':
      return { ok: true, value: cell };
    case 'token': {
      const token = cell.trim();
      return { ok: true, value: token === '' ? null : token };
    }
    case 'date':
      return readDate(cell.trim());
    case 'int':
      return readInt(cell.trim());
    case 'code': {
      const code = cell.trim();
      if (code === '') return { ok: true, value: null };
      const value = column.codes?.values.get(code.normalize('NFKC'));
      return value === undefined ? { ok: false, reason: allowedValues(column.codes?.shown ?? []) } : { ok: true, value };
    }
    case 'list':
      return column.list ? readList(column.list, cell) : { ok: false, reason: '値が正しくありません' };
    case 'json': {
      const json = cell.trim();
      if (json === '') return { ok: true, value: [] };
      try {
        return { ok: true, value: JSON.parse(json) as unknown };
      } catch {
        return { ok: false, reason: 'JSON形式が正しくありません' };
      }
    }
  }
}

function readDate(cell: string): CellResult {
  if (cell === '') return { ok: true, value: null };
  const m = DATE.exec(cell);
  if (!m) return { ok: false, reason: DATE_REASON };
  return { ok: true, value: `${m[1]}-${m[3]!.padStart(2, '0')}-${m[4]!.padStart(2, '0')}` };
}

function readInt(cell: string): CellResult {
  if (cell === '') return { ok: true, value: null };
  return INT.test(cell) ? { ok: true, value: Number(cell) } : { ok: false, reason: INT_REASON };
}

/** `名称:値;名称:値`, split at the last unescaped `:` of each item; `\;` and `\\` stand for `;` and `\`. */
function readList(syntax: ListSyntax, cell: string): CellResult {
  const items: Record<string, unknown>[] = [];
  let text = '';
  let colon = -1;
  let n = 0;
  const finish = (): string | null => {
    if (text === '' && colon === -1) return null; // an empty item (";;" or a trailing ";") is skipped
    n++;
    if (colon === -1) return `${n}件目: 「名称:${syntax.value === 'date' ? '日付' : '数'}」の形で書いてください`;
    const raw = text.slice(colon + 1).trim();
    const value = syntax.value === 'date' ? readDate(raw) : readInt(raw);
    if (!value.ok) return `${n}件目: ${value.reason}`;
    items.push({ [syntax.textKey]: text.slice(0, colon), [syntax.valueKey]: value.value });
    return null;
  };
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i]!;
    if (ch === '\\') {
      const next = cell[i + 1];
      if (next === undefined) return { ok: false, reason: '最後の \\ の後に文字がありません（\\ は \\\\ と書きます）' };
      text += next;
      i++;
    } else if (ch === ';') {
      const problem = finish();
      if (problem) return { ok: false, reason: problem };
      text = '';
      colon = -1;
    } else {
      if (ch === ':') colon = text.length;
      text += ch;
    }
  }
  const problem = finish();
  return problem ? { ok: false, reason: problem } : { ok: true, value: items };
}
