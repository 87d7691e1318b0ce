import { describe, expect, it } from 'vitest';
import {
  addMonths,
  ageOn,
  burdenYearStart,
  dayNumberOf,
  fiscalYearOf,
  formatIsoDate,
  lastDayOfMonth,
  monthIndexOf,
  parseIsoDate,
} from './demo-dates.ts';

describe('demo dates', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumberOf(1970, 1, 1)).toBe(0);
    expect(dayNumberOf(2000, 3, 1)).toBe(11017);
    expect(parseIsoDate('1925-01-01')).toBe(-16436);
  });

  it('round-trips dates across leap days and centuries', () => {
    for (const iso of ['1900-02-28', '1900-03-01', '2000-02-29', '2024-02-29', '2026-12-31', '1925-06-15']) {
      expect(formatIsoDate(parseIsoDate(iso))).toBe(iso);
    }
    expect(formatIsoDate(parseIsoDate('2024-02-28') + 1)).toBe('2024-02-29');
    expect(formatIsoDate(parseIsoDate('2023-02-28') + 1)).toBe('2023-03-01');
  });

  it('rejects impossible dates', () => {
    expect(() => parseIsoDate('2026-02-29')).toThrow(RangeError);
    expect(() => parseIsoDate('2026/01/01')).toThrow(RangeError);
  });

  it('adds months clamping to the end of the month', () => {
    expect(formatIsoDate(addMonths(parseIsoDate('2026-01-31'), 1))).toBe('2026-02-28');
    expect(formatIsoDate(addMonths(parseIsoDate('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths(parseIsoDate('2026-11-25'), -12))).toBe('2025-11-25');
    expect(formatIsoDate(lastDayOfMonth(monthIndexOf(parseIsoDate('2026-02-10'))))).toBe('2026-02-28');
  });

  it('computes age, the burden year and the fiscal year', () => {
    const birth = parseIsoDate('1941-11-26');
    expect(ageOn(birth, parseIsoDate('2026-11-25'))).toBe(84);
    expect(ageOn(birth, parseIsoDate('2026-11-26'))).toBe(85);
    expect(formatIsoDate(burdenYearStart(parseIsoDate('2026-11-25')))).toBe('2026-08-01');
    expect(formatIsoDate(burdenYearStart(parseIsoDate('2026-07-31')))).toBe('2025-08-01');
    expect(fiscalYearOf(parseIsoDate('2027-03-31'))).toBe(2026);
    expect(fiscalYearOf(parseIsoDate('2026-04-01'))).toBe(2026);
  });
});
