/**
 * The service worker's push of the outbox with no page open (src/protocol/courier.ts): it reads the envelopes
 * queued with the mutations, oldest first, sends them signed with the device key, drops what the server
 * acknowledged and keeps its refusals for the user, as the page's push does (sync-engine.ts). It needs neither
 * the data key nor a session, and cannot read what it carries.
 *
 * It stops, leaving the rest for the page, at the first queued mutation without an envelope (queued before the
 * staff member had a courier key, or unreadable), at an envelope the server holds back, and at any refusal of
 * the device. A request that gets no answer throws SyncError 'network', so Background Sync tries again later.
 * Only the device-signed request is made here: no pull (the page pulls when it next runs).
 */
import { createDeviceSigner, type DeviceSigner } from '../auth/device-signer.ts';
import { DeviceIdentity } from '../data/device-keyring-rows.ts';
import { ackOutboxRows } from '../data/outbox-ack.ts';
import { OutboxRow, parseSyncState } from '../data/stored-rows.ts';
import type { TsunagiDb } from '../data/tsunagi-db.ts';
import { COURIER_PUSH_PATH, CourierPushResponse, type CourierEnvelope, type CourierHoldCode } from '../protocol/courier.ts';
import { PushGap } from '../protocol/sync.ts';
import { mergeRejected, rejectedFromResults } from './rejected-mutations.ts';
import { readSyncJson, SyncError } from './sync-error.ts';

/** The Web Lock both the page's push and the courier hold while pushing (one push of this device at a time). */
export const PUSH_LOCK_NAME = 'tsunagi-push';

export const COURIER_BATCH = 500;

export interface CourierDeps {
  readonly db: TsunagiDb;
  /** `fetch` with paths relative to the app's origin. */
  readonly fetch: (path: string, init: RequestInit) => Promise<Response>;
  readonly now: () => Date;
  readonly batch?: number;
}

/** Why delivery stopped; null once the outbox is empty. */
export type CourierStop = 'notEnrolled' | 'noEnvelope' | 'refused' | 'seqGap' | CourierHoldCode;

export interface CourierOutcome {
  /** Mutations the server applied or refused in this run (each is off the outbox). */
  readonly delivered: number;
  readonly stop: CourierStop | null;
}

/** The leading run of envelopes, seq after seq, from `rows` (stops at a row without one). */
function leadingEnvelopes(rows: readonly unknown[]): CourierEnvelope[] {
  const envelopes: CourierEnvelope[] = [];
  for (const raw of rows) {
    const row = OutboxRow.safeParse(raw);
    if (!row.success || !row.data.courier || row.data.courier.seq !== row.data.seq) break;
    const previous = envelopes.at(-1);
    if (previous && row.data.seq !== previous.seq + 1) break;
    envelopes.push(row.data.courier);
  }
  return envelopes;
}

async function send(deps: CourierDeps, signer: DeviceSigner, envelopes: readonly CourierEnvelope[]): Promise<Response> {
  const body = JSON.stringify({ envelopes });
  const headers = { 'Content-Type': 'application/json', ...(await signer.headersFor('POST', COURIER_PUSH_PATH, body, deps.now())) };
  try {
    const init: RequestInit & { cache: 'no-store' } = { method: 'POST', headers, body, cache: 'no-store' };
    return await deps.fetch(COURIER_PUSH_PATH, init);
  } catch (cause) {
    throw new SyncError('network', { cause });
  }
}

export async function deliverOutbox(deps: CourierDeps): Promise<CourierOutcome> {
  const { db } = deps;
  const identity = DeviceIdentity.safeParse(await db.device.get('self'));
  if (!identity.success) return { delivered: 0, stop: 'notEnrolled' };
  const signer = createDeviceSigner(identity.data.deviceId, identity.data.privateKey);
  const batch = Math.min(deps.batch ?? COURIER_BATCH, COURIER_BATCH);
  let delivered = 0;
  let fromSeq = 1;
  let gapRetried = false;
  for (;;) {
    const rows = await db.outbox.where('seq').aboveOrEqual(fromSeq).limit(batch).toArray();
    if (rows.length === 0) return { delivered, stop: gapRetried ? 'seqGap' : null };
    const envelopes = leadingEnvelopes(rows);
    const first = envelopes[0];
    const last = envelopes.at(-1);
    if (!first || !last) return { delivered, stop: 'noEnvelope' };

    const response = await send(deps, signer, envelopes);
    if (response.status === 409) {
      const gap = PushGap.safeParse(await readSyncJson(response));
      // As in the page's push: resend once from the seq the server expects, if this device still holds it.
      if (!gap.success || gapRetried || gap.data.expectedSeq <= first.seq) return { delivered, stop: 'seqGap' };
      gapRetried = true;
      fromSeq = gap.data.expectedSeq;
      continue;
    }
    if (!response.ok) return { delivered, stop: 'refused' };
    const answer = CourierPushResponse.safeParse(await readSyncJson(response));
    if (!answer.success) throw new SyncError('invalidResponse');
    const { lastAppliedSeq, results, held } = answer.data;
    // The server claims seqs this device never gave out: acknowledging would drop mutations queued here.
    if (lastAppliedSeq >= parseSyncState(await db.syncState.toArray()).nextSeq) return { delivered, stop: 'seqGap' };
    // A refused paper entry keeps its sealed copy, so the page can undo the entry's local record (it can open it).
    const sealedPaper = new Map(rows.flatMap((raw) => {
      const row = OutboxRow.safeParse(raw);
      return row.success && row.data.courier?.name === 'paperRecordEntered' ? [[row.data.seq, row.data.sealed] as const] : [];
    }));
    const fresh = rejectedFromResults(new Map(envelopes.map((e) => [e.seq, e.name])), results).map((r) => {
      const sealed = sealedPaper.get(r.seq);
      return sealed ? { ...r, sealed } : r;
    });
    if (fresh.length > 0) {
      // Stored before the acknowledgement, as the page does; in one transaction with the read it merges into.
      await db.transaction('rw', [db.syncState], async () => {
        const kept = parseSyncState(await db.syncState.toArray()).rejected;
        await db.syncState.put({ key: 'rejected', value: mergeRejected(kept, fresh) });
      });
    }
    if (lastAppliedSeq >= first.seq) {
      await ackOutboxRows(db, lastAppliedSeq);
      delivered += Math.min(lastAppliedSeq, last.seq) - first.seq + 1;
    }
    if (held) return { delivered, stop: held.code };
    // The server stopped before this batch: sending it again would go round in circles.
    if (lastAppliedSeq < first.seq) return { delivered, stop: 'refused' };
    gapRetried = false;
    fromSeq = lastAppliedSeq + 1;
  }
}
