import { describe, expect, it } from 'vitest';
import { adminDate, adminDateTime, adminDayOf } from './admin-time.ts';

describe('admin time', () => {
  it('writes instants in Japan time, whatever the offset they came with', () => {
    expect(adminDateTime('2026-11-25T00:05:00.000Z')).toBe('2026/11/25 09:05');
    // 23:30 UTC is already the next day in Tokyo.
    expect(adminDateTime('2026-11-24T23:30:00Z')).toBe('2026/11/25 08:30');
    expect(adminDateTime('2026-11-25T08:30:00+09:00')).toBe('2026/11/25 08:30');
  });

  it('takes the Tokyo day of an instant and keeps a plain date as it is', () => {
    expect(adminDayOf('2026-12-31T15:00:00Z')).toBe('2027-01-01');
    expect(adminDayOf('2027-03-31')).toBe('2027-03-31');
    expect(adminDate('2027-03-31')).toBe('2027/03/31');
    expect(adminDate('2026-12-31T14:59:59Z')).toBe('2026/12/31');
  });
});
