/**
 * The `insured` table (one row per person: a jsonb column per section of the record, its source, version and
 * update time) and `insured_history` (every earlier content, e.g. a paper entry replaced by platform data).
 */
import { z } from 'zod';
import { InsuredRecord, InsuredRecordContent, type InsurerNumber, type ProviderNumber, RecordSource } from '../../src/domain/index.ts';
import type { Queryable } from './database.ts';
import { parseRows } from './parse-rows.ts';
import { chunks, StoredInstant } from './stored-values.ts';

const INSURED_COLUMNS = `i.insurer_number, i.insured_number, i.identity, i.eligibility, i.burden_ratio, i.cost_limit_certification,
  i.certification, i.home_modification, i.welfare_equipment_purchases, i.source, i.version, i.updated_at`;

const InsuredRow = z
  .object({
    insurer_number: z.string(),
    insured_number: z.string(),
    identity: z.unknown(),
    eligibility: z.unknown(),
    burden_ratio: z.unknown(),
    cost_limit_certification: z.unknown(),
    certification: z.unknown(),
    home_modification: z.unknown(),
    welfare_equipment_purchases: z.unknown(),
    source: z.unknown(),
    version: z.number(),
    updated_at: StoredInstant,
  })
  .transform((r) => ({
    insurerNumber: r.insurer_number,
    insuredNumber: r.insured_number,
    identity: r.identity,
    eligibility: r.eligibility,
    burdenRatio: r.burden_ratio,
    costLimitCertification: r.cost_limit_certification,
    certification: r.certification,
    homeModification: r.home_modification,
    welfareEquipmentPurchases: r.welfare_equipment_purchases,
    source: r.source,
    version: r.version,
    updatedAt: r.updated_at,
  }))
  .pipe(InsuredRecord);

/** The stored records of one insurer's people, by insured number (missing people are absent from the map). */
export async function readInsuredRecords(q: Queryable, insurerNumber: InsurerNumber, insuredNumbers: readonly string[]): Promise<Map<string, InsuredRecord>> {
  const found = new Map<string, InsuredRecord>();
  for (const batch of chunks(insuredNumbers, 5000)) {
    const rows = await q.query(
      `SELECT ${INSURED_COLUMNS} FROM insured i
       WHERE i.insurer_number = $1 AND i.insured_number IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [insurerNumber, JSON.stringify(batch)],
    );
    for (const record of parseRows('insured', InsuredRow, rows)) found.set(record.insuredNumber, record);
  }
  return found;
}

/** Everyone a provider serves, in 50音 order of their フリガナ. */
export async function listPeopleOfProvider(q: Queryable, providerNumber: ProviderNumber): Promise<InsuredRecord[]> {
  const rows = await q.query(
    `SELECT ${INSURED_COLUMNS} FROM insured i
     JOIN provider_links l ON l.insurer_number = i.insurer_number AND l.insured_number = i.insured_number
     WHERE l.provider_number = $1
     ORDER BY i.identity->>'nameKana', i.insurer_number, i.insured_number`,
    [providerNumber],
  );
  return parseRows('insured', InsuredRow, rows);
}

/** One person, only if the provider serves them. */
export async function findPersonOfProvider(
  q: Queryable,
  providerNumber: ProviderNumber,
  insurerNumber: InsurerNumber,
  insuredNumber: string,
): Promise<InsuredRecord | null> {
  const rows = await q.query(
    `SELECT ${INSURED_COLUMNS} FROM insured i
     JOIN provider_links l ON l.insurer_number = i.insurer_number AND l.insured_number = i.insured_number
     WHERE l.provider_number = $1 AND i.insurer_number = $2 AND i.insured_number = $3`,
    [providerNumber, insurerNumber, insuredNumber],
  );
  return parseRows('insured', InsuredRow, rows)[0] ?? null;
}

/**
 * Inserts new records and replaces changed ones (the caller has decided version and update time). Writes take
 * typed values that were validated where they entered (feed parser, API); reads validate again.
 */
export async function writeInsuredRecords(q: Queryable, records: readonly InsuredRecord[]): Promise<void> {
  for (const batch of chunks(records, 500)) {
    await q.query(
      `INSERT INTO insured (insurer_number, insured_number, identity, eligibility, burden_ratio, cost_limit_certification, certification,
         home_modification, welfare_equipment_purchases, source, version, updated_at)
       SELECT r."insurerNumber", r."insuredNumber", r.identity, r.eligibility, r."burdenRatio", r."costLimitCertification", r.certification,
         r."homeModification", r."welfareEquipmentPurchases", r.source, r.version, r."updatedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, "insuredNumber" text, identity jsonb, eligibility jsonb, "burdenRatio" jsonb,
         "costLimitCertification" jsonb, certification jsonb, "homeModification" jsonb, "welfareEquipmentPurchases" jsonb, source jsonb,
         version integer, "updatedAt" timestamptz)
       ON CONFLICT (insurer_number, insured_number) DO UPDATE SET
         identity = EXCLUDED.identity, eligibility = EXCLUDED.eligibility, burden_ratio = EXCLUDED.burden_ratio,
         cost_limit_certification = EXCLUDED.cost_limit_certification, certification = EXCLUDED.certification,
         home_modification = EXCLUDED.home_modification, welfare_equipment_purchases = EXCLUDED.welfare_equipment_purchases,
         source = EXCLUDED.source, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(batch)],
    );
  }
}

/** Inserts records that must not replace anything already stored (paper entries of the demo); returns how many were new. */
export async function insertInsuredRecordsIfAbsent(q: Queryable, records: readonly InsuredRecord[]): Promise<number> {
  let inserted = 0;
  for (const batch of chunks(records, 500)) {
    const rows = await q.query(
      `INSERT INTO insured (insurer_number, insured_number, identity, eligibility, burden_ratio, cost_limit_certification, certification,
         home_modification, welfare_equipment_purchases, source, version, updated_at)
       SELECT r."insurerNumber", r."insuredNumber", r.identity, r.eligibility, r."burdenRatio", r."costLimitCertification", r.certification,
         r."homeModification", r."welfareEquipmentPurchases", r.source, r.version, r."updatedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, "insuredNumber" text, identity jsonb, eligibility jsonb, "burdenRatio" jsonb,
         "costLimitCertification" jsonb, certification jsonb, "homeModification" jsonb, "welfareEquipmentPurchases" jsonb, source jsonb,
         version integer, "updatedAt" timestamptz)
       ON CONFLICT (insurer_number, insured_number) DO NOTHING
       RETURNING insured_number`,
      [JSON.stringify(batch.map((r) => InsuredRecord.parse(r)))],
    );
    inserted += rows.length;
  }
  return inserted;
}

export const InsuredHistoryEntry = z.object({
  record: InsuredRecord,
  replacedAt: z.string(),
  replacedByFeedId: z.number().int().positive().nullable(),
});
export type InsuredHistoryEntry = z.infer<typeof InsuredHistoryEntry>;

/** Keeps the content a record had before it was replaced. */
export async function writeInsuredHistory(q: Queryable, entries: readonly InsuredHistoryEntry[]): Promise<void> {
  for (const batch of chunks(entries, 500)) {
    const rows = batch.map(({ record, replacedAt, replacedByFeedId }) => ({
      insurerNumber: record.insurerNumber,
      insuredNumber: record.insuredNumber,
      version: record.version,
      content: contentOf(record),
      source: record.source,
      updatedAt: record.updatedAt,
      replacedAt,
      replacedByFeedId,
    }));
    await q.query(
      `INSERT INTO insured_history (insurer_number, insured_number, version, content, source, updated_at, replaced_at, replaced_by_feed_id)
       SELECT r."insurerNumber", r."insuredNumber", r.version, r.content, r.source, r."updatedAt", r."replacedAt", r."replacedByFeedId"
       FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, "insuredNumber" text, version integer, content jsonb, source jsonb,
         "updatedAt" timestamptz, "replacedAt" timestamptz, "replacedByFeedId" bigint)`,
      [JSON.stringify(rows)],
    );
  }
}

function contentOf(record: InsuredRecord): InsuredRecordContent {
  const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = record;
  return content;
}

const HistoryRow = z
  .object({ version: z.number(), content: z.unknown(), source: z.unknown(), updated_at: StoredInstant, replaced_at: StoredInstant })
  .transform((r) => ({ version: r.version, content: r.content, source: r.source, updatedAt: r.updated_at, replacedAt: r.replaced_at }))
  .pipe(z.object({ version: z.number().int().positive(), content: InsuredRecordContent, source: RecordSource, updatedAt: z.string(), replacedAt: z.string() }));

/** The earlier contents of one person's record, oldest first. */
export async function readInsuredHistory(q: Queryable, insurerNumber: InsurerNumber, insuredNumber: string): Promise<z.output<typeof HistoryRow>[]> {
  const rows = await q.query(
    `SELECT version, content, source, updated_at, replaced_at FROM insured_history
     WHERE insurer_number = $1 AND insured_number = $2 ORDER BY version`,
    [insurerNumber, insuredNumber],
  );
  return parseRows('insured_history', HistoryRow, rows);
}

/**
 * One person's stored record whatever its source, locked (FOR UPDATE) until the transaction ends, so that two
 * corrections of the same paper record are checked against its version one after the other.
 */
export async function readInsuredRecordForUpdate(q: Queryable, insurerNumber: InsurerNumber, insuredNumber: string): Promise<InsuredRecord | null> {
  const rows = await q.query(`SELECT ${INSURED_COLUMNS} FROM insured i WHERE i.insurer_number = $1 AND i.insured_number = $2 FOR UPDATE`, [insurerNumber, insuredNumber]);
  return parseRows('insured', InsuredRow, rows)[0] ?? null;
}

/**
 * Links a person to a provider without writing the sync log (the caller logs the person's change for every
 * linked provider once, after its other writes); true when the link is new.
 */
export async function linkPersonToProvider(q: Queryable, providerNumber: ProviderNumber, insurerNumber: InsurerNumber, insuredNumber: string): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO provider_links (insurer_number, insured_number, provider_number) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING provider_number`,
    [insurerNumber, insuredNumber, providerNumber],
  );
  return rows.length > 0;
}
