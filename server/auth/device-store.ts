/**
 * Registered devices and the activation codes that enroll them. A code is consumed by one atomic UPDATE, so
 * two tablets racing with the same code cannot both enroll.
 */
import { z } from 'zod';
import { DevicePublicKey } from '../../src/protocol/auth.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

const Instant = z.date().transform((d) => d.toISOString());

export const DeviceRow = z
  .object({
    device_id: z.string(),
    provider_number: z.string(),
    name: z.string(),
    public_key: DevicePublicKey,
    enrolled_by: z.string(),
    enrolled_at: Instant,
    credential_expires_at: Instant,
    last_seen_at: Instant.nullable(),
    escrow_key: z.string().nullable(),
    lease_share: z.string().nullable(),
    revoked_at: Instant.nullable(),
    revoked_reason: z.string().nullable(),
  })
  .transform((r) => ({
    deviceId: r.device_id,
    providerNumber: r.provider_number,
    name: r.name,
    publicKey: r.public_key,
    enrolledBy: r.enrolled_by,
    enrolledAt: r.enrolled_at,
    credentialExpiresAt: r.credential_expires_at,
    lastSeenAt: r.last_seen_at,
    escrowKey: r.escrow_key,
    leaseShare: r.lease_share,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
  }));
export type DeviceRecord = z.output<typeof DeviceRow>;

const DEVICE_COLUMNS =
  'device_id, provider_number, name, public_key, enrolled_by, enrolled_at, credential_expires_at, last_seen_at, escrow_key, lease_share, revoked_at, revoked_reason';

export async function findDevice(q: Queryable, deviceId: string): Promise<DeviceRecord | null> {
  return parseRows('devices', DeviceRow, await q.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE device_id = $1`, [deviceId]))[0] ?? null;
}

export async function listDevicesOfProvider(q: Queryable, providerNumber: string): Promise<DeviceRecord[]> {
  return parseRows('devices', DeviceRow, await q.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE provider_number = $1 ORDER BY enrolled_at DESC`, [providerNumber]));
}

export interface NewDevice {
  readonly deviceId: string;
  readonly providerNumber: string;
  readonly name: string;
  readonly publicKey: DevicePublicKey;
  readonly enrolledBy: string;
  readonly enrolledAt: Date;
  readonly credentialExpiresAt: Date;
  readonly escrowKey: string;
  readonly leaseShare: string;
}

export async function insertDevice(q: Queryable, d: NewDevice): Promise<void> {
  await q.query(
    `INSERT INTO devices (device_id, provider_number, name, public_key, enrolled_by, enrolled_at, credential_expires_at, last_seen_at, escrow_key, lease_share)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9)`,
    [d.deviceId, d.providerNumber, d.name, JSON.stringify(d.publicKey), d.enrolledBy, d.enrolledAt, d.credentialExpiresAt, d.escrowKey, d.leaseShare],
  );
}

/** Records contact at most once a minute per device (not a write per request). */
export async function touchDevice(q: Queryable, deviceId: string, now: Date): Promise<void> {
  await q.query(`UPDATE devices SET last_seen_at = $2 WHERE device_id = $1 AND (last_seen_at IS NULL OR last_seen_at < $3)`, [
    deviceId,
    now,
    new Date(now.getTime() - 60_000),
  ]);
}

/** Revokes and destroys the device's key shares; the ids actually revoked (already-revoked ones are left). */
export async function revokeDevices(q: Queryable, where: { deviceId: string } | { enrolledBy: string }, now: Date, by: string, reason: string): Promise<string[]> {
  const [column, value] = 'deviceId' in where ? ['device_id', where.deviceId] : ['enrolled_by', where.enrolledBy];
  const rows = await q.query<{ device_id: string }>(
    `UPDATE devices SET revoked_at = $2, revoked_by = $3, revoked_reason = $4, escrow_key = NULL, lease_share = NULL
     WHERE ${column} = $1 AND revoked_at IS NULL RETURNING device_id`,
    [value, now, by, reason],
  );
  return rows.map((r) => r.device_id).sort();
}

export async function insertActivationCode(
  q: Queryable,
  code: { codeSha256: string; staffId: string; deviceName: string; issuedBy: string | null; issuedAt: Date; expiresAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO activation_codes (code_sha256, staff_id, device_name, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [code.codeSha256, code.staffId, code.deviceName, code.issuedBy, code.issuedAt, code.expiresAt],
  );
}

const ConsumedCode = z.object({ staff_id: z.string(), device_name: z.string() });

/** Marks an unused, unexpired code used by `deviceId`; null when there is no such code. */
export async function consumeActivationCode(q: Queryable, codeSha256: string, now: Date): Promise<{ staffId: string; deviceName: string } | null> {
  const rows = await q.query(
    `UPDATE activation_codes SET used_at = $2
     WHERE code_sha256 = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
     RETURNING staff_id, device_name`,
    [codeSha256, now],
  );
  const row = parseRows('activation_codes', ConsumedCode, rows)[0];
  return row ? { staffId: row.staff_id, deviceName: row.device_name } : null;
}

export async function linkActivationCode(q: Queryable, codeSha256: string, deviceId: string): Promise<void> {
  await q.query(`UPDATE activation_codes SET device_id = $2 WHERE code_sha256 = $1`, [codeSha256, deviceId]);
}

export async function revokeActivationCodesOf(q: Queryable, staffId: string, now: Date): Promise<void> {
  await q.query(`UPDATE activation_codes SET revoked_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [staffId, now]);
}
