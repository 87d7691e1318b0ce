/**
 * `notice_acknowledgements`: which staff member saw which change notice, from which device and when. One row
 * per (event, staff member): acknowledging again changes nothing.
 *
 * `ack_seq` is the acknowledgement stream's position in the notices pull (server/sync/read-notices-page.ts),
 * so it must become visible in commit order, like the sync log's ids (see sync-log-store.ts for why a
 * sequence alone does not give that): the insert first takes the sync log's append lock, held to commit.
 * The same key as the sync log and the change events (migration 4), so a push that acknowledges a notice and
 * writes a record in one transaction never waits on a feed in a cycle.
 */
import { z } from 'zod';
import type { ProviderNumber } from '../../src/domain/index.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { SYNC_LOG_LOCK_KEY } from './sync-log-store.ts';

const NoticeRow = z.object({ insurer_number: z.string(), insured_number: z.string() });

/** The person a change event is about, only if the provider serves them. */
export async function findNoticeOfProvider(q: Queryable, providerNumber: ProviderNumber, eventId: number): Promise<{ insurerNumber: string; insuredNumber: string } | null> {
  const rows = await q.query(
    `SELECT e.insurer_number, e.insured_number FROM change_events e
     JOIN provider_links l ON l.insurer_number = e.insurer_number AND l.insured_number = e.insured_number
     WHERE e.event_id = $1 AND l.provider_number = $2`,
    [eventId, providerNumber],
  );
  const [row] = parseRows('change_events', NoticeRow, rows);
  return row === undefined ? null : { insurerNumber: row.insurer_number, insuredNumber: row.insured_number };
}

export interface NoticeAcknowledgement {
  readonly insurerNumber: string;
  readonly eventId: number;
  readonly providerNumber: ProviderNumber;
  readonly staffId: string;
  readonly acknowledgedAt: string;
  readonly deviceId: string;
}

/** True when this acknowledgement is new. Call inside the transaction that commits it (the lock is held to its end). */
export async function insertNoticeAcknowledgement(tx: Queryable, ack: NoticeAcknowledgement): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOG_LOCK_KEY]);
  const rows = await tx.query(
    `INSERT INTO notice_acknowledgements (insurer_number, event_id, provider_number, staff_id, acknowledged_at, device_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
    [ack.insurerNumber, ack.eventId, ack.providerNumber, ack.staffId, ack.acknowledgedAt, ack.deviceId],
  );
  return rows.length > 0;
}

const AckRow = z.object({ event_id: z.number(), staff_id: z.string(), device_id: z.string() });

/** Acknowledgements of a provider's staff, by event then staff. */
export async function listNoticeAcknowledgements(q: Queryable, providerNumber: ProviderNumber): Promise<{ eventId: number; staffId: string; deviceId: string }[]> {
  const rows = await q.query(
    'SELECT event_id, staff_id, device_id FROM notice_acknowledgements WHERE provider_number = $1 ORDER BY event_id, staff_id',
    [providerNumber],
  );
  return parseRows('notice_acknowledgements', AckRow, rows).map((r) => ({ eventId: r.event_id, staffId: r.staff_id, deviceId: r.device_id }));
}
