/** The device list's rows: who enrolled it and when, when it was last seen, its credential badge and status. */
import type { DeviceSummary } from '../../protocol/admin.ts';
import type { AdminMessage } from './admin-message.ts';
import { adminDateTime } from './admin-time.ts';
import { credentialBadge, type ExpiryBadge } from './expiry-view.ts';

export interface DeviceRow {
  deviceId: string;
  name: string;
  enrolledByName: string;
  enrolledAt: string;
  /** null when the device was never used after enrolment. */
  lastSeen: string | null;
  /** A revoked device's credential no longer matters: no badge. */
  credential: ExpiryBadge | null;
  status: DeviceSummary['status'];
  statusDetail: AdminMessage | null;
  canRevoke: boolean;
}

export function toDeviceRow(device: DeviceSummary, today: string): DeviceRow {
  const revoked = device.status === 'revoked';
  return {
    deviceId: device.deviceId,
    name: device.name,
    enrolledByName: device.enrolledByName,
    enrolledAt: adminDateTime(device.enrolledAt),
    lastSeen: device.lastSeenAt === null ? null : adminDateTime(device.lastSeenAt),
    credential: revoked ? null : credentialBadge(device.credentialExpiresAt, today),
    status: device.status,
    statusDetail:
      revoked && device.revokedAt !== null
        ? { key: 'adminDeviceRevokedAt', params: { at: adminDateTime(device.revokedAt), reason: device.revokedReason ?? '—' } }
        : null,
    canRevoke: !revoked,
  };
}

/** Active devices first, then by name. */
export function compareDeviceRows(a: DeviceRow, b: DeviceRow): number {
  if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
  return a.name.localeCompare(b.name, 'ja') || a.deviceId.localeCompare(b.deviceId);
}
