/**
 * Timestamps on the admin screens in Japan time (UTC+9, see ../format/tokyo-time.ts), written the way office
 * records are: 2026/11/25 09:05. Dates alone as 2026/11/25.
 */
import { tokyoClock, tokyoDate } from '../format/tokyo-time.ts';

function slashed(isoDate: string): string {
  return isoDate.replaceAll('-', '/');
}

/** An instant as Tokyo date and time. */
export function adminDateTime(instant: string): string {
  const date = new Date(instant);
  return `${slashed(tokyoDate(date))} ${tokyoClock(date)}`;
}

/** The Tokyo calendar day of an instant, or the day itself when given a plain YYYY-MM-DD. */
export function adminDayOf(instantOrDate: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(instantOrDate) ? instantOrDate : tokyoDate(new Date(instantOrDate));
}

/** A day (or the Tokyo day of an instant) as 2026/11/25. */
export function adminDate(instantOrDate: string): string {
  return slashed(adminDayOf(instantOrDate));
}
