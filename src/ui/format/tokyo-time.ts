/**
 * Dates and clock times as people in Japan read them, independent of the device's time-zone setting:
 * Japan Standard Time is UTC+9 all year (no daylight saving), so a fixed offset is exact.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The calendar date in Japan at `instant`, as YYYY-MM-DD. */
export function tokyoDate(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The clock time in Japan at `instant`, as HH:MM (24-hour). */
export function tokyoClock(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16);
}

/** When a list was fetched, for the header: HH:MM for today, M/D HH:MM for an earlier day (Japan time). */
export function fetchedAtLabel(fetchedAt: string, today: string): string {
  const instant = new Date(fetchedAt);
  const day = tokyoDate(instant);
  if (day === today) return tokyoClock(instant);
  const [, month, date] = day.split('-');
  return `${Number(month)}/${Number(date)} ${tokyoClock(instant)}`;
}
