/**
 * A strict CSV reader (RFC 4180): quoted fields with "" escapes, CRLF or LF line ends (RFC 4180 §2.1 asks for
 * CRLF; LF-only files are common and unambiguous, a lone CR ends the reading with an error), line breaks inside quotes.
 * Each record carries the physical 1-based line it starts on, so errors can point at it. Empty lines are
 * skipped. A quote inside an unquoted field, or text after a closing quote, is an error (§2.5–2.7); every such
 * problem is listed, but an unterminated quote ends the reading too, since it swallows the rest of the file.
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
          problems.push({ line: startLine, reason: `${cells.length + 1}列目の引用符（"）が閉じられていません` });
          return { ok: false, problems };
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problems.push({ line, reason: `${cells.length + 1}列目: 閉じる引用符（"）の後に区切りのカンマか改行がありません` });
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
            problems.push({ line, reason: `${cells.length + 1}列目: 引用符（"）で囲まれていない項目の中に引用符があります（"" と書いて全体を " で囲みます）` });
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
        if (text.charCodeAt(i) === 0x0d) {
          i++;
          if (text.charCodeAt(i) !== 0x0a) {
            // A file with CR-only line ends would fail on every line: say it once.
            problems.push({ line, reason: '改行がCRだけです（CRLFかLFにしてください）' });
            return { ok: false, problems };
          }
        }
        i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank && !broken) records.push({ line: startLine, cells });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
