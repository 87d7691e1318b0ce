/**
 * The staff table's rows: role and PIN state as words, the counts, the 退職 day, and whether the signed-in
 * admin may issue a code or offboard the person. An admin may not offboard themself (the office would risk
 * losing its last admin, and the server refuses it too), and nobody is offboarded twice.
 */
import type { OffboardResponse, StaffSummary } from '../../protocol/admin.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { AdminMessage } from './admin-message.ts';
import { roleKey } from './admin-labels.ts';
import { adminDate, adminDateTime } from './admin-time.ts';

export type OffboardRule = { allowed: true } | { allowed: false; reason: 'self' | 'retired'; reasonKey: MessageKey };

export function offboardRule(staff: Pick<StaffSummary, 'staffId' | 'retiredAt'>, currentStaffId: string): OffboardRule {
  if (staff.retiredAt !== null) return { allowed: false, reason: 'retired', reasonKey: 'adminOffboardRetired' };
  if (staff.staffId === currentStaffId) return { allowed: false, reason: 'self', reasonKey: 'adminOffboardSelf' };
  return { allowed: true };
}

export type PinState = 'notSet' | 'set' | 'locked';

export interface StaffRow {
  staffId: string;
  name: string;
  roleKey: MessageKey;
  isSelf: boolean;
  pinState: PinState;
  pin: AdminMessage;
  passkeys: number;
  activeDevices: number;
  activeSessions: number;
  /** 2026/11/25, or null while employed. */
  retiredOn: string | null;
  canIssueCode: boolean;
  offboard: OffboardRule;
}

export function pinState(staff: Pick<StaffSummary, 'hasPin' | 'pinLockedUntil'>, now: Date): { state: PinState; message: AdminMessage } {
  if (staff.pinLockedUntil !== null && new Date(staff.pinLockedUntil).getTime() > now.getTime()) {
    return { state: 'locked', message: { key: 'adminPinLocked', params: { until: adminDateTime(staff.pinLockedUntil) } } };
  }
  return staff.hasPin ? { state: 'set', message: { key: 'adminPinSet' } } : { state: 'notSet', message: { key: 'adminPinNotSet' } };
}

export function toStaffRow(staff: StaffSummary, currentStaffId: string, now: Date): StaffRow {
  const pin = pinState(staff, now);
  return {
    staffId: staff.staffId,
    name: staff.name,
    roleKey: roleKey(staff.role),
    isSelf: staff.staffId === currentStaffId,
    pinState: pin.state,
    pin: pin.message,
    passkeys: staff.passkeys,
    activeDevices: staff.activeDevices,
    activeSessions: staff.activeSessions,
    retiredOn: staff.retiredAt === null ? null : adminDate(staff.retiredAt),
    canIssueCode: staff.retiredAt === null,
    offboard: offboardRule(staff, currentStaffId),
  };
}

/** Employed staff first, then by name in Japanese collation. */
export function compareStaffRows(a: StaffRow, b: StaffRow): number {
  if ((a.retiredOn === null) !== (b.retiredOn === null)) return a.retiredOn === null ? -1 : 1;
  return a.name.localeCompare(b.name, 'ja');
}

/** What 退職・端末回収 will revoke, for the confirmation dialog. */
export function offboardPreview(staff: Pick<StaffSummary, 'activeDevices' | 'passkeys' | 'activeSessions' | 'hasPin'>): AdminMessage[] {
  const items: AdminMessage[] = [
    { key: 'adminOffboardDevices', params: { count: staff.activeDevices } },
    { key: 'adminOffboardPasskeys', params: { count: staff.passkeys } },
    { key: 'adminOffboardSessions', params: { count: staff.activeSessions } },
  ];
  if (staff.hasPin) items.push({ key: 'adminOffboardPin' });
  return items;
}

/** What 退職・端末回収 did, from the server's answer. */
export function offboardResult(name: string, response: OffboardResponse): AdminMessage[] {
  return [
    { key: 'adminOffboardDone', params: { name, at: adminDateTime(response.retiredAt) } },
    {
      key: 'adminOffboardDoneCounts',
      params: { devices: response.revokedDevices.length, passkeys: response.revokedPasskeys, sessions: response.revokedSessions },
    },
  ];
}
