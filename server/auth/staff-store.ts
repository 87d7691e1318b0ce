/**
 * Staff as sign-in sees them (with retirement), their PINs with the failure counter, and their passkeys.
 */
import { z } from 'zod';
import { StaffRole } from '../../src/domain/organisations.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

const Instant = z.date().transform((d) => d.toISOString());

const StaffRow = z
  .object({ staff_id: z.string(), provider_number: z.string(), name: z.string(), role: StaffRole, retired_at: Instant.nullable() })
  .transform((r) => ({ staffId: r.staff_id, providerNumber: r.provider_number, name: r.name, role: r.role, retiredAt: r.retired_at }));
export type StaffMember = z.output<typeof StaffRow>;

export async function findStaffMember(q: Queryable, staffId: string): Promise<StaffMember | null> {
  return parseRows('staff', StaffRow, await q.query(`SELECT staff_id, provider_number, name, role, retired_at FROM staff WHERE staff_id = $1`, [staffId]))[0] ?? null;
}

const StaffSummaryRow = z
  .object({
    staff_id: z.string(),
    name: z.string(),
    role: StaffRole,
    retired_at: Instant.nullable(),
    has_pin: z.boolean(),
    pin_locked_until: Instant.nullable(),
    passkeys: z.number(),
    active_devices: z.number(),
    active_sessions: z.number(),
  })
  .transform((r) => ({
    staffId: r.staff_id,
    name: r.name,
    role: r.role,
    retiredAt: r.retired_at,
    hasPin: r.has_pin,
    pinLockedUntil: r.pin_locked_until,
    passkeys: r.passkeys,
    activeDevices: r.active_devices,
    activeSessions: r.active_sessions,
  }));

export async function listStaffSummaries(q: Queryable, providerNumber: string, now: Date) {
  const rows = await q.query(
    `SELECT s.staff_id, s.name, s.role, s.retired_at,
       (p.staff_id IS NOT NULL) AS has_pin,
       CASE WHEN p.locked_until > $2 THEN p.locked_until END AS pin_locked_until,
       (SELECT count(*)::integer FROM passkeys k WHERE k.staff_id = s.staff_id AND k.revoked_at IS NULL) AS passkeys,
       (SELECT count(*)::integer FROM devices d WHERE d.enrolled_by = s.staff_id AND d.revoked_at IS NULL) AS active_devices,
       (SELECT count(*)::integer FROM sessions x WHERE x.staff_id = s.staff_id AND x.revoked_at IS NULL AND x.expires_at > $2) AS active_sessions
     FROM staff s LEFT JOIN staff_pins p ON p.staff_id = s.staff_id
     WHERE s.provider_number = $1 ORDER BY s.retired_at NULLS FIRST, s.staff_id`,
    [providerNumber, now],
  );
  return parseRows('staff', StaffSummaryRow, rows);
}

export async function setStaffPin(q: Queryable, staffId: string, pinHash: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO staff_pins (staff_id, pin_hash, failed_attempts, locked_until, updated_at) VALUES ($1, $2, 0, NULL, $3)
     ON CONFLICT (staff_id) DO UPDATE SET pin_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = $3`,
    [staffId, pinHash, now],
  );
}

const PinRow = z
  .object({ pin_hash: z.string(), failed_attempts: z.number(), locked_until: z.date().nullable() })
  .transform((r) => ({ pinHash: r.pin_hash, failedAttempts: r.failed_attempts, lockedUntil: r.locked_until }));

/** FOR UPDATE: concurrent wrong guesses are counted one after another. */
export async function readStaffPinForUpdate(q: Queryable, staffId: string) {
  return parseRows('staff_pins', PinRow, await q.query(`SELECT pin_hash, failed_attempts, locked_until FROM staff_pins WHERE staff_id = $1 FOR UPDATE`, [staffId]))[0] ?? null;
}

export async function recordPinResult(q: Queryable, staffId: string, failedAttempts: number, lockedUntil: Date | null): Promise<void> {
  await q.query(`UPDATE staff_pins SET failed_attempts = $2, locked_until = $3 WHERE staff_id = $1`, [staffId, failedAttempts, lockedUntil]);
}

export async function retireStaff(q: Queryable, staffId: string, now: Date): Promise<boolean> {
  const rows = await q.query(`UPDATE staff SET retired_at = $2 WHERE staff_id = $1 AND retired_at IS NULL RETURNING staff_id`, [staffId, now]);
  if (rows.length === 0) return false;
  await q.query(`DELETE FROM staff_pins WHERE staff_id = $1`, [staffId]);
  return true;
}

const PasskeyRow = z
  .object({
    credential_id: z.string(),
    staff_id: z.string(),
    public_key: z.string(),
    counter: z.number(),
    transports: z.array(z.string()),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({ credentialId: r.credential_id, staffId: r.staff_id, publicKey: r.public_key, counter: r.counter, transports: r.transports, revokedAt: r.revoked_at }));
export type PasskeyRecord = z.output<typeof PasskeyRow>;

const PASSKEY_COLUMNS = 'credential_id, staff_id, public_key, counter, transports, revoked_at';

export async function findPasskey(q: Queryable, credentialId: string): Promise<PasskeyRecord | null> {
  return parseRows('passkeys', PasskeyRow, await q.query(`SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE credential_id = $1`, [credentialId]))[0] ?? null;
}

export async function listActivePasskeysOf(q: Queryable, staffId: string): Promise<PasskeyRecord[]> {
  return parseRows('passkeys', PasskeyRow, await q.query(`SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE staff_id = $1 AND revoked_at IS NULL`, [staffId]));
}

export async function insertPasskey(
  q: Queryable,
  p: { credentialId: string; staffId: string; deviceId: string; publicKey: string; counter: number; transports: readonly string[]; createdAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO passkeys (credential_id, staff_id, device_id, public_key, counter, transports, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [p.credentialId, p.staffId, p.deviceId, p.publicKey, p.counter, JSON.stringify(p.transports), p.createdAt],
  );
}

export async function recordPasskeyUse(q: Queryable, credentialId: string, counter: number, now: Date): Promise<void> {
  await q.query(`UPDATE passkeys SET counter = $2, last_used_at = $3 WHERE credential_id = $1`, [credentialId, counter, now]);
}

export async function revokePasskeysOf(q: Queryable, staffId: string, now: Date): Promise<number> {
  return (await q.query(`UPDATE passkeys SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL RETURNING credential_id`, [staffId, now])).length;
}
