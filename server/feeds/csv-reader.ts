/**
 * A strict CSV reader (RFC 4180): quoted fields with "" escapes, CRLF or LF line ends, line breaks inside
 * quotes. Each record carries the physical 1-based line it starts on, so errors can point at it.
 */

export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly reason: string;
}

export type CsvReadResult = { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] };

export function readCsv(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let endOfRecord = false;
    let broken = false;
    while (!endOfRecord) {
      if (i < n && text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        if (!closed) {
          problems.push({ line: startLine, reason: '引用符（"）が閉じられていません' });
          return { ok: false, problems };
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problems.push({ line, reason: '引用符（"）の後に区切り文字がありません' });
          broken = true;
          // Skip to the end of this physical line so the next record can still be checked.
          while (i < n && text[i] !== '\n') i++;
        }
      } else {
        while (i < n) {
          const ch = text[i]!;
          if (ch === ',' || ch === '\n' || ch === '\r') break;
          if (ch === '"') {
            problems.push({ line, reason: '引用されていない項目の中に引用符（"）があります' });
            broken = true;
          }
          cell += ch;
          i++;
        }
      }
      if (i >= n) {
        cells.push(cell);
        endOfRecord = true;
      } else if (text[i] === ',') {
        cells.push(cell);
        cell = '';
        i++;
      } else {
        cells.push(cell);
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank && !broken) records.push({ line: startLine, cells });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

/** Quotes a cell when it holds a separator, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
