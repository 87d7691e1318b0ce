/**
 * One page of an office's change notices (src/protocol/notices.ts), read in two streams after the caller's
 * cursor, each oldest first and at most `limit` long:
 *  - notices: change events (by event_id) about people the office serves now, without `insuredAdded` (the
 *    people list itself) and, unless the reader may read documents, without 主治医意見書/認定調査票 events;
 *    each with the providers serving the person: all of them for a reader who follows the care network
 *    (a care-management office's care manager), else the reader's own office only;
 *  - acknowledgements (by ack_seq) of the notices the reader can see: of every provider's staff for a reader
 *    who follows the care network, else of the reader's own office's staff only; with staff names.
 * Both ids become visible in commit order (migration 4: the sync log's append lock), so a cursor that moved
 * past an id never has an earlier one appear behind it. Each stream's cursor moves to the last item it
 * returned, or stays where it was when the stream returned nothing.
 *
 * Scope follows today's links: an event about someone the office serves only from tomorrow on, older than
 * the cursor by then, is not sent again (the tablet shows that person's current record from the people pull).
 */
import { z } from 'zod';
import { ChangeEventDetail, type ProviderNumber } from '../../src/domain/index.ts';
import type { Notice, NoticeAcknowledgement, NoticeCursor, NoticesPullResponse, ServingProvider } from '../../src/protocol/notices.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { StoredInstant } from '../db/stored-values.ts';

export interface NoticeReader {
  readonly providerNumber: ProviderNumber;
  /** The reader's office name (its own entry in `servingProviders`). */
  readonly providerName: string;
  /** Every provider serving the person and every provider's acknowledgements (see `followsCareNetwork`). */
  readonly followsCareNetwork: boolean;
  /** Whether 主治医意見書/認定調査票 notices are for this reader (the `documents` resource). */
  readonly readsDocuments: boolean;
}

/** The change events that are about documents only a care manager reads. */
const DOCUMENT_KINDS = ['doctorOpinionReceived', 'assessmentSurveyReceived'] as const;

const NoticeRow = z.object({
  event_id: z.number().int().positive(),
  insurer_number: z.string(),
  insured_number: z.string(),
  detail: ChangeEventDetail,
  recorded_at: StoredInstant,
});

const ServingRow = z.object({ insurer_number: z.string(), insured_number: z.string(), provider_number: z.string(), name: z.string() });

const AckRow = z
  .object({
    ack_seq: z.number().int().positive(),
    event_id: z.number().int().positive(),
    provider_number: z.string(),
    staff_id: z.string(),
    staff_name: z.string(),
    acknowledged_at: StoredInstant,
  })
  .transform(
    (r): NoticeAcknowledgement => ({
      ackSeq: r.ack_seq,
      eventId: r.event_id,
      providerNumber: r.provider_number,
      staffId: r.staff_id,
      staffName: r.staff_name,
      acknowledgedAt: r.acknowledged_at,
    }),
  );

const keyOf = (insurerNumber: string, insuredNumber: string): string => `${insurerNumber}/${insuredNumber}`;

export async function readNoticesPage(q: Queryable, reader: NoticeReader, cursor: NoticeCursor | null, limit: number): Promise<NoticesPullResponse> {
  const after = cursor ?? { eventId: 0, ackSeq: 0 };
  const foundNotices = parseRows(
    'change_events',
    NoticeRow,
    await q.query(
      `SELECT e.event_id, e.insurer_number, e.insured_number, e.detail, e.recorded_at FROM change_events e
       WHERE e.event_id > $2 AND e.detail->>'kind' <> 'insuredAdded'
         AND ($3::boolean OR e.detail->>'kind' NOT IN (SELECT jsonb_array_elements_text($5::jsonb)))
         AND EXISTS (SELECT 1 FROM provider_links l
                     WHERE l.provider_number = $1 AND l.insurer_number = e.insurer_number AND l.insured_number = e.insured_number)
       ORDER BY e.event_id
       LIMIT $4`,
      [reader.providerNumber, after.eventId, reader.readsDocuments, limit + 1, JSON.stringify(DOCUMENT_KINDS)],
    ),
  );
  const noticeRows = foundNotices.slice(0, limit);
  const serving = await servingProvidersOf(q, reader, noticeRows);
  const notices = noticeRows.map(
    (r): Notice => ({
      eventId: r.event_id,
      insurerNumber: r.insurer_number,
      insuredNumber: r.insured_number,
      detail: r.detail,
      recordedAt: r.recorded_at,
      servingProviders: serving.get(keyOf(r.insurer_number, r.insured_number)) ?? [{ providerNumber: reader.providerNumber, name: reader.providerName }],
    }),
  );

  const foundAcks = parseRows(
    'notice_acknowledgements',
    AckRow,
    await q.query(
      `SELECT a.ack_seq, a.event_id, a.provider_number, a.staff_id, s.name AS staff_name, a.acknowledged_at
       FROM notice_acknowledgements a
       JOIN change_events e ON e.insurer_number = a.insurer_number AND e.event_id = a.event_id
       JOIN staff s ON s.staff_id = a.staff_id
       WHERE a.ack_seq > $2 AND ($3::boolean OR a.provider_number = $1)
         AND e.detail->>'kind' <> 'insuredAdded'
         AND ($4::boolean OR e.detail->>'kind' NOT IN (SELECT jsonb_array_elements_text($6::jsonb)))
         AND EXISTS (SELECT 1 FROM provider_links l
                     WHERE l.provider_number = $1 AND l.insurer_number = e.insurer_number AND l.insured_number = e.insured_number)
       ORDER BY a.ack_seq
       LIMIT $5`,
      [reader.providerNumber, after.ackSeq, reader.followsCareNetwork, reader.readsDocuments, limit + 1, JSON.stringify(DOCUMENT_KINDS)],
    ),
  );
  const acknowledgements = foundAcks.slice(0, limit);

  return {
    notices,
    acknowledgements,
    cursor: { eventId: notices.at(-1)?.eventId ?? after.eventId, ackSeq: acknowledgements.at(-1)?.ackSeq ?? after.ackSeq },
    hasMore: foundNotices.length > limit || foundAcks.length > limit,
  };
}

/**
 * The providers serving each person of these notices now, the reader's office first then by provider number;
 * only the reader's office for a reader who does not follow the care network.
 */
async function servingProvidersOf(
  q: Queryable,
  reader: NoticeReader,
  notices: readonly z.output<typeof NoticeRow>[],
): Promise<Map<string, ServingProvider[]>> {
  const serving = new Map<string, ServingProvider[]>();
  if (!reader.followsCareNetwork || notices.length === 0) return serving;
  const people = [...new Map(notices.map((n) => [keyOf(n.insurer_number, n.insured_number), { i: n.insurer_number, n: n.insured_number }])).values()];
  const rows = await q.query(
    `SELECT l.insurer_number, l.insured_number, p.provider_number, p.name FROM provider_links l
     JOIN providers p ON p.provider_number = l.provider_number
     JOIN jsonb_to_recordset($2::jsonb) AS k(i text, n text) ON l.insurer_number = k.i AND l.insured_number = k.n
     ORDER BY l.insurer_number, l.insured_number, p.provider_number <> $1, p.provider_number`,
    [reader.providerNumber, JSON.stringify(people)],
  );
  for (const row of parseRows('provider_links', ServingRow, rows)) {
    const key = keyOf(row.insurer_number, row.insured_number);
    const list = serving.get(key) ?? [];
    list.push({ providerNumber: row.provider_number, name: row.name });
    serving.set(key, list);
  }
  return serving;
}
