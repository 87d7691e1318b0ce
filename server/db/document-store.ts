/** The `documents` table: 主治医意見書 and 認定調査票 as received, with a version bumped on each change. */
import { z } from 'zod';
import { CertificationDocument, type InsurerNumber } from '../../src/domain/index.ts';
import type { Queryable } from './database.ts';
import { parseRows } from './parse-rows.ts';
import { chunks, StoredInstant } from './stored-values.ts';

export const StoredDocument = z.object({ document: CertificationDocument, version: z.number().int().positive(), updatedAt: z.string() });
export type StoredDocument = z.infer<typeof StoredDocument>;

const DocumentRow = z
  .object({ body: z.unknown(), version: z.number(), updated_at: StoredInstant })
  .transform((r) => ({ document: r.body, version: r.version, updatedAt: r.updated_at }))
  .pipe(StoredDocument);

/** Stored documents of one insurer by document id. */
export async function readDocuments(q: Queryable, insurerNumber: InsurerNumber, documentIds: readonly string[]): Promise<Map<string, StoredDocument>> {
  const found = new Map<string, StoredDocument>();
  for (const batch of chunks(documentIds, 5000)) {
    const rows = await q.query(
      `SELECT body, version, updated_at FROM documents
       WHERE insurer_number = $1 AND document_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [insurerNumber, JSON.stringify(batch)],
    );
    for (const stored of parseRows('documents', DocumentRow, rows)) found.set(stored.document.documentId, stored);
  }
  return found;
}

/** One person's documents, newest first. */
export async function listDocumentsOfPerson(q: Queryable, insurerNumber: InsurerNumber, insuredNumber: string): Promise<StoredDocument[]> {
  const rows = await q.query(
    `SELECT body, version, updated_at FROM documents WHERE insurer_number = $1 AND insured_number = $2
     ORDER BY coalesce(body->>'receivedOn', body->>'surveyedOn') DESC, document_id`,
    [insurerNumber, insuredNumber],
  );
  return parseRows('documents', DocumentRow, rows);
}

export async function writeDocuments(q: Queryable, documents: readonly StoredDocument[]): Promise<void> {
  for (const batch of chunks(documents, 500)) {
    const rows = batch.map(({ document, version, updatedAt }) => ({
      insurerNumber: document.insurerNumber,
      documentId: document.documentId,
      insuredNumber: document.insuredNumber,
      kind: document.kind,
      body: document,
      version,
      updatedAt,
    }));
    await q.query(
      `INSERT INTO documents (insurer_number, document_id, insured_number, kind, body, version, updated_at)
       SELECT r."insurerNumber", r."documentId", r."insuredNumber", r.kind, r.body, r.version, r."updatedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, "documentId" text, "insuredNumber" text, kind text, body jsonb,
         version integer, "updatedAt" timestamptz)
       ON CONFLICT (insurer_number, document_id) DO UPDATE SET insured_number = EXCLUDED.insured_number, kind = EXCLUDED.kind,
         body = EXCLUDED.body, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(rows)],
    );
  }
}
