/**
 * `npm run bench`: every benchmark of the project (insurer feed import; the tablet's vault; the app in Chromium with 10,000 people; card APDUs over the bridge against
 * direct PC/SC), printed as one table with ratios against baselines measured in the same run. PostgreSQL rows appear when TEST_DATABASE_URL points at a server (scripts/bench.sh
 * starts a throwaway one when PostgreSQL is installed).
 */
import { openPgliteDatabase } from '../../server/db/pglite-database.ts';
import { openPostgresDatabase } from '../../server/db/postgres-database.ts';
import { benchBridge } from '../../bridge/bench.ts';
import { benchFeedImport } from './feed-import.bench.ts';
import { benchApp } from './app.bench.ts';
import { benchVault } from './vault.bench.ts';
import { benchSync } from './sync.bench.ts';
import { formatBenchTable, type BenchRow } from './table.ts';
import pg from 'pg';

const SIZE = Number(process.env['BENCH_SIZE'] ?? 12_000);
const rows: BenchRow[] = [];

rows.push(...(await benchFeedImport('PGlite', () => openPgliteDatabase(), SIZE, 500)));

const adminUrl = process.env['TEST_DATABASE_URL'];
if (adminUrl) {
  let n = 0;
  const openFresh = async () => {
    const name = `bench_${process.pid}_${n++}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return openPostgresDatabase(url.toString());
  };
  rows.push(...(await benchFeedImport('PostgreSQL', openFresh, SIZE, 500)));
}

rows.push(...(await benchVault(10_000)));
rows.push(...(await benchSync()));
rows.push(...(await benchApp()));

const bridge = await benchBridge();
rows.push(...bridge.rows);
if (bridge.skipped) console.error(`bench: card rows through pcscd + vpcd skipped: ${bridge.skipped}`);

console.log(formatBenchTable(rows));
