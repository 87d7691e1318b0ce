/**
 * Reads the JSON form of an insurer feed (the FeedFile schema of src/protocol/feed.ts). The file's own fields are
 * checked first, then each record on its own, so every bad record is reported with its 1-based number as the line
 * and its JSON path as the field (`records[2].eligibility.careLevel`); file-level problems have line 0.
 */
import { z } from 'zod';
import { FeedFile, FeedRecord, type FeedError } from '../../src/protocol/feed.ts';
import { reasonForIssue } from './feed-errors.ts';
import { formatPath, type PathKey } from './feed-columns.ts';
import type { CheckedRecord, FeedReading } from './parse-feed-checks.ts';

const FeedEnvelope = FeedFile.omit({ records: true }).extend({ records: z.array(z.unknown()) });

export function parseJsonFeed(text: string): FeedReading {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `（${error.message}）` : '';
    return failed([{ line: 0, field: '', reason: `JSON形式が正しくありません${detail}` }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return failed([{ line: 0, field: '', reason: 'JSONの最上位は { "format": "tsunagi-insurer-feed", … } のオブジェクトです' }]);
  }
  const errors: FeedError[] = [];
  const envelope = FeedEnvelope.safeParse(data, { reportInput: true });
  if (!envelope.success) {
    for (const issue of envelope.error.issues) {
      errors.push({ line: 0, field: formatPath(issue.path as PathKey[]), reason: reasonForIssue(issue) });
    }
  }
  const rawRecords = (data as { records?: unknown }).records;
  if (!Array.isArray(rawRecords)) return failed(errors);
  if (rawRecords.length === 0) errors.push({ line: 0, field: 'records', reason: 'レコードが1件もありません' });

  const records: CheckedRecord[] = rawRecords.map((candidate, i) => {
    const prefix = `records[${i}]`;
    const fieldOf = (path: readonly PathKey[]): string => (path.length === 0 ? prefix : `${prefix}${typeof path[0] === 'number' ? '' : '.'}${formatPath(path)}`);
    const result = FeedRecord.safeParse(candidate, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) errors.push({ line: i + 1, field: fieldOf(issue.path as PathKey[]), reason: reasonForIssue(issue) });
    }
    return { line: i + 1, candidate, record: result.success ? result.data : null, fieldOf };
  });
  const insurer = envelope.success ? { number: envelope.data.insurerNumber, source: 'ファイルの' } : null;
  const valid = envelope.success && errors.length === 0;
  return {
    errors,
    records,
    context: { insurer, lineUnit: '件目のレコード' },
    file: valid ? { ...envelope.data, records: records.map((r) => r.record!) } : null,
  };
}

function failed(errors: FeedError[]): FeedReading {
  return { errors, records: [], context: { insurer: null, lineUnit: '件目のレコード' }, file: null };
}
