/**
 * Calendar arithmetic on `YYYY-MM-DD` dates, done in whole days of the proleptic Gregorian calendar with no
 * time zone and no clock: "today" is always passed in. A date becomes a day number (days since 1970-01-01)
 * by the civil-from-days algorithms of H. Hinnant ("chrono-Compatible Low-Level Date Algorithms"), so no
 * `Date` object, daylight-saving shift or host time zone can move a day.
 */
import type { IsoDate } from './identifiers.ts';

/** A calendar month as `YYYY-MM`. */
export type YearMonth = string;

export interface CivilDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

/** True in the Gregorian calendar (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of a year (February has 29 in leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a well-formed `YYYY-MM-DD` that names a real day (no 2025-02-29). */
export function isIsoDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits a `YYYY-MM-DD` into numbers; throws a RangeError for a malformed or impossible date. */
export function parseIsoDate(value: IsoDate): CivilDate {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date: ${JSON.stringify(value)}`);
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

/** Formats numbers as `YYYY-MM-DD` (years 0–9999). */
export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  return dayNumberOfCivil(parseIsoDate(date));
}

/** The date of a day number (the inverse of `toDayNumber`). */
export function fromDayNumber(dayNumber: number): IsoDate {
  return formatIsoDate(civilOfDayNumber(dayNumber));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayNumberOfCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (civil_from_days, the inverse of `dayNumberOfCivil`). */
export function civilOfDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The date `days` after `date` (before it when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Orders two dates: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** True when `date` lies within the inclusive period (`to` null = open-ended). */
export function isWithinPeriod(date: IsoDate, period: { from: IsoDate; to: IsoDate | null }): boolean {
  return compareDates(period.from, date) <= 0 && (period.to === null || compareDates(date, period.to) <= 0);
}

/** The month a date falls in, as `YYYY-MM`. */
export function yearMonthOf(date: IsoDate): YearMonth {
  parseIsoDate(date);
  return date.slice(0, 7);
}

/** Splits a `YYYY-MM`; throws a RangeError when malformed. */
export function parseYearMonth(value: YearMonth): { year: number; month: number } {
  const m = MONTH_PATTERN.exec(value);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new RangeError(`not a calendar month: ${JSON.stringify(value)}`);
  return { year: Number(m[1]), month };
}

/** The first day of a month (`YYYY-MM`) or of the month of a date (`YYYY-MM-DD`). */
export function monthStart(monthOrDate: YearMonth | IsoDate): IsoDate {
  const { year, month } = parseYearMonth(monthOrDate.length === 10 ? yearMonthOf(monthOrDate) : monthOrDate);
  return formatIsoDate({ year, month, day: 1 });
}

/** The last day of a month (`YYYY-MM`) or of the month of a date (`YYYY-MM-DD`). */
export function monthEnd(monthOrDate: YearMonth | IsoDate): IsoDate {
  const { year, month } = parseYearMonth(monthOrDate.length === 10 ? yearMonthOf(monthOrDate) : monthOrDate);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** The month `months` after a `YYYY-MM` (before it when negative). */
export function addMonths(month: YearMonth, months: number): YearMonth {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number: ${months}`);
  const p = parseYearMonth(month);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/**
 * The Japanese fiscal year (年度) a date belongs to: 4/1 to 3/31, named by the calendar year it starts in
 * (2026-03-31 → 2025, 2026-04-01 → 2026).
 */
export function fiscalYearOf(date: IsoDate): number {
  const { year, month } = parseIsoDate(date);
  return month >= 4 ? year : year - 1;
}

/** The first and last day of a fiscal year (2026 → 2026-04-01 … 2027-03-31). */
export function fiscalYearPeriod(fiscalYear: number): { from: IsoDate; to: IsoDate } {
  return { from: formatIsoDate({ year: fiscalYear, month: 4, day: 1 }), to: formatIsoDate({ year: fiscalYear + 1, month: 3, day: 31 }) };
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

const WEEKDAY_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** The one-character Japanese weekday (日 月 火 水 木 金 土). */
export function weekdayJa(date: IsoDate): string {
  return WEEKDAY_JA[dayOfWeek(date)] as string;
}
