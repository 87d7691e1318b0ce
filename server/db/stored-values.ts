/**
 * Zod schemas for the column types the drivers hand back, shared by the table modules: an instant comes as a
 * Date (or, from older rows or other drivers, text) and leaves as an ISO 8601 UTC string.
 */
import { z } from 'zod';

export const StoredInstant = z.union([z.date(), z.string()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'invalid timestamp' });
    return z.NEVER;
  }
  return date.toISOString();
});

/** Splits rows into chunks so that one statement's JSON parameter stays a few megabytes at most. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
