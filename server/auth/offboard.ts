/**
 * 退職・端末回収 in one transaction: the staff member is retired (their PIN deleted), their passkeys,
 * sessions, courier keys and unused activation codes revoked, and every device they enrolled revoked with its
 * key shares and courier keys destroyed, so the tablet is refused at once and wipes itself on its next contact.
 */
import type { OffboardResponse } from '../../src/protocol/admin.ts';
import { appendAuditInTransaction } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { revokeCourierKeys } from './courier-key-store.ts';
import { revokeActivationCodesOf, revokeDevices } from './device-store.ts';
import { revokeSessionsOf } from './session-store.ts';
import { retireStaff, revokePasskeysOf } from './staff-store.ts';

export const OFFBOARD_REASON = '退職・端末回収';

export async function offboardStaff(
  db: Database,
  args: { staffId: string; adminStaffId: string; adminDeviceId: string; providerNumber: string; sourceAddress: string | null },
  clock: () => Date,
): Promise<OffboardResponse | 'alreadyRetired'> {
  const now = clock();
  return db.transaction(async (tx) => {
    if (!(await retireStaff(tx, args.staffId, now))) return 'alreadyRetired' as const;
    const revokedPasskeys = await revokePasskeysOf(tx, args.staffId, now);
    const revokedDevices = await revokeDevices(tx, { enrolledBy: args.staffId }, now, args.adminStaffId, OFFBOARD_REASON);
    const revokedSessions = await revokeSessionsOf(tx, args.staffId, revokedDevices, now);
    await revokeCourierKeys(tx, { staffId: args.staffId, deviceIds: revokedDevices }, now);
    await revokeActivationCodesOf(tx, args.staffId, now);
    await appendAuditInTransaction(
      tx,
      [
        {
          origin: 'server',
          action: 'staff.offboard',
          outcome: 'allowed',
          staffId: args.adminStaffId,
          deviceId: args.adminDeviceId,
          providerNumber: args.providerNumber,
          detail: { subjectStaffId: args.staffId, revokedDevices: revokedDevices.length, revokedPasskeys, revokedSessions },
          sourceAddress: args.sourceAddress,
        },
      ],
      clock,
    );
    return { staffId: args.staffId, retiredAt: now.toISOString(), revokedDevices, revokedPasskeys, revokedSessions };
  });
}
