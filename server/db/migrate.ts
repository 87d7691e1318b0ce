/**
 * Brings a database to the newest schema: each pending migration runs in its own transaction together with
 * its row in `schema_migrations`, so a crash leaves the schema at a whole version and a restart carries on.
 * An advisory lock (held to the end of each transaction) keeps two servers starting at once against one
 * PostgreSQL from applying the same migration twice.
 */
import { z } from 'zod';
import type { Database } from './database.ts';
import { DatabaseError } from './database-error.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/** Arbitrary constant naming the lock (pg_advisory_xact_lock takes a bigint). */
const MIGRATION_LOCK_KEY = 7_240_001;

const AppliedRow = z.object({ version: z.number().int() });

export interface MigrationReport {
  /** Versions applied by this call, in order (empty when the schema was already current). */
  readonly applied: number[];
  readonly current: number;
}

export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const rows = (await tx.query('SELECT version FROM schema_migrations WHERE version = $1', [migration.version])).map((r) => AppliedRow.parse(r));
      if (rows.length > 0) return false;
      for (const statement of migration.statements) {
        try {
          await tx.query(statement);
        } catch (error) {
          throw new DatabaseError('migrationFailed', `${migration.version} ${migration.name}: ${(error as Error).message}`, { cause: error });
        }
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  const current = (await db.query('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')).map((r) => AppliedRow.parse(r))[0]?.version ?? 0;
  return { applied, current };
}
