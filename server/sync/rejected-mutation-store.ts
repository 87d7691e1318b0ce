/**
 * `device_rejected_mutations`: why the server refused each refused mutation of a device, so that a retried
 * push (its first answer lost) is answered `rejected` with the same reason again rather than `duplicate`.
 * Refusals are rare, so every one is kept as long as the device's sync state is.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { REJECTION_REASONS, type RejectionCode } from './sync-reasons.ts';

const RejectionCodeSchema = z.enum(Object.keys(REJECTION_REASONS) as [RejectionCode, ...RejectionCode[]]);
const RejectedRow = z.object({ seq: z.coerce.number().int().positive(), code: RejectionCodeSchema });

export async function recordRejections(tx: Queryable, deviceId: string, rejections: readonly { seq: number; code: RejectionCode }[], now: Date): Promise<void> {
  for (const { seq, code } of rejections) {
    await tx.query('INSERT INTO device_rejected_mutations (device_id, seq, code, rejected_at) VALUES ($1, $2, $3, $4)', [deviceId, seq, code, now.toISOString()]);
  }
}

/** The refusal codes among `seqs` of the device, by seq. */
export async function readRejections(q: Queryable, deviceId: string, seqs: readonly number[]): Promise<Map<number, RejectionCode>> {
  if (seqs.length === 0) return new Map();
  const rows = await q.query('SELECT seq, code FROM device_rejected_mutations WHERE device_id = $1 AND seq >= $2 AND seq <= $3', [deviceId, Math.min(...seqs), Math.max(...seqs)]);
  return new Map(parseRows('device_rejected_mutations', RejectedRow, rows).map((row) => [row.seq, row.code]));
}
