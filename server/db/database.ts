/**
 * The server's one database contract, spoken by PGlite (embedded, the default) and PostgreSQL (DATABASE_URL).
 * Rows come back as plain objects with the same JS types from both engines (int8 → number, date →
 * 'YYYY-MM-DD' string, timestamptz → Date, jsonb → parsed JSON); callers still parse every row with zod,
 * because stored data may predate the code reading it.
 */

export type Row = Record<string, unknown>;

/** What can run SQL: the database itself or an open transaction. Parameters are `$1`, `$2`, … */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
