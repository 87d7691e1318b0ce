/**
 * Writes a FeedFile as CSV (CRLF, UTF-8 or Shift_JIS) or JSON — the inverse of parseFeed, used by the demo
 * data command, the benchmarks and the tests.
 */
import type { FeedFile, FeedRecord } from '../../src/protocol/feed.ts';
import { csvCell } from './csv-reader.ts';
import { encodeFeedText, type FeedEncoding } from './decode-feed-bytes.ts';
import { FEED_COLUMNS, type FeedColumn, type PathKey } from './feed-columns.ts';

export function writeFeedCsv(file: FeedFile, encoding: FeedEncoding): Uint8Array {
  const lines = [FEED_COLUMNS.map((c) => c.name).join(',')];
  for (const record of file.records) lines.push(FEED_COLUMNS.map((c) => csvCell(cellFor(c, record))).join(','));
  return encodeFeedText(`${lines.join('\r\n')}\r\n`, encoding);
}

export function writeFeedJson(file: FeedFile): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
}

function cellFor(column: FeedColumn, record: FeedRecord): string {
  if (!column.types.includes(record.kind)) return '';
  const value = getPath(record, column.path);
  if (value === null || value === undefined) return '';
  if (column.kind === 'json') return Array.isArray(value) && value.length === 0 ? '' : JSON.stringify(value);
  return String(value);
}

function getPath(source: unknown, path: readonly PathKey[]): unknown {
  let node = source;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
