/**
 * Writes CSV records as RFC 4180 asks: CRLF after every record, a field quoted (with "" for each quote) when it
 * holds a comma, a quote or a line break. The inverse of readCsv.
 */

/** Quotes a cell when it holds a separator, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, with its CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
