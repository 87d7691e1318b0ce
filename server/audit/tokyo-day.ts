/**
 * Tokyo calendar days (Asia/Tokyo is UTC+9 all year: Japan has no daylight saving time) as UTC instants, for
 * the audit log's day filters.
 */

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The instant a Tokyo day `YYYY-MM-DD` begins, or null when the text is not an existing date. */
export function tokyoDayStart(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = Date.UTC(year, month - 1, date);
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return new Date(utcMidnight - TOKYO_OFFSET_MS);
}

/** The instant the Tokyo day after `day` begins (the exclusive end of an inclusive `to` day), or null. */
export function tokyoDayEnd(day: string): Date | null {
  const start = tokyoDayStart(day);
  return start === null ? null : new Date(start.getTime() + 24 * 60 * 60 * 1000);
}
