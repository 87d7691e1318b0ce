/** The `feed_uploads` table: every applied insurer feed file, with its hash and what it changed. */
import { z } from 'zod';
import type { InsurerNumber } from '../../src/domain/index.ts';
import type { Queryable } from './database.ts';
import { parseRows } from './parse-rows.ts';

export interface FeedUploadCounts {
  readonly records: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly changeEvents: number;
}

export interface NewFeedUpload extends FeedUploadCounts {
  readonly insurerNumber: InsurerNumber;
  readonly sha256: string;
  readonly fileName: string;
  readonly encoding: string;
  readonly duplicateOf: number | null;
  readonly receivedAt: string;
}

const IdRow = z.object({ feed_id: z.number().int().positive() });

export async function insertFeedUpload(q: Queryable, upload: NewFeedUpload): Promise<number> {
  const rows = await q.query(
    `INSERT INTO feed_uploads (insurer_number, sha256, file_name, encoding, records, inserted, updated, unchanged, change_events, duplicate_of, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING feed_id`,
    [
      upload.insurerNumber,
      upload.sha256,
      upload.fileName,
      upload.encoding,
      upload.records,
      upload.inserted,
      upload.updated,
      upload.unchanged,
      upload.changeEvents,
      upload.duplicateOf,
      upload.receivedAt,
    ],
  );
  const [row] = parseRows('feed_uploads', IdRow, rows);
  if (!row) throw new Error('feed_uploads: INSERT returned no id');
  return row.feed_id;
}

/** The first upload of the same bytes for this insurer, if any. */
export async function findFeedUploadBySha256(q: Queryable, insurerNumber: InsurerNumber, sha256: string): Promise<number | null> {
  const rows = await q.query('SELECT feed_id FROM feed_uploads WHERE insurer_number = $1 AND sha256 = $2 ORDER BY feed_id LIMIT 1', [insurerNumber, sha256]);
  return parseRows('feed_uploads', IdRow, rows)[0]?.feed_id ?? null;
}
