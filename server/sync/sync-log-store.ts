/**
 * The `sync_log` table: for each provider, which person's record changed ('upsert': inserted, changed, or newly
 * linked to the provider) or left the provider ('remove': a tombstone), in the order the writes committed. The
 * pull reads a provider's rows after its cursor, so every writer of records or links appends here in the same
 * transaction as its change.
 *
 * Why a lock: `log_id` comes from a sequence, and sequence values are handed out when a row is inserted, not
 * when its transaction commits. Without care, a writer could take id 10, a second writer id 11 and commit
 * first; a pull reading then would advance its cursor to 11 and never see 10. Every append therefore takes one
 * transaction-scoped advisory lock before drawing ids: the lock is held until commit, so ids commit in order
 * and every row a reader cannot see yet has a larger id than every row it can. Take it last in a transaction
 * (after the other writes), so that a writer holding it never waits for a lock held by a writer queued on it.
 */
import { z } from 'zod';
import type { InsurerNumber, ProviderNumber } from '../../src/domain/index.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { chunks } from '../db/stored-values.ts';

/** Arbitrary constant naming the append lock (7_240_001: migrations, 7_240_002: the audit log). */
export const SYNC_LOG_LOCK_KEY = 7_240_003;

export type SyncLogOp = 'upsert' | 'remove';

export interface SyncLogEntry {
  readonly providerNumber: ProviderNumber;
  readonly insurerNumber: InsurerNumber;
  readonly insuredNumber: string;
  readonly op: SyncLogOp;
}

export interface SyncLogRow extends SyncLogEntry {
  readonly logId: number;
}

/**
 * Runs `fn` in a transaction: `q` itself when it already is one, else a transaction of the database `q`
 * (a Database has `transaction`, an open transaction does not).
 */
export async function inTransaction<T>(q: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const database = q as Queryable & { transaction?: <R>(f: (tx: Queryable) => Promise<R>) => Promise<R> };
  return typeof database.transaction === 'function' ? database.transaction(fn) : fn(q);
}

/** Appends entries in the order given, inside the caller's transaction (see the header for the lock). */
export async function appendSyncLog(tx: Queryable, entries: readonly SyncLogEntry[], loggedAt: Date): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOG_LOCK_KEY]);
  for (const batch of chunks(entries, 2000)) {
    await tx.query(
      `INSERT INTO sync_log (provider_number, insurer_number, insured_number, op, logged_at)
       SELECT e.value->>'providerNumber', e.value->>'insurerNumber', e.value->>'insuredNumber', e.value->>'op', $2::timestamptz
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ordinal)
       ORDER BY e.ordinal`,
      [JSON.stringify(batch), loggedAt.toISOString()],
    );
  }
}

const LinkRow = z.object({ provider_number: z.string(), insured_number: z.string() });

/** One 'upsert' per provider linked to each of these people (whose records were just inserted or changed). */
export async function logPeopleChanged(tx: Queryable, insurerNumber: InsurerNumber, insuredNumbers: readonly string[], loggedAt: Date): Promise<void> {
  const entries: SyncLogEntry[] = [];
  for (const batch of chunks(insuredNumbers, 5000)) {
    const rows = await tx.query(
      `SELECT provider_number, insured_number FROM provider_links
       WHERE insurer_number = $1 AND insured_number IN (SELECT jsonb_array_elements_text($2::jsonb))
       ORDER BY insured_number, provider_number`,
      [insurerNumber, JSON.stringify(batch)],
    );
    for (const link of parseRows('provider_links', LinkRow, rows)) {
      entries.push({ providerNumber: link.provider_number, insurerNumber, insuredNumber: link.insured_number, op: 'upsert' });
    }
  }
  await appendSyncLog(tx, entries, loggedAt);
}

const HighWaterRow = z.object({ high_water: z.number().int().nonnegative() });

/** The last log id a reader can see for the provider now (0 for none): what a snapshot started now covers. */
export async function syncLogHighWater(q: Queryable, providerNumber: ProviderNumber): Promise<number> {
  const rows = await q.query('SELECT coalesce(max(log_id), 0)::bigint AS high_water FROM sync_log WHERE provider_number = $1', [providerNumber]);
  return parseRows('sync_log', HighWaterRow, rows)[0]?.high_water ?? 0;
}

const StoredSyncLogRow = z
  .object({
    log_id: z.number().int().positive(),
    provider_number: z.string(),
    insurer_number: z.string(),
    insured_number: z.string(),
    op: z.enum(['upsert', 'remove']),
  })
  .transform(
    (r): SyncLogRow => ({ logId: r.log_id, providerNumber: r.provider_number, insurerNumber: r.insurer_number, insuredNumber: r.insured_number, op: r.op }),
  );

/** A provider's log rows after `afterLogId`, oldest first, at most `limit`. */
export async function listSyncLog(q: Queryable, providerNumber: ProviderNumber, afterLogId: number, limit: number): Promise<SyncLogRow[]> {
  const rows = await q.query(
    `SELECT log_id, provider_number, insurer_number, insured_number, op FROM sync_log
     WHERE provider_number = $1 AND log_id > $2 ORDER BY log_id LIMIT $3`,
    [providerNumber, afterLogId, limit],
  );
  return parseRows('sync_log', StoredSyncLogRow, rows);
}
