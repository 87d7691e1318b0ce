/**
 * Applies a parsed insurer feed to the platform's records, all in one transaction (any failure leaves the
 * database as it was):
 *  - each insured record is compared with the stored one: unchanged → untouched (same version); changed →
 *    version + 1, the previous content kept in `insured_history` (a paper entry is replaced by platform
 *    data the same way); new → version 1;
 *  - each certification document likewise; a document new to the platform is a change event;
 *  - the change events come from `diffInsuredRecords(before, after)`;
 *  - every inserted or changed record is an 'upsert' in the sync log of each provider linked to the person;
 *  - the upload itself is recorded with its SHA-256 (a repeat of earlier bytes notes which upload it repeats;
 *    it changes nothing else, because every record compares unchanged).
 * Problems found before writing (unknown insurer, a record of another insurer, a person twice, a document
 * about someone the platform does not know) reject the whole file with every problem listed.
 */
import { diffInsuredRecords } from '../../src/domain/change-events-diff.ts';
import {
  type CertificationDocument,
  type ChangeEventDetail,
  type InsuredRecord,
  type InsuredRecordContent,
} from '../../src/domain/index.ts';
import type { FeedError, FeedFile, FeedResult } from '../../src/protocol/feed.ts';
import { canonicalJson } from '../db/canonical-json.ts';
import { insertChangeEvents, type NewChangeEvent } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { readDocuments, type StoredDocument, writeDocuments } from '../db/document-store.ts';
import { findFeedUploadBySha256, insertFeedUpload } from '../db/feed-upload-store.ts';
import { type InsuredHistoryEntry, readInsuredRecords, writeInsuredHistory, writeInsuredRecords } from '../db/insured-store.ts';
import { findInsurer } from '../db/organisation-store.ts';
import { logPeopleChanged } from '../sync/sync-log-store.ts';

export interface FeedMeta {
  readonly fileName: string;
  /** Hex SHA-256 of the uploaded bytes. */
  readonly sha256: string;
  /** The text encoding the file was read in (e.g. 'utf-8', 'shift_jis'). */
  readonly encoding: string;
}

interface IndexedInsured {
  readonly line: number;
  readonly content: InsuredRecordContent;
}

interface IndexedDocument {
  readonly line: number;
  readonly document: CertificationDocument;
}

export async function applyFeed(db: Database, file: FeedFile, meta: FeedMeta, clock: () => Date): Promise<FeedResult> {
  const { insured, documents, errors } = splitRecords(file);
  if (errors.length > 0) return { status: 'rejected', errors };

  return db.transaction(async (tx) => {
    if ((await findInsurer(tx, file.insurerNumber)) === null) {
      return rejected([{ line: 0, field: 'insurerNumber', reason: `保険者番号 ${file.insurerNumber} はプラットフォームに登録されていません` }]);
    }
    const now = clock().toISOString();
    const storedRecords = await readInsuredRecords(tx, file.insurerNumber, insured.map((r) => r.content.insuredNumber));
    const storedDocuments = await readDocuments(tx, file.insurerNumber, documents.map((d) => d.document.documentId));

    const inFile = new Set(insured.map((r) => r.content.insuredNumber));
    const missingPeople = documents.filter((d) => !inFile.has(d.document.insuredNumber));
    const knownElsewhere = await readInsuredRecords(tx, file.insurerNumber, missingPeople.map((d) => d.document.insuredNumber));
    const documentErrors: FeedError[] = missingPeople
      .filter((d) => !knownElsewhere.has(d.document.insuredNumber))
      .map((d) => ({ line: d.line, field: 'insuredNumber', reason: `被保険者番号 ${d.document.insuredNumber} の利用者が登録されていないため、書類を受け付けられません` }));
    if (documentErrors.length > 0) return rejected(documentErrors);

    const recordWrites: InsuredRecord[] = [];
    const history: InsuredHistoryEntry[] = [];
    const events: { insuredNumber: string; detail: ChangeEventDetail }[] = [];
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;

    for (const { content } of insured) {
      const stored = storedRecords.get(content.insuredNumber) ?? null;
      const before = stored === null ? null : contentOf(stored);
      if (stored !== null && stored.source.kind === 'platform' && canonicalJson(before) === canonicalJson(content)) {
        unchanged++;
        continue;
      }
      recordWrites.push({ ...content, source: { kind: 'platform' }, version: (stored?.version ?? 0) + 1, updatedAt: now });
      if (stored === null) inserted++;
      else {
        updated++;
        history.push({ record: stored, replacedAt: now, replacedByFeedId: null });
      }
      for (const detail of diffInsuredRecords(before, content)) events.push({ insuredNumber: content.insuredNumber, detail });
    }

    const documentWrites: StoredDocument[] = [];
    for (const { document } of documents) {
      const stored = storedDocuments.get(document.documentId);
      if (stored && canonicalJson(stored.document) === canonicalJson(document)) {
        unchanged++;
        continue;
      }
      documentWrites.push({ document, version: (stored?.version ?? 0) + 1, updatedAt: now });
      if (stored) {
        updated++;
        continue;
      }
      inserted++;
      events.push({
        insuredNumber: document.insuredNumber,
        detail:
          document.kind === 'doctorOpinion'
            ? { kind: 'doctorOpinionReceived', documentId: document.documentId, receivedOn: document.receivedOn }
            : { kind: 'assessmentSurveyReceived', documentId: document.documentId, surveyedOn: document.surveyedOn },
      });
    }

    const feedId = await insertFeedUpload(tx, {
      insurerNumber: file.insurerNumber,
      sha256: meta.sha256,
      fileName: meta.fileName,
      encoding: meta.encoding,
      records: file.records.length,
      inserted,
      updated,
      unchanged,
      changeEvents: events.length,
      duplicateOf: await findFeedUploadBySha256(tx, file.insurerNumber, meta.sha256),
      receivedAt: now,
    });
    await writeInsuredHistory(tx, history.map((h) => ({ ...h, replacedByFeedId: feedId })));
    await writeInsuredRecords(tx, recordWrites);
    await writeDocuments(tx, documentWrites);
    await insertChangeEvents(
      tx,
      events.map(
        (e): NewChangeEvent => ({ insurerNumber: file.insurerNumber, insuredNumber: e.insuredNumber, detail: e.detail, recordedAt: now, feedId }),
      ),
    );
    // Last, because it takes the sync log's append lock (held to commit): the providers' devices pull these.
    await logPeopleChanged(tx, file.insurerNumber, recordWrites.map((r) => r.insuredNumber), new Date(now));
    return { status: 'applied', feedId, records: file.records.length, inserted, updated, unchanged, changeEvents: events.length } satisfies FeedResult;
  });
}

/** The content part of a stored record (already validated when read). */
function contentOf(record: InsuredRecord): InsuredRecordContent {
  const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = record;
  return content;
}

function rejected(errors: FeedError[]): FeedResult {
  return { status: 'rejected', errors };
}

/** Sorts the file's records into people and documents, with the checks that need no database. */
function splitRecords(file: FeedFile): { insured: IndexedInsured[]; documents: IndexedDocument[]; errors: FeedError[] } {
  const insured: IndexedInsured[] = [];
  const documents: IndexedDocument[] = [];
  const errors: FeedError[] = [];
  const seenPeople = new Map<string, number>();
  const seenDocuments = new Map<string, number>();
  file.records.forEach((record, index) => {
    // The record's position in the file, 1-based (the parser's line numbers for CSV refer to the source text).
    const line = index + 1;
    if (record.insurerNumber !== file.insurerNumber) {
      errors.push({ line, field: 'insurerNumber', reason: `ファイルの保険者番号 ${file.insurerNumber} と異なる保険者番号 ${record.insurerNumber} のレコードです` });
      return;
    }
    if (record.kind === 'insured') {
      const { kind: _kind, ...content } = record;
      const first = seenPeople.get(record.insuredNumber);
      if (first !== undefined) {
        errors.push({ line, field: 'insuredNumber', reason: `同じ被保険者番号のレコードが ${first} 件目にもあります` });
        return;
      }
      seenPeople.set(record.insuredNumber, line);
      insured.push({ line, content });
    } else {
      const first = seenDocuments.get(record.documentId);
      if (first !== undefined) {
        errors.push({ line, field: 'documentId', reason: `同じ書類IDのレコードが ${first} 件目にもあります` });
        return;
      }
      seenDocuments.set(record.documentId, line);
      documents.push({ line, document: record });
    }
  });
  return { insured, documents, errors };
}
