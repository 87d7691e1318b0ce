/**
 * Reads an insurer feed file (JSON or CSV, UTF-8 or Shift_JIS) into a validated FeedFile, or lists every problem
 * in it with its line, field and a Japanese reason. It never throws: a file is either whole and valid or rejected
 * with all its errors, so nothing half-read can reach the database. Format and layout: docs/feed-format.md.
 */
import type { FeedError, FeedFile } from '../../src/protocol/feed.ts';
import { decodeFeedBytes, type FeedEncoding } from './decode-feed-bytes.ts';
import { capFeedErrors } from './feed-errors.ts';
import { parseCsvFeed } from './parse-csv-feed.ts';
import { checkAcrossRecords, type FeedReading } from './parse-feed-checks.ts';
import { parseJsonFeed } from './parse-json-feed.ts';

export type ParseFeedResult = { ok: true; file: FeedFile; encoding: FeedEncoding } | { ok: false; errors: FeedError[] };

/**
 * Parses a feed file. JSON when the name ends in `.json` or the text starts with `{` (or `[`), CSV otherwise.
 * Errors: `line` is the physical CSV line a record starts on, or the 1-based record number in JSON, 0 for the
 * file as a whole; `field` is the CSV column name or the JSON path. At most MAX_FEED_ERRORS are returned.
 */
export function parseFeed(bytes: Uint8Array, fileName: string): ParseFeedResult {
  try {
    return parse(bytes, fileName);
  } catch (error) {
    // Every expected problem is reported as a FeedError above; this only keeps the promise never to throw.
    const kind = error instanceof RangeError ? 'ファイルが大きすぎるか複雑すぎます' : 'ファイルを読めませんでした';
    return { ok: false, errors: [{ line: 0, field: '', reason: kind }] };
  }
}

function parse(bytes: Uint8Array, fileName: string): ParseFeedResult {
  if (bytes.length === 0) return { ok: false, errors: [{ line: 0, field: '', reason: 'ファイルが空です' }] };
  const decoded = decodeFeedBytes(bytes);
  if (!decoded.ok) return { ok: false, errors: [{ line: decoded.line, field: '', reason: decoded.reason }] };
  const start = decoded.text.trimStart()[0];
  const reading: FeedReading = /\.json$/i.test(fileName) || start === '{' || start === '[' ? parseJsonFeed(decoded.text) : parseCsvFeed(decoded.text);
  const errors = [...reading.errors, ...checkAcrossRecords(reading.records, reading.context)];
  if (errors.length > 0 || !reading.file) {
    return { ok: false, errors: capFeedErrors(errors.length > 0 ? errors : [{ line: 0, field: '', reason: 'ファイルを読めませんでした' }]) };
  }
  return { ok: true, file: reading.file, encoding: decoded.encoding };
}
