/**
 * Reading rows through zod: stored data is a boundary too (it may predate the code reading it). A row that
 * does not fit its schema is a `invalidStoredRow` error naming the table and the failing fields, never a
 * half-typed object.
 */
import type { z } from 'zod';
import { DatabaseError } from './database-error.ts';

export function parseRows<S extends z.ZodType>(table: string, schema: S, rows: readonly unknown[]): z.output<S>[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new DatabaseError('invalidStoredRow', `${table}: ${fields}`);
    }
    return parsed.data;
  });
}
