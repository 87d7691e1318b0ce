/**
 * `device_sync_state`: the last mutation seq applied for each device. A push locks the device's row for the
 * length of its transaction, so that two pushes of one device (a retry racing the original, two tabs) run one
 * after the other and the second sees what the first applied.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

const StateRow = z.object({ last_applied_seq: z.number().int().nonnegative() });

/**
 * Locks the device's row (creating it at 0 the first time) and returns its last applied seq. Under READ
 * COMMITTED a concurrent first insert makes this wait for the other transaction, then find its row.
 */
export async function lockDeviceSyncState(tx: Queryable, deviceId: string, now: Date): Promise<number> {
  await tx.query(
    `INSERT INTO device_sync_state (device_id, last_applied_seq, updated_at) VALUES ($1, 0, $2) ON CONFLICT (device_id) DO NOTHING`,
    [deviceId, now.toISOString()],
  );
  const rows = await tx.query('SELECT last_applied_seq FROM device_sync_state WHERE device_id = $1 FOR UPDATE', [deviceId]);
  const [row] = parseRows('device_sync_state', StateRow, rows);
  if (row === undefined) throw new Error(`device_sync_state: no row for the device after inserting it`);
  return row.last_applied_seq;
}

export async function storeLastAppliedSeq(tx: Queryable, deviceId: string, seq: number, now: Date): Promise<void> {
  await tx.query('UPDATE device_sync_state SET last_applied_seq = $2, updated_at = $3 WHERE device_id = $1', [deviceId, seq, now.toISOString()]);
}

/** The device's last applied seq (0 before its first push). */
export async function readLastAppliedSeq(q: Queryable, deviceId: string): Promise<number> {
  const rows = await q.query('SELECT last_applied_seq FROM device_sync_state WHERE device_id = $1', [deviceId]);
  return parseRows('device_sync_state', StateRow, rows)[0]?.last_applied_seq ?? 0;
}
