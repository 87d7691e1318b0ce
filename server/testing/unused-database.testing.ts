/** A database for tests of routes that must not touch one: any query fails the test. */
import type { Database } from '../db/database.ts';

export const unusedDatabase: Database = {
  engine: 'pglite',
  query: () => Promise.reject(new Error('this test must not query the database')),
  transaction: () => Promise.reject(new Error('this test must not open a transaction')),
  close: () => Promise.resolve(),
};
