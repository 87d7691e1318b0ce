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
    let endOfRecord = false;
    let broken = false;
    while (!endOfRecord) {
      let cell: string;
      if (i < n && text[i] === '"') {
        i++;
        // Find the closing quote first, then take the cell with one slice: building it piece by piece makes
        // the garbage collector dominate on large files.
        const open = i;
        let closed = false;
        while (i < n) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            i = n;
            break;
          }
          if (text.charCodeAt(quote + 1) === 0x22) {
            i = quote + 2;
            continue;
          }
          i = quote + 1;
          closed = true;
          break;
        }
        const raw = text.slice(open, closed ? i - 1 : i);
        cell = raw.includes('""') ? raw.replaceAll('""', '"') : raw;
        for (let k = raw.indexOf('\n'); k !== -1; k = raw.indexOf('\n', k + 1)) line++;
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
        const start = i;
        while (i < n) {
          const code = text.charCodeAt(i);
          if (code === 0x2c || code === 0x0a || code === 0x0d) break;
          if (code === 0x22 && !broken) {
            problems.push({ line, reason: '引用されていない項目の中に引用符（"）があります' });
            broken = true;
          }
          i++;
        }
        cell = text.slice(start, i);
      }
      if (i >= n) {
        cells.push(cell);
        endOfRecord = true;
      } else if (text[i] === ',') {
        cells.push(cell);
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
