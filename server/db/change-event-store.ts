/**
 * The `change_events` table: what changed for whom, appended when a feed is applied. Event ids grow with
 * time, so a reader pages through them with the last id it has seen (`since`).
 */
import { z } from 'zod';
import { ChangeEvent, ChangeEventDetail, type InsurerNumber, type ProviderNumber } from '../../src/domain/index.ts';
import type { Queryable } from './database.ts';
import { parseRows } from './parse-rows.ts';
import { chunks, StoredInstant } from './stored-values.ts';

const ChangeEventRow = z
  .object({
    event_id: z.number(),
    insurer_number: z.string(),
    insured_number: z.string(),
    detail: z.unknown(),
    recorded_at: StoredInstant,
    feed_id: z.number().nullable(),
  })
  .transform((r) => ({
    eventId: r.event_id,
    insurerNumber: r.insurer_number,
    insuredNumber: r.insured_number,
    detail: r.detail,
    recordedAt: r.recorded_at,
    feedId: r.feed_id,
  }))
  .pipe(ChangeEvent);

export interface NewChangeEvent {
  readonly insurerNumber: InsurerNumber;
  readonly insuredNumber: string;
  readonly detail: ChangeEventDetail;
  readonly recordedAt: string;
  readonly feedId: number | null;
}

/** Appends events in the order given (their ids keep that order). */
export async function insertChangeEvents(q: Queryable, events: readonly NewChangeEvent[]): Promise<void> {
  for (const batch of chunks(events, 1000)) {
    const rows = batch.map((e, ordinal) => ({ ...e, detail: ChangeEventDetail.parse(e.detail), ordinal }));
    await q.query(
      `INSERT INTO change_events (insurer_number, insured_number, detail, recorded_at, feed_id)
       SELECT r."insurerNumber", r."insuredNumber", r.detail, r."recordedAt", r."feedId"
       FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, "insuredNumber" text, detail jsonb, "recordedAt" timestamptz,
         "feedId" bigint, ordinal integer)
       ORDER BY r.ordinal`,
      [JSON.stringify(rows)],
    );
  }
}

/** Events about the people a provider serves, after event `since`, oldest first, at most `limit`. */
export async function listChangeEventsOfProvider(q: Queryable, providerNumber: ProviderNumber, since: number, limit: number): Promise<ChangeEvent[]> {
  const rows = await q.query(
    `SELECT e.event_id, e.insurer_number, e.insured_number, e.detail, e.recorded_at, e.feed_id FROM change_events e
     JOIN provider_links l ON l.insurer_number = e.insurer_number AND l.insured_number = e.insured_number
     WHERE l.provider_number = $1 AND e.event_id > $2
     ORDER BY e.event_id
     LIMIT $3`,
    [providerNumber, since, limit],
  );
  return parseRows('change_events', ChangeEventRow, rows);
}

export async function countChangeEvents(q: Queryable, insurerNumber: InsurerNumber, insuredNumber?: string): Promise<number> {
  const rows = await q.query(
    `SELECT count(*)::integer AS n FROM change_events WHERE insurer_number = $1 AND ($2::text IS NULL OR insured_number = $2)`,
    [insurerNumber, insuredNumber ?? null],
  );
  return parseRows('change_events', z.object({ n: z.number() }), rows)[0]?.n ?? 0;
}

/** Events of one person, oldest first. */
export async function listChangeEventsOfPerson(q: Queryable, insurerNumber: InsurerNumber, insuredNumber: string): Promise<ChangeEvent[]> {
  const rows = await q.query(
    `SELECT event_id, insurer_number, insured_number, detail, recorded_at, feed_id FROM change_events
     WHERE insurer_number = $1 AND insured_number = $2 ORDER BY event_id`,
    [insurerNumber, insuredNumber],
  );
  return parseRows('change_events', ChangeEventRow, rows);
}
