/**
 * Writes a FeedFile as CSV (every column of the layout, CRLF, UTF-8 or Shift_JIS) or as JSON: the inverse of
 * parseFeed, used by the demo data, the benchmarks and the tests. A valid FeedFile reads back equal, except that
 * the CSV layout holds a fixed number of items per list (CSV_LIST_SLOTS) and Shift_JIS lacks some characters:
 * such a file throws FeedWriteError rather than be written wrong.
 */
import type { FeedFile, FeedRecord } from '../../src/protocol/feed.ts';
import { csvRow } from './csv-writer.ts';
import { encodeFeedText, type FeedEncoding } from './decode-feed-bytes.ts';
import { FEED_COLUMNS, formatPath, type PathKey, SLOT_LISTS } from './feed-columns.ts';
import { FeedWriteError } from './feed-errors.ts';
import { writeFeedCell } from './write-feed-cell.ts';

export function writeFeedCsv(file: FeedFile, encoding: FeedEncoding, options: { bom?: boolean } = {}): Uint8Array {
  const parts = [csvRow(FEED_COLUMNS.map((c) => c.name))];
  file.records.forEach((record, index) => {
    if (record.kind === 'insured') {
      for (const list of SLOT_LISTS) {
        const items = getPath(record, list.path);
        if (Array.isArray(items) && items.length > list.slots.length) {
          throw new FeedWriteError('tooManyItemsForCsv', `records[${index}].${formatPath(list.path)}: ${items.length} > ${list.slots.length}`);
        }
      }
    }
    parts.push(csvRow(FEED_COLUMNS.map((column) => cellOf(file, record, column))));
  });
  return encodeFeedText(parts.join(''), encoding, options);
}

/** The file as UTF-8 JSON, two-space indented. */
export function writeFeedJson(file: FeedFile): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
}

function cellOf(file: FeedFile, record: FeedRecord, column: (typeof FEED_COLUMNS)[number]): string {
  if (!column.types.includes(record.kind)) return '';
  if (column.path.length === 0) return file.createdAt;
  return writeFeedCell(column, getPath(record, column.path));
}

function getPath(source: unknown, path: readonly PathKey[]): unknown {
  let node = source;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PathKey, unknown>)[key];
  }
  return node;
}
