import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, INSURER_A, insuredNumberOf, loadOrganisations, makeFeed, feedMeta, makeRecord, OFFICE, link } from '../testing/platform-fixtures.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import type { Database } from './database.ts';
import { DatabaseError } from './database-error.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { listInsurers, listProviders } from './organisation-store.ts';
import { listPeopleOfProvider, readInsuredRecords } from './insured-store.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from './test-databases.testing.ts';

describe.each(testDatabaseFactories())('database layer on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => resetDatabase(db));

  it('applies migrations once: a second run applies nothing and keeps the rows', async () => {
    await loadOrganisations(db);
    const again = await migrate(db);
    expect(again).toEqual({ applied: [], current: MIGRATIONS.at(-1)?.version });
    const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await listInsurers(db)).map((i) => i.insurerNumber)).toEqual(['229011', '229029']);
  });

  it('hands back the same JS types on both engines: dates as text, int8 as number', async () => {
    const [row] = await db.query<{ d: unknown; n: unknown; t: unknown }>("SELECT DATE '2026-08-01' AS d, 9007199254740::bigint AS n, now() AS t");
    expect(row?.d).toBe('2026-08-01');
    expect(row?.n).toBe(9007199254740);
    expect(row?.t).toBeInstanceOf(Date);
  });

  it('rolls back a transaction that throws', async () => {
    await loadOrganisations(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE insurers SET name = '変更後' WHERE insurer_number = '229029'");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await listInsurers(db)).map((i) => i.name)).toEqual(['試験市', '見本町']);
  });

  it('round-trips an insured record through jsonb with every field intact', async () => {
    await loadOrganisations(db);
    const record = makeRecord(insuredNumberOf(1), (r) => {
      r.costLimitCertification = { stage: 'stage3a', period: { from: '2026-08-01', to: '2027-07-31' }, issuedOn: '2026-07-05' };
    });
    await applyFeed(db, makeFeed([record]), feedMeta(makeFeed([record])), fixedClock);
    await link(db, OFFICE.providerNumber, [record]);
    const stored = (await readInsuredRecords(db, INSURER_A.insurerNumber, [record.insuredNumber])).get(record.insuredNumber);
    expect(stored).toEqual({ ...record, source: { kind: 'platform' }, version: 1, updatedAt: '2026-07-10T01:00:00.000Z' });
    expect(await listPeopleOfProvider(db, OFFICE.providerNumber)).toEqual([stored]);
  });

  it('refuses a stored row that no longer fits the schema, naming the table', async () => {
    await loadOrganisations(db);
    await db.query("UPDATE providers SET kind = 'careManagementOffice', area_grade = 8, service_kinds = '[]'::jsonb WHERE provider_number = $1", [OFFICE.providerNumber]);
    const error = await listProviders(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('invalidStoredRow');
    expect((error as DatabaseError).message).toContain('providers: serviceKinds');
  });
});

describe('PGlite on disk', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps its data across close and reopen, and refuses a second opener while open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagi-pglite-'));
    dirs.push(dir);
    const dataDir = join(dir, 'pglite');
    const first = await openPgliteDatabase({ dataDir });
    await migrate(first);
    await loadOrganisations(first);

    const second = await openPgliteDatabase({ dataDir }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DatabaseError);
    expect((second as DatabaseError).code).toBe('databaseLocked');
    await first.close();

    const reopened = await openPgliteDatabase({ dataDir });
    try {
      expect(await migrate(reopened)).toEqual({ applied: [], current: MIGRATIONS.at(-1)?.version });
      expect((await listInsurers(reopened)).map((i) => i.insurerNumber)).toEqual(['229011', '229029']);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
