/** Audit entries for tests: synthetic staff, devices and numbers only. */
import type { NewAuditEntry } from './audit-log.ts';

export const AUDIT_OFFICE = '2270100011';
export const OTHER_OFFICE = '2270100029';

/** A server-recorded person read by staff-1 on device-1 of AUDIT_OFFICE, with `overrides` applied. */
export function auditEntry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    origin: 'server',
    action: 'person.read',
    outcome: 'allowed',
    staffId: 'staff-1',
    deviceId: 'device-1',
    providerNumber: AUDIT_OFFICE,
    insurerNumber: '229011',
    insuredNumber: '0000000001',
    detail: {},
    sourceAddress: '192.0.2.10',
    ...overrides,
  };
}

/** A clock that starts at `start` and moves one second per call. */
export function tickingClock(start = '2026-07-10T01:00:00.000Z'): () => Date {
  let t = new Date(start).getTime();
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}
