/**
 * Calendar arithmetic on `YYYY-MM-DD` strings for the demo generator, done on day numbers (days since
 * 1970-01-01, from the domain's civil-date functions): no Date objects, no time zones, and fast enough for
 * tens of thousands of records.
 */
import { civilOfDayNumber, dayNumberOfCivil } from '../../src/domain/dates.ts';

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return dayNumberOfCivil({ year, month, day });
}

/** The `{ year, month, day }` of a day number. */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  return civilOfDayNumber(dayNumber);
}

export function parseIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumberOf(year, month, day);
  const back = civilOf(n);
  if (back.year !== year || back.month !== month || back.day !== day) throw new RangeError(`no such date: ${iso}`);
  return n;
}

export function formatIsoDate(dayNumber: number): string {
  const { year, month, day } = civilOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A month as one integer (year × 12 + month − 1), so months can be added and compared. */
export function monthIndexOf(dayNumber: number): number {
  const { year, month } = civilOf(dayNumber);
  return year * 12 + month - 1;
}

export function firstDayOfMonth(monthIndex: number): number {
  return dayNumberOf(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function lastDayOfMonth(monthIndex: number): number {
  return firstDayOfMonth(monthIndex + 1) - 1;
}

/** The same day of month `months` later, clamped to the month's end (1/31 + 1 month = 2/28 or 2/29). */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilOf(dayNumber);
  const target = year * 12 + month - 1 + months;
  const last = civilOf(lastDayOfMonth(target)).day;
  return dayNumberOf(Math.floor(target / 12), (target % 12) + 1, Math.min(day, last));
}

/** The `years`-th birthday of someone born on `birth` (29 Feb birthdays fall on 28 Feb in other years). */
export function addYears(dayNumber: number, years: number): number {
  return addMonths(dayNumber, years * 12);
}

/** Completed years of age on `onDay` (age rises on the birthday). */
export function ageOn(birth: number, onDay: number): number {
  const b = civilOf(birth);
  const d = civilOf(onDay);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

/** 8/1 of the 負担割合 year (8/1–7/31) that contains `dayNumber`. */
export function burdenYearStart(dayNumber: number): number {
  const { year, month } = civilOf(dayNumber);
  return dayNumberOf(month >= 8 ? year : year - 1, 8, 1);
}

/** The fiscal year (4/1–3/31) that contains `dayNumber`, named by its starting calendar year. */
export function fiscalYearOf(dayNumber: number): number {
  const { year, month } = civilOf(dayNumber);
  return month >= 4 ? year : year - 1;
}
