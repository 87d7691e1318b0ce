/** Opens the configured database: PostgreSQL when a connection string is given, else PGlite in its directory. */
import type { Database } from './database.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

export function openDatabase(config: { readonly databaseUrl: string | null; readonly pgliteDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgresDatabase(config.databaseUrl) : openPgliteDatabase({ dataDir: config.pgliteDir });
}
