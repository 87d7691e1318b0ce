/**
 * PostgreSQL through a `pg` pool (when DATABASE_URL is set). Type parsers are set per pool, not globally, so
 * the driver hands back the same JS types as PGlite: int8 → number (ids stay far below 2^53), date → the
 * 'YYYY-MM-DD' text as stored (the driver's default would shift it through the local time zone).
 */
import pg from 'pg';
import type { Database, Queryable, Row } from './database.ts';
import { DatabaseError } from './database-error.ts';

const INT8_OID = 20;
const DATE_OID = 1082;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgresDatabase(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, types: typeParsers, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseError('databaseUnavailable', redactUrl(connectionString), { cause: error });
  }
  const run = async <T extends Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<T[]> => {
    const result = await client.query<T>(sql, params ? [...params] : undefined);
    return result.rows;
  };
  let closed = false;
  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) } satisfies Queryable);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** The connection string without its password, for messages. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
