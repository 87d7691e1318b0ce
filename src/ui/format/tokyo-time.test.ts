import { describe, expect, it } from 'vitest';
import { fetchedAtLabel, tokyoClock, tokyoDate } from './tokyo-time.ts';

describe('tokyo time', () => {
  it('turns 2025-08-31T15:30Z into 2025-09-01 00:30 in Japan (UTC+9)', () => {
    const instant = new Date('2025-08-31T15:30:00Z');
    expect(tokyoDate(instant)).toBe('2025-09-01');
    expect(tokyoClock(instant)).toBe('00:30');
  });
  it('keeps the same day before 15:00 UTC', () => {
    const instant = new Date('2025-08-31T14:59:00Z');
    expect(tokyoDate(instant)).toBe('2025-08-31');
    expect(tokyoClock(instant)).toBe('23:59');
  });
});

describe('fetchedAtLabel', () => {
  it('shows only the time for a fetch made today in Japan', () => {
    expect(fetchedAtLabel('2025-09-01T01:02:03Z', '2025-09-01')).toBe('10:02');
  });
  it('adds month/day for an earlier day', () => {
    expect(fetchedAtLabel('2025-08-30T23:15:00Z', '2025-09-01')).toBe('8/31 08:15');
  });
});
