/**
 * What every successful online sign-in does: a new access token bound to the device, the device's key
 * shares released with a fresh offline lease, and the sign-in in the audit log — one transaction.
 */
import type { Provider } from '../../src/domain/organisations.ts';
import type { SignInResponse } from '../../src/protocol/auth.ts';
import type { Queryable } from '../db/database.ts';
import { appendAuditInTransaction } from '../audit/audit-log.ts';
import type { AuthSettings } from './auth-settings.ts';
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
  };
}
