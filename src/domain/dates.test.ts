import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fiscalYearOf,
  fiscalYearPeriod,
  fromDayNumber,
  isIsoDate,
  isLeapYear,
  isWithinPeriod,
  monthEnd,
  monthStart,
  parseIsoDate,
  parseYearMonth,
  toDayNumber,
  weekdayJa,
  yearMonthOf,
} from './dates.ts';

/** Any real date 1873-01-01 … 2200-12-31, built from Date.UTC as an independent oracle. */
const arbDate = fc
  .integer({ min: Date.UTC(1873, 0, 1) / 86_400_000, max: Date.UTC(2200, 11, 31) / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule: 2024 and 2000 leap, 1900 and 2100 not', () => {
    expect([2024, 2000, 2028].map(isLeapYear)).toEqual([true, true, true]);
    expect([2025, 1900, 2100].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('gives February 29 days only in leap years, and 30 for April', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('parsing', () => {
  it('accepts real days and rejects impossible or malformed ones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-4-1')).toBe(false);
    expect(isIsoDate('2026-04-01T00:00')).toBe(false);
    expect(parseIsoDate('2026-08-01')).toEqual({ year: 2026, month: 8, day: 1 });
    expect(() => parseIsoDate('2025-02-29')).toThrow(RangeError);
  });

  it('parses months and rejects month 00 and 13', () => {
    expect(parseYearMonth('2026-08')).toEqual({ year: 2026, month: 8 });
    expect(() => parseYearMonth('2026-00')).toThrow(RangeError);
    expect(() => parseYearMonth('2026-13')).toThrow(RangeError);
    expect(() => parseYearMonth('2026-8')).toThrow(RangeError);
  });
});

describe('day numbers', () => {
  it('counts from 1970-01-01 = 0', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    // 2000-03-01: 30 years of 365 days + 7 leap days (72,76,80,84,88,92,96) + 31 (Jan) + 29 (Feb 2000).
    expect(toDayNumber('2000-03-01')).toBe(30 * 365 + 7 + 31 + 29);
  });

  it('agrees with Date.UTC and round-trips for every date 1873–2200', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        expect(toDayNumber(date)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
        expect(fromDayNumber(toDayNumber(date))).toBe(date);
      }),
    );
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-08-01', 0)).toBe('2026-08-01');
  });

  it('counts 366 days across a leap year and 365 across a common one', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-08-01', '2026-07-31')).toBe(-1);
    expect(daysBetween('2026-08-01', '2026-08-01')).toBe(0);
  });

  it('rejects a fractional number of days', () => {
    expect(() => addDays('2026-08-01', 0.5)).toThrow(RangeError);
  });

  it('adding n days then measuring gives n back', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -40_000, max: 40_000 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('comparison and periods', () => {
  it('orders dates', () => {
    expect(compareDates('2026-07-31', '2026-08-01')).toBeLessThan(0);
    expect(compareDates('2026-08-01', '2026-08-01')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
  });

  it('treats both ends of a period as inside, and a null end as open', () => {
    const period = { from: '2025-08-01', to: '2026-07-31' };
    expect(isWithinPeriod('2025-07-31', period)).toBe(false);
    expect(isWithinPeriod('2025-08-01', period)).toBe(true);
    expect(isWithinPeriod('2026-07-31', period)).toBe(true);
    expect(isWithinPeriod('2026-08-01', period)).toBe(false);
    expect(isWithinPeriod('2999-01-01', { from: '2025-08-01', to: null })).toBe(true);
  });
});

describe('months', () => {
  it('finds the first and last day of a month, including February in leap years', () => {
    expect(monthStart('2026-08')).toBe('2026-08-01');
    expect(monthStart('2026-08-17')).toBe('2026-08-01');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(monthEnd('2026-09')).toBe('2026-09-30');
    expect(yearMonthOf('2026-08-17')).toBe('2026-08');
  });

  it('adds months across year ends', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-08', 12)).toBe('2027-08');
    expect(addMonths('2026-08', -20)).toBe('2024-12');
  });
});

describe('fiscal year (年度, 4/1–3/31)', () => {
  it('switches between 3/31 and 4/1', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2026-12-31')).toBe(2026);
    expect(fiscalYearOf('2027-01-01')).toBe(2026);
  });

  it('names the period of a fiscal year', () => {
    expect(fiscalYearPeriod(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });
});

describe('weekdays', () => {
  it('knows 2026-08-01 is a Saturday and 1970-01-01 a Thursday', () => {
    expect(dayOfWeek('2026-08-01')).toBe(6);
    expect(weekdayJa('2026-08-01')).toBe('土');
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(weekdayJa('1969-12-28')).toBe('日');
  });

  it('agrees with Date.getUTCDay', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        expect(dayOfWeek(date)).toBe(new Date(`${date}T00:00:00Z`).getUTCDay());
      }),
    );
  });
});
