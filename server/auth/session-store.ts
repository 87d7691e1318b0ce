/**
 * Access tokens (kept as SHA-256) bound to one staff member on one device, and the single-use WebAuthn
 * challenges.
 */
import { z } from 'zod';
import { StaffRole } from '../../src/domain/organisations.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

export async function insertSession(
  q: Queryable,
  s: { tokenSha256: string; staffId: string; deviceId: string; method: 'passkey' | 'pin' | 'activation'; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await q.query(`INSERT INTO sessions (token_sha256, staff_id, device_id, method, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    s.tokenSha256,
    s.staffId,
    s.deviceId,
    s.method,
    s.createdAt,
    s.expiresAt,
  ]);
}

const LiveSessionRow = z
  .object({ staff_id: z.string(), device_id: z.string(), name: z.string(), role: StaffRole, provider_number: z.string() })
  .transform((r) => ({ staffId: r.staff_id, deviceId: r.device_id, name: r.name, role: r.role, providerNumber: r.provider_number }));

/** The session behind a token if it is unexpired, unrevoked, and its staff member has not retired. */
export async function findLiveSession(q: Queryable, tokenSha256: string, now: Date) {
  const rows = await q.query(
    `SELECT x.staff_id, x.device_id, s.name, s.role, s.provider_number
     FROM sessions x JOIN staff s ON s.staff_id = x.staff_id
     WHERE x.token_sha256 = $1 AND x.revoked_at IS NULL AND x.expires_at > $2 AND s.retired_at IS NULL`,
    [tokenSha256, now],
  );
  return parseRows('sessions', LiveSessionRow, rows)[0] ?? null;
}

export async function revokeSession(q: Queryable, tokenSha256: string, now: Date): Promise<void> {
  await q.query(`UPDATE sessions SET revoked_at = $2 WHERE token_sha256 = $1 AND revoked_at IS NULL`, [tokenSha256, now]);
}

/** Every session of a staff member, and every session on the given devices. */
export async function revokeSessionsOf(q: Queryable, staffId: string, deviceIds: readonly string[], now: Date): Promise<number> {
  const rows = await q.query(
    `UPDATE sessions SET revoked_at = $2 WHERE (staff_id = $1 OR device_id = ANY($3::text[])) AND revoked_at IS NULL RETURNING token_sha256`,
    [staffId, now, [...deviceIds]],
  );
  return rows.length;
}

export async function insertChallenge(
  q: Queryable,
  c: { challenge: string; purpose: 'registration' | 'authentication'; deviceId: string; staffId: string | null; expiresAt: Date },
): Promise<void> {
  await q.query(`INSERT INTO auth_challenges (challenge, purpose, device_id, staff_id, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
    c.challenge,
    c.purpose,
    c.deviceId,
    c.staffId,
    c.expiresAt,
  ]);
}

/** Uses a challenge up: true only the first time, before expiry, for the same device and purpose. */
export async function consumeChallenge(
  q: Queryable,
  c: { challenge: string; purpose: 'registration' | 'authentication'; deviceId: string; staffId: string | null },
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE auth_challenges SET used_at = $5
     WHERE challenge = $1 AND purpose = $2 AND device_id = $3 AND staff_id IS NOT DISTINCT FROM $4 AND used_at IS NULL AND expires_at > $5
     RETURNING challenge`,
    [c.challenge, c.purpose, c.deviceId, c.staffId, now],
  );
  return rows.length === 1;
}
