import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../protocol/admin.ts';
import { translate } from '../i18n/translate.ts';
import { compareDeviceRows, toDeviceRow } from './device-view.ts';

const TODAY = '2026-11-25';

function device(overrides: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    deviceId: 'dev-0001',
    name: '訪問用タブレット1',
    enrolledBy: 'admin-tanaka',
    enrolledByName: '田中 一郎',
    enrolledAt: '2026-04-01T00:30:00.000Z',
    lastSeenAt: '2026-11-24T23:10:00.000Z',
    credentialExpiresAt: '2026-12-10T00:00:00.000Z',
    status: 'active',
    revokedAt: null,
    revokedReason: null,
    ...overrides,
  };
}

describe('toDeviceRow', () => {
  it('shows times in Japan time and warns about a credential ending within 15 days', () => {
    const row = toDeviceRow(device(), TODAY);
    expect(row.enrolledAt).toBe('2026/04/01 09:30');
    expect(row.lastSeen).toBe('2026/11/25 08:10');
    expect(row.credential?.tone).toBe('alert');
    expect(row.canRevoke).toBe(true);
    expect(row.statusDetail).toBeNull();
  });

  it('says when and why a device was revoked, and drops its credential badge', () => {
    const row = toDeviceRow(device({ status: 'revoked', revokedAt: '2026-11-25T02:00:00.000Z', revokedReason: '紛失', lastSeenAt: null }), TODAY);
    expect(row.canRevoke).toBe(false);
    expect(row.credential).toBeNull();
    expect(row.lastSeen).toBeNull();
    expect(row.statusDetail && translate('ja', row.statusDetail.key, row.statusDetail.params)).toBe('2026/11/25 11:00 停止・紛失');
  });

  it('lists active devices first, then by name', () => {
    const rows = [
      toDeviceRow(device({ deviceId: 'a', name: 'A', status: 'revoked' }), TODAY),
      toDeviceRow(device({ deviceId: 'c', name: 'C' }), TODAY),
      toDeviceRow(device({ deviceId: 'b', name: 'B' }), TODAY),
    ].sort(compareDeviceRows);
    expect(rows.map((r) => r.deviceId)).toEqual(['b', 'c', 'a']);
  });
});
