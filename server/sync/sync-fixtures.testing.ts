/**
 * Builders and readers for the sync tests: mutations as a tablet's outbox writes them, push and pull through
 * a signed client, and what the pushes left on the server (device entries in the audit log, acknowledgements).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PullResponse, PushGap, PushResponse, type Mutation } from '../../src/protocol/sync.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { COURIER_PUSH_PATH, CourierPushResponse } from '../../src/protocol/courier.ts';
import { importCourierKey, sealCourierEnvelope } from '../../src/security/courier-seal.ts';
import type { Queryable } from '../db/database.ts';
import type { SignedClient } from '../testing/signed-client.testing.ts';

export const OCCURRED_AT = '2026-07-10T00:30:00.000Z';

export function viewed(seq: number, staffId: string, person: { insurerNumber: string; insuredNumber: string }, entryId: string = randomUUID()): Mutation {
  return { seq, name: 'personViewed', version: 1, staffId, args: { entryId, occurredAt: OCCURRED_AT, insurerNumber: person.insurerNumber, insuredNumber: person.insuredNumber } };
}

export function acknowledged(seq: number, staffId: string, eventId: number): Mutation {
  return { seq, name: 'noticeAcknowledged', version: 1, staffId, args: { eventId, acknowledgedAt: OCCURRED_AT } };
}

export type PushAnswer =
  | { readonly status: 200; readonly body: PushResponse }
  | { readonly status: 409; readonly body: z.infer<typeof PushGap> }
  | { readonly status: number; readonly body: ApiError };

export async function push(client: SignedClient, mutations: readonly Mutation[]): Promise<PushAnswer> {
  const response = await client.request('/api/v1/sync/push', { json: { mutations } });
  const json: unknown = await response.json();
  if (response.status === 200) return { status: 200, body: PushResponse.parse(json) };
  if (response.status === 409) return { status: 409, body: PushGap.parse(json) };
  return { status: response.status, body: ApiError.parse(json) };
}

/**
 * The same batch as the service worker's courier sends it: each mutation sealed under the device's courier key
 * (from its sign-in), device-signed, no session token.
 */
export async function courierPush(client: SignedClient, mutations: readonly Mutation[]): Promise<PushAnswer> {
  const courierKey = client.enrollment.courierKey;
  if (!courierKey) throw new Error('the sign-in brought no courier key');
  const key = await importCourierKey(courierKey.secret);
  const envelopes = await Promise.all(mutations.map((m) => sealCourierEnvelope(key, client.deviceId, { keyId: courierKey.keyId, staffId: m.staffId, seq: m.seq }, m)));
  const response = await client.request(COURIER_PUSH_PATH, { json: { envelopes }, token: null });
  const json: unknown = await response.json();
  if (response.status === 200) {
    const answer = CourierPushResponse.parse(json);
    if (answer.held) throw new Error(`courier: envelope ${answer.held.seq} held (${answer.held.code})`);
    return { status: 200, body: { lastAppliedSeq: answer.lastAppliedSeq, results: answer.results } };
  }
  if (response.status === 409) return { status: 409, body: PushGap.parse(json) };
  return { status: response.status, body: ApiError.parse(json) };
}

export async function pull(client: SignedClient, cursor: string | null, limit?: number): Promise<PullResponse> {
  const response = await client.request('/api/v1/sync/pull', { json: { cursor, ...(limit === undefined ? {} : { limit }) } });
  if (response.status !== 200) throw new Error(`pull: ${response.status} ${await response.text()}`);
  return PullResponse.parse(await response.json());
}

/** `insurer/insured:op` (with the record's version for upserts), in the order the page gives them. */
export function describeChanges(page: PullResponse): string[] {
  return page.changes.map((c) => (c.op === 'upsert' ? `${c.record.insuredNumber}:upsert@v${c.record.version}` : `${c.insuredNumber}:remove`));
}

const DeviceEntryRow = z.object({ device_entry_id: z.string(), outcome: z.string(), staff_id: z.string(), seq: z.number() });

/** The device's entries in the audit log, in chain order. */
export async function deviceEntries(q: Queryable, deviceId: string): Promise<{ entryId: string; outcome: string; staffId: string }[]> {
  const rows = await q.query(`SELECT device_entry_id, outcome, staff_id, seq FROM audit_log WHERE device_id = $1 AND device_entry_id IS NOT NULL ORDER BY seq`, [deviceId]);
  return rows.map((r) => DeviceEntryRow.parse(r)).map((r) => ({ entryId: r.device_entry_id, outcome: r.outcome, staffId: r.staff_id }));
}

const ListEntryRow = z.object({ staff_id: z.string(), detail: z.record(z.string(), z.unknown()) });

/** The `people.list` entries of a provider, oldest first. */
export async function peopleListEntries(q: Queryable, providerNumber: string): Promise<{ staffId: string; detail: Record<string, unknown> }[]> {
  const rows = await q.query(`SELECT staff_id, detail FROM audit_log WHERE provider_number = $1 AND action = 'people.list' ORDER BY seq`, [providerNumber]);
  return rows.map((r) => ListEntryRow.parse(r)).map((r) => ({ staffId: r.staff_id, detail: r.detail }));
}
