/**
 * One page of a provider's pull (see sync-cursor.ts for the cursor):
 *  - snapshot (first sync): the provider's linked people in (insurer_number, insured_number) order, each as an
 *    upsert of their current record. The sync-log high-water mark is read before the first page, so a change
 *    committed while the snapshot is being read, before or after the snapshot's position, comes again from
 *    the log; the tablet may receive a person twice, never miss one. When the people run out the cursor turns
 *    into log mode at that mark.
 *  - log: the provider's sync-log rows after the cursor, collapsed to the latest op per person within the page
 *    (in the order of those latest rows). An upsert sends the person's current record if the provider still
 *    serves them, else a tombstone; a remove is a tombstone.
 */
import { z } from 'zod';
import type { InsuredRecord, ProviderNumber } from '../../src/domain/index.ts';
import type { PersonChange } from '../../src/protocol/sync.ts';
import type { Queryable } from '../db/database.ts';
import { readInsuredRecords } from '../db/insured-store.ts';
import { parseRows } from '../db/parse-rows.ts';
import { encodeSyncCursor, type SyncCursor } from './sync-cursor.ts';
import { listSyncLog, syncLogHighWater, type SyncLogOp } from './sync-log-store.ts';

export interface PullPage {
  readonly mode: SyncCursor['mode'];
  readonly changes: PersonChange[];
  readonly cursor: string;
  readonly hasMore: boolean;
  /** How many people the whole snapshot holds (snapshot pages only). */
  readonly snapshotTotal: number | null;
}

interface PersonKey {
  readonly insurerNumber: string;
  readonly insuredNumber: string;
}

const keyOf = (p: PersonKey): string => `${p.insurerNumber}/${p.insuredNumber}`;

export async function readPullPage(q: Queryable, providerNumber: ProviderNumber, cursor: SyncCursor | null, limit: number): Promise<PullPage> {
  // The mark comes first: anything committed after it is in the log above it, whatever the pages read later.
  const position = cursor ?? ({ v: 1, mode: 'snapshot', after: null, hw: await syncLogHighWater(q, providerNumber) } as const);
  return position.mode === 'snapshot' ? snapshotPage(q, providerNumber, position, limit) : logPage(q, providerNumber, position, limit);
}

const KeyRow = z.object({ insurer_number: z.string(), insured_number: z.string() }).transform((r): PersonKey => ({ insurerNumber: r.insurer_number, insuredNumber: r.insured_number }));
const CountRow = z.object({ n: z.number().int().nonnegative() });

async function snapshotPage(q: Queryable, providerNumber: ProviderNumber, position: Extract<SyncCursor, { mode: 'snapshot' }>, limit: number): Promise<PullPage> {
  const [afterInsurer, afterInsured] = position.after ?? [null, null];
  const keyRows = await q.query(
    `SELECT insurer_number, insured_number FROM provider_links
     WHERE provider_number = $1 AND ($2::text IS NULL OR (insurer_number, insured_number) > ($2::text, $3::text))
     ORDER BY insurer_number, insured_number
     LIMIT $4`,
    [providerNumber, afterInsurer, afterInsured, limit + 1],
  );
  const found = parseRows('provider_links', KeyRow, keyRows);
  const keys = found.slice(0, limit);
  const records = await readRecords(q, keys);
  const changes: PersonChange[] = [];
  for (const key of keys) {
    const record = records.get(keyOf(key));
    if (record !== undefined) changes.push({ op: 'upsert', record });
  }
  const countRows = await q.query('SELECT count(*)::integer AS n FROM provider_links WHERE provider_number = $1', [providerNumber]);
  const snapshotTotal = parseRows('provider_links', CountRow, countRows)[0]?.n ?? 0;

  const last = keys.at(-1);
  if (found.length > limit && last !== undefined) {
    const next: SyncCursor = { v: 1, mode: 'snapshot', after: [last.insurerNumber, last.insuredNumber], hw: position.hw };
    return { mode: 'snapshot', changes, cursor: encodeSyncCursor(next), hasMore: true, snapshotTotal };
  }
  const pending = await listSyncLog(q, providerNumber, position.hw, 1);
  return { mode: 'snapshot', changes, cursor: encodeSyncCursor({ v: 1, mode: 'log', after: position.hw }), hasMore: pending.length > 0, snapshotTotal };
}

async function logPage(q: Queryable, providerNumber: ProviderNumber, position: Extract<SyncCursor, { mode: 'log' }>, limit: number): Promise<PullPage> {
  const found = await listSyncLog(q, providerNumber, position.after, limit + 1);
  const rows = found.slice(0, limit);
  // Latest op per person within the page; re-inserting moves the person to the position of that latest row.
  const latest = new Map<string, PersonKey & { op: SyncLogOp }>();
  for (const row of rows) {
    const key = keyOf(row);
    latest.delete(key);
    latest.set(key, { insurerNumber: row.insurerNumber, insuredNumber: row.insuredNumber, op: row.op });
  }
  const upserted = [...latest.values()].filter((p) => p.op === 'upsert');
  const linked = await linkedAmong(q, providerNumber, upserted);
  const records = await readRecords(q, upserted.filter((p) => linked.has(keyOf(p))));
  const changes: PersonChange[] = [...latest.values()].map((person): PersonChange => {
    const record = person.op === 'upsert' ? records.get(keyOf(person)) : undefined;
    return record !== undefined ? { op: 'upsert', record } : { op: 'remove', insurerNumber: person.insurerNumber, insuredNumber: person.insuredNumber };
  });
  const after = rows.at(-1)?.logId ?? position.after;
  return { mode: 'log', changes, cursor: encodeSyncCursor({ v: 1, mode: 'log', after }), hasMore: found.length > limit, snapshotTotal: null };
}

/** Which of these people the provider serves now. */
async function linkedAmong(q: Queryable, providerNumber: ProviderNumber, people: readonly PersonKey[]): Promise<Set<string>> {
  if (people.length === 0) return new Set();
  const rows = await q.query(
    `SELECT l.insurer_number, l.insured_number FROM provider_links l
     JOIN jsonb_to_recordset($2::jsonb) AS k("insurerNumber" text, "insuredNumber" text)
       ON l.insurer_number = k."insurerNumber" AND l.insured_number = k."insuredNumber"
     WHERE l.provider_number = $1`,
    [providerNumber, JSON.stringify(people.map((p) => ({ insurerNumber: p.insurerNumber, insuredNumber: p.insuredNumber })))],
  );
  return new Set(parseRows('provider_links', KeyRow, rows).map(keyOf));
}

/** Current records by `insurer/insured`, read one insurer at a time. */
async function readRecords(q: Queryable, people: readonly PersonKey[]): Promise<Map<string, InsuredRecord>> {
  const byInsurer = new Map<string, string[]>();
  for (const p of people) {
    const numbers = byInsurer.get(p.insurerNumber) ?? [];
    numbers.push(p.insuredNumber);
    byInsurer.set(p.insurerNumber, numbers);
  }
  const records = new Map<string, InsuredRecord>();
  for (const [insurerNumber, insuredNumbers] of byInsurer) {
    for (const record of (await readInsuredRecords(q, insurerNumber, insuredNumbers)).values()) records.set(keyOf(record), record);
  }
  return records;
}
