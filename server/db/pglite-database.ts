/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) in a directory on disk, or in memory for tests.
 *
 * One PGlite directory must never be opened by two processes at once (each would keep its own copy of the
 * pages in memory and overwrite the other's): a lock file beside the directory, holding the owner's pid,
 * makes the second opener fail with `databaseLocked` instead. A lock left by a process that no longer runs is
 * taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database.ts';
import { DatabaseError } from './database-error.ts';

/** Same JS types as the PostgreSQL driver is configured for (see postgres-database.ts). */
const PARSERS = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

export interface PgliteLocation {
  /** A directory on disk; omitted = in memory. */
  readonly dataDir?: string;
}

export async function openPgliteDatabase(location: PgliteLocation = {}): Promise<Database> {
  const dataDir = location.dataDir === undefined ? undefined : resolve(location.dataDir);
  const releaseLock = dataDir === undefined ? () => {} : takeLock(`${dataDir}.lock`);
  let pglite: PGlite;
  try {
    if (dataDir !== undefined) mkdirSync(dirname(dataDir), { recursive: true });
    pglite = await PGlite.create(dataDir, { parsers: PARSERS });
  } catch (error) {
    releaseLock();
    throw new DatabaseError('databaseUnavailable', dataDir ?? 'memory', { cause: error });
  }
  let closed = false;
  const run = async <T extends Row>(target: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]): Promise<T[]> => {
    const result = await target.query<T>(sql, params ? [...params] : undefined);
    return result.rows;
  };
  return {
    engine: 'pglite',
    query: (sql, params) => run(pglite, sql, params),
    transaction: (fn) => pglite.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) } satisfies Queryable)),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

function takeLock(lockPath: string): () => void {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DatabaseError('databaseLocked', `${lockPath} (pid ${owner})`);
      }
      if (owner === process.pid) throw new DatabaseError('databaseLocked', `${lockPath} (this process)`);
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseError('databaseLocked', lockPath);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
