import { describe, expect, it } from 'vitest';
import { certificationUrgency, daysUntilCertificationExpires } from './certification-expiry.ts';

const period = { from: '2025-10-01', to: '2026-09-30' };

describe('daysUntilCertificationExpires', () => {
  it('is 0 on the last day and negative after it', () => {
    expect(daysUntilCertificationExpires(period, '2026-09-30')).toBe(0);
    expect(daysUntilCertificationExpires(period, '2026-10-01')).toBe(-1);
    expect(daysUntilCertificationExpires(period, '2026-09-29')).toBe(1);
  });

  it('counts 60 days from 8/1 to 9/30 (30 days to 8/31, then 30)', () => {
    expect(daysUntilCertificationExpires(period, '2026-08-01')).toBe(60);
  });

  it('counts a leap day: 2028-01-30 to 2028-02-29 is 30 days', () => {
    expect(daysUntilCertificationExpires({ from: '2027-03-01', to: '2028-02-29' }, '2028-01-30')).toBe(30);
  });
});

describe('certificationUrgency', () => {
  it('classifies by days left: <60 warning, <30 alert, <0 expired', () => {
    expect([90, 60, 59, 30, 29, 0, -1, -400].map(certificationUrgency)).toEqual(['ok', 'ok', 'warning', 'warning', 'alert', 'alert', 'expired', 'expired']);
  });

  it('turns to warning on 8/2 for a period ending 9/30', () => {
    expect(certificationUrgency(daysUntilCertificationExpires(period, '2026-08-01'))).toBe('ok');
    expect(certificationUrgency(daysUntilCertificationExpires(period, '2026-08-02'))).toBe('warning');
    expect(certificationUrgency(daysUntilCertificationExpires(period, '2026-09-01'))).toBe('alert');
    expect(certificationUrgency(daysUntilCertificationExpires(period, '2026-10-01'))).toBe('expired');
  });
});
