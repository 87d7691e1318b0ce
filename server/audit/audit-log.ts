/**
 * The audit log (監査ログ): one append-only hash chain for the whole platform (see audit-hash.ts), stored in
 * `audit_log`. Appends are serialized by a transaction-scoped advisory lock, so that two requests appending at
 * once cannot both read the same head and fork the chain; each entry gets the next `seq` and the hash of the
 * one before. Entries recorded on a device carry the device's own entry id: uploading the same entries again
 * adds nothing (the upload is idempotent) and counts them as duplicates.
 */
import { z } from 'zod';
import { InsuredNumber, InsurerNumber, ProviderNumber } from '../../src/domain/identifiers.ts';
import { AuditAction, AuditEntry, type AuditPageResponse } from '../../src/protocol/admin.ts';
import type { Database, Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { AuditError } from './audit-error.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { AUDIT_ROW_COLUMNS, auditFieldsOf } from './audit-row.ts';
import { tokyoDayEnd, tokyoDayStart } from './tokyo-day.ts';

export interface NewAuditEntry {
  /** When it happened (a device's own clock for device entries); default: the time of recording. */
  occurredAt?: Date;
  origin: 'server' | 'device';
  action: AuditAction;
  outcome: 'allowed' | 'denied' | 'failed';
  staffId: string | null;
  deviceId: string | null;
  providerNumber: string | null;
  insurerNumber?: string | null;
  insuredNumber?: string | null;
  /** Facts about the action, never personal data beyond the numbers above (no names, no tokens). */
  detail?: Record<string, string | number | boolean | null>;
  sourceAddress: string | null;
  /** The id a device gave the entry; (deviceId, deviceEntryId) is unique, which makes uploads idempotent. */
  deviceEntryId?: string;
}

/** Arbitrary constant naming the append lock (pg_advisory_xact_lock takes a bigint; migrate.ts uses 7_240_001). */
export const AUDIT_APPEND_LOCK_KEY = 7_240_002;

/** PostgreSQL text and jsonb cannot hold U+0000: refused here with a typed error rather than by the driver. */
const Text = z.string().refine((t) => !t.includes('\u0000'), 'U+0000 は記録できません');

const Detail = z.record(Text, z.union([Text, z.number().refine(Number.isFinite, '有限の数値です'), z.boolean(), z.null()]));

const NewAuditEntrySchema = z
  .object({
    occurredAt: z.date().refine((d) => !Number.isNaN(d.getTime()), '日時が正しくありません').optional(),
    origin: z.enum(['server', 'device']),
    action: AuditAction,
    outcome: z.enum(['allowed', 'denied', 'failed']),
    staffId: Text.min(1).nullable(),
    deviceId: Text.min(1).nullable(),
    providerNumber: ProviderNumber.nullable(),
    insurerNumber: InsurerNumber.nullable().optional(),
    insuredNumber: InsuredNumber.nullable().optional(),
    detail: Detail.optional(),
    sourceAddress: Text.nullable(),
    deviceEntryId: Text.min(1).max(100).optional(),
  })
  .refine((e) => e.deviceEntryId === undefined || e.deviceId !== null, { message: '端末の記録IDには端末IDが必要です', path: ['deviceId'] });

/** Appends entries in a transaction of their own. */
export function appendAudit(db: Database, entries: readonly NewAuditEntry[], clock: () => Date): Promise<{ appended: number; duplicates: number }> {
  if (entries.length === 0) return Promise.resolve({ appended: 0, duplicates: 0 });
  return db.transaction((tx) => appendAuditInTransaction(tx, entries, clock));
}

/**
 * Appends entries inside the caller's transaction (so that an action and its audit entry commit together).
 * The append lock is held until that transaction ends: keep the rest of it short. The transaction must be
 * READ COMMITTED (the default), so that the head read after taking the lock sees the last committed append.
 */
export async function appendAuditInTransaction(tx: Queryable, entries: readonly NewAuditEntry[], clock: () => Date): Promise<{ appended: number; duplicates: number }> {
  if (entries.length === 0) return { appended: 0, duplicates: 0 };
  for (const [index, entry] of entries.entries()) {
    const checked = NewAuditEntrySchema.safeParse(entry);
    if (!checked.success) {
      throw new AuditError('invalidAuditEntry', `${index}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
  }
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK_KEY]);

  const known = await existingDeviceEntries(tx, entries);
  const [head] = parseRows('audit_log', HeadRow, await tx.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'));
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const recordedAt = clock();
  const rows: InsertRow[] = [];
  let duplicates = 0;
  for (const entry of entries) {
    if (entry.deviceEntryId !== undefined) {
      const key = deviceKey(entry.deviceId, entry.deviceEntryId);
      if (known.has(key)) {
        duplicates++;
        continue;
      }
      known.add(key);
    }
    seq++;
    const stored = {
      seq,
      recordedAt,
      occurredAt: entry.occurredAt ?? recordedAt,
      origin: entry.origin,
      action: entry.action,
      outcome: entry.outcome,
      staffId: entry.staffId,
      deviceId: entry.deviceId,
      providerNumber: entry.providerNumber,
      insurerNumber: entry.insurerNumber ?? null,
      insuredNumber: entry.insuredNumber ?? null,
      detail: entry.detail ?? {},
      sourceAddress: entry.sourceAddress,
      deviceEntryId: entry.deviceEntryId ?? null,
    };
    const hash = auditEntryHash(prevHash, stored);
    rows.push({
      seq,
      recorded_at: stored.recordedAt.toISOString(),
      occurred_at: stored.occurredAt.toISOString(),
      origin: stored.origin,
      action: stored.action,
      outcome: stored.outcome,
      staff_id: stored.staffId,
      device_id: stored.deviceId,
      provider_number: stored.providerNumber,
      insurer_number: stored.insurerNumber,
      insured_number: stored.insuredNumber,
      detail: stored.detail,
      source_address: stored.sourceAddress,
      device_entry_id: stored.deviceEntryId,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  if (rows.length > 0) {
    // One statement for the whole batch: the rows travel as one JSON parameter (up to 500 device entries).
    await tx.query(
      `INSERT INTO audit_log (seq, recorded_at, occurred_at, origin, action, outcome, staff_id, device_id, provider_number,
         insurer_number, insured_number, detail, source_address, device_entry_id, prev_hash, hash)
       SELECT seq, recorded_at, occurred_at, origin, action, outcome, staff_id, device_id, provider_number,
         insurer_number, insured_number, detail, source_address, device_entry_id, prev_hash, hash
       FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, recorded_at timestamptz, occurred_at timestamptz, origin text,
         action text, outcome text, staff_id text, device_id text, provider_number text, insurer_number text,
         insured_number text, detail jsonb, source_address text, device_entry_id text, prev_hash text, hash text)
       ORDER BY seq`,
      [JSON.stringify(rows)],
    );
  }
  return { appended: rows.length, duplicates };
}

interface InsertRow {
  seq: number;
  recorded_at: string;
  occurred_at: string;
  origin: string;
  action: string;
  outcome: string;
  staff_id: string | null;
  device_id: string | null;
  provider_number: string | null;
  insurer_number: string | null;
  insured_number: string | null;
  detail: Record<string, string | number | boolean | null>;
  source_address: string | null;
  device_entry_id: string | null;
  prev_hash: string;
  hash: string;
}

const HeadRow = z.object({ seq: z.number().int().positive(), hash: z.string() });
const DeviceKeyRow = z.object({ device_id: z.string(), device_entry_id: z.string() });

const deviceKey = (deviceId: string | null, entryId: string): string => JSON.stringify([deviceId, entryId]);

async function existingDeviceEntries(tx: Queryable, entries: readonly NewAuditEntry[]): Promise<Set<string>> {
  const wanted = entries.filter((e) => e.deviceEntryId !== undefined).map((e) => ({ device_id: e.deviceId, device_entry_id: e.deviceEntryId }));
  if (wanted.length === 0) return new Set();
  const rows = await tx.query(
    `SELECT a.device_id, a.device_entry_id
     FROM jsonb_to_recordset($1::jsonb) AS w(device_id text, device_entry_id text)
     JOIN audit_log a ON a.device_id = w.device_id AND a.device_entry_id = w.device_entry_id`,
    [JSON.stringify(wanted)],
  );
  return new Set(parseRows('audit_log', DeviceKeyRow, rows).map((r) => deviceKey(r.device_id, r.device_entry_id)));
}

/** The filters of AuditQuery, parsed: days are Tokyo days (inclusive), `before` a seq. */
export interface AuditFilters {
  readonly from?: string;
  readonly to?: string;
  readonly staffId?: string;
  readonly action?: AuditAction;
  readonly insuredNumber?: string;
  readonly before?: number;
}

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

/** AuditQuery (strings, as in a URL) → filters and page size; an impossible day is an `invalidDay` AuditError. */
export function parseAuditQuery(query: { from?: string; to?: string; staffId?: string; action?: AuditAction; insuredNumber?: string; before?: string; limit?: string }): {
  filters: AuditFilters;
  limit: number;
} {
  for (const day of [query.from, query.to]) {
    if (day !== undefined && tokyoDayStart(day) === null) throw new AuditError('invalidDay', day);
  }
  const filters: AuditFilters = {
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.staffId === undefined ? {} : { staffId: query.staffId }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.insuredNumber === undefined ? {} : { insuredNumber: query.insuredNumber }),
    ...(query.before === undefined ? {} : { before: Number(query.before) }),
  };
  const limit = query.limit === undefined ? AUDIT_PAGE_DEFAULT : Math.min(Math.max(Number(query.limit), 1), AUDIT_PAGE_MAX);
  return { filters, limit };
}

const StoredAuditRow = z
  .object({ ...AUDIT_ROW_COLUMNS, hash: z.string() })
  .transform((r) => ({ ...auditFieldsOf(r), recordedAt: r.recorded_at.toISOString(), occurredAt: r.occurred_at.toISOString(), hash: r.hash }))
  .pipe(AuditEntry);

/**
 * One provider's entries, newest (highest seq) first: at most `limit`, below `before` when given, with the
 * `nextBefore` cursor of the following page (null on the last). `from`/`to` filter on when it happened.
 */
export async function listAudit(db: Queryable, providerNumber: string, filters: AuditFilters, limit: number): Promise<AuditPageResponse> {
  const conditions = ['provider_number = $1'];
  const params: unknown[] = [providerNumber];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filters.from !== undefined) add((p) => `occurred_at >= ${p}`, dayInstant(tokyoDayStart, filters.from));
  if (filters.to !== undefined) add((p) => `occurred_at < ${p}`, dayInstant(tokyoDayEnd, filters.to));
  if (filters.staffId !== undefined) add((p) => `staff_id = ${p}`, filters.staffId);
  if (filters.action !== undefined) add((p) => `action = ${p}`, filters.action);
  if (filters.insuredNumber !== undefined) add((p) => `insured_number = ${p}`, filters.insuredNumber);
  if (filters.before !== undefined) add((p) => `seq < ${p}`, filters.before);
  params.push(limit + 1);
  const rows = await db.query(
    `SELECT seq, recorded_at, occurred_at, origin, action, outcome, staff_id, device_id, provider_number, insurer_number,
       insured_number, detail, source_address, hash
     FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  const found = parseRows('audit_log', StoredAuditRow, rows);
  const entries = found.slice(0, limit);
  return { entries, nextBefore: found.length > limit ? (entries.at(-1)?.seq ?? null) : null };
}

function dayInstant(toInstant: (day: string) => Date | null, day: string): string {
  const instant = toInstant(day);
  if (instant === null) throw new AuditError('invalidDay', day);
  return instant.toISOString();
}
