/**
 * A database double that forwards to a real one but fails chosen statements inside transactions, to show
 * that a failure half-way through leaves nothing behind.
 */
import type { Database, Queryable } from '../db/database.ts';

export function failingInTransaction(db: Database, failWhen: (sql: string) => boolean): Database {
  return {
    engine: db.engine,
    query: (sql, params) => db.query(sql, params),
    close: () => db.close(),
    transaction: (fn) =>
      db.transaction((tx) => {
        const failing: Queryable = {
          query: async (sql, params) => {
            if (failWhen(sql)) throw new Error('injected failure');
            return tx.query(sql, params);
          },
        };
        return fn(failing);
      }),
  };
}
