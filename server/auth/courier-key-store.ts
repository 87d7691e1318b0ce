/**
 * Courier keys (src/protocol/courier.ts): issued at each online sign-in, bound to one device and one staff
 * member. Revoking a key destroys its secret (like a revoked device's key shares), so nothing sealed under it
 * can be opened afterwards, even from a copy of the database.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

export interface NewCourierKey {
  readonly keyId: string;
  readonly deviceId: string;
  readonly staffId: string;
  readonly secret: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

const CourierKeyRow = z
  .object({ key_id: z.string(), device_id: z.string(), staff_id: z.string(), secret: z.string(), expires_at: z.date() })
  .transform((r) => ({ keyId: r.key_id, deviceId: r.device_id, staffId: r.staff_id, secret: r.secret, expiresAt: r.expires_at }));
export type CourierKeyRecord = z.output<typeof CourierKeyRow>;

export async function insertCourierKey(q: Queryable, key: NewCourierKey): Promise<void> {
  await q.query(`INSERT INTO courier_keys (key_id, device_id, staff_id, secret, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    key.keyId,
    key.deviceId,
    key.staffId,
    key.secret,
    key.issuedAt,
    key.expiresAt,
  ]);
}

/** The unrevoked key with this id, expired or not (the caller tells the two apart); null when unknown or revoked. */
export async function findUnrevokedCourierKey(q: Queryable, keyId: string): Promise<CourierKeyRecord | null> {
  const rows = await q.query(`SELECT key_id, device_id, staff_id, secret, expires_at FROM courier_keys WHERE key_id = $1 AND revoked_at IS NULL`, [keyId]);
  return parseRows('courier_keys', CourierKeyRow, rows)[0] ?? null;
}

/** Revokes every unrevoked key of the staff member and every one of the devices; the number revoked. */
export async function revokeCourierKeys(q: Queryable, of: { staffId?: string; deviceIds?: readonly string[] }, now: Date): Promise<number> {
  const rows = await q.query<{ key_id: string }>(
    `UPDATE courier_keys SET revoked_at = $3, secret = NULL
     WHERE revoked_at IS NULL AND (staff_id = $1 OR device_id = ANY($2::text[])) RETURNING key_id`,
    [of.staffId ?? null, [...(of.deviceIds ?? [])], now],
  );
  return rows.length;
}
