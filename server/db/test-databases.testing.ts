/**
 * The databases the server suite runs on: PGlite in memory always, and PostgreSQL when TEST_DATABASE_URL
 * points at a cluster (scripts/with-postgres.sh starts a throwaway one). Each opened PostgreSQL database is a
 * fresh `CREATE DATABASE t_<random>` dropped again on dispose, so test files never see each other's rows.
 * Under CI a missing TEST_DATABASE_URL is an error: the PostgreSQL half of the suite must not silently vanish.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

export interface TestDatabase {
  readonly db: Database;
  dispose(): Promise<void>;
}

export interface TestDatabaseFactory {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

const pgliteFactory: TestDatabaseFactory = {
  name: 'pglite',
  open: async () => {
    const db = await openPgliteDatabase();
    return { db, dispose: () => db.close() };
  },
};

function postgresFactory(adminUrl: string): TestDatabaseFactory {
  return {
    name: 'postgres',
    open: async () => {
      const name = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openPostgresDatabase(url.toString(), { max: 4 });
      return {
        db,
        dispose: async () => {
          await db.close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await cleanup.end();
          }
        },
      };
    },
  };
}

export function testDatabaseFactories(): TestDatabaseFactory[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) {
    throw new Error('TEST_DATABASE_URL is not set under CI: run the tests through scripts/with-postgres.sh so they also run on PostgreSQL');
  }
  return url ? [pgliteFactory, postgresFactory(url)] : [pgliteFactory];
}

/** Every table of the schema, children first (for emptying between tests). */
const TABLES = [
  'notice_acknowledgements',
  'device_sync_state',
  'sync_log',
  'audit_log',
  'sessions',
  'auth_challenges',
  'passkeys',
  'activation_codes',
  'courier_keys',
  'devices',
  'staff_pins',
  'change_events', 'feed_uploads', 'feed_credentials', 'documents', 'provider_links', 'insured_history', 'insured', 'staff', 'providers', 'insurers'];

/** Opens a migrated database. */
export async function openMigrated(factory: TestDatabaseFactory): Promise<TestDatabase> {
  const opened = await factory.open();
  await migrate(opened.db);
  return opened;
}

/** Empties every table and restarts the id sequences, so each test starts from the same state. */
export async function resetDatabase(db: Database): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}

/** Row counts of every table, to show that a rejected or failed operation changed nothing. */
export async function countRows(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`);
    counts[table] = row?.n ?? -1;
  }
  return counts;
}
