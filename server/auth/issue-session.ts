/**
 * What every successful online sign-in does: a new access token bound to the device, the device's key
 * shares released with a fresh offline lease, a new courier key for (device, staff member), and the sign-in
 * in the audit log — one transaction.
 */
import type { Provider } from '../../src/domain/organisations.ts';
import { COURIER_KEY_DAYS, type SignInResponse } from '../../src/protocol/auth.ts';
import type { Queryable } from '../db/database.ts';
import { appendAuditInTransaction } from '../audit/audit-log.ts';
import type { AuthSettings } from './auth-settings.ts';
import { insertCourierKey } from './courier-key-store.ts';
import type { DeviceRecord } from './device-store.ts';
import { randomBase64Url, sha256Hex } from './secrets.ts';
import { insertSession } from './session-store.ts';
import type { StaffMember } from './staff-store.ts';

export async function issueSession(
  tx: Queryable,
  args: {
    staff: StaffMember;
    device: DeviceRecord;
    provider: Provider;
    method: 'passkey' | 'pin' | 'activation';
    settings: AuthSettings;
    now: Date;
    sourceAddress: string | null;
    clock: () => Date;
  },
): Promise<SignInResponse> {
  const { staff, device, settings, now } = args;
  if (device.escrowKey === null || device.leaseShare === null) throw new Error('device has no key shares (revoked)');
  const accessToken = randomBase64Url(32);
  const expiresAt = new Date(now.getTime() + settings.accessTokenMinutes * 60_000);
  await insertSession(tx, { tokenSha256: sha256Hex(accessToken), staffId: staff.staffId, deviceId: device.deviceId, method: args.method, createdAt: now, expiresAt });
  // Earlier keys stay valid until they expire: envelopes sealed under them may still wait in the outbox.
  const courierKey = { keyId: randomBase64Url(16), secret: randomBase64Url(32), expiresAt: new Date(now.getTime() + COURIER_KEY_DAYS * 86_400_000) };
  await insertCourierKey(tx, { ...courierKey, deviceId: device.deviceId, staffId: staff.staffId, issuedAt: now });
  await appendAuditInTransaction(
    tx,
    [
      {
        origin: 'server',
        action: 'signIn',
        outcome: 'allowed',
        staffId: staff.staffId,
        deviceId: device.deviceId,
        providerNumber: staff.providerNumber,
        detail: { method: args.method },
        sourceAddress: args.sourceAddress,
      },
    ],
    args.clock,
  );
  return {
    accessToken,
    expiresAt: expiresAt.toISOString(),
    staff: { staffId: staff.staffId, name: staff.name, role: staff.role, providerNumber: staff.providerNumber },
    provider: args.provider,
    deviceId: device.deviceId,
    escrowKey: device.escrowKey,
    leaseShare: device.leaseShare,
    leaseExpiresAt: new Date(now.getTime() + settings.offlineLeaseHours * 3_600_000).toISOString(),
    idleLockMinutes: settings.idleLockMinutes,
    courierKey: { ...courierKey, expiresAt: courierKey.expiresAt.toISOString() },
  };
}
