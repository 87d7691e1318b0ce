import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { insertProviderLinks, removeProviderLink } from '../db/organisation-store.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { feedMeta, fixedClock, HOME_HELP, INSURER_A, insuredNumberOf, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { appendSyncLog, listSyncLog, syncLogHighWater } from './sync-log-store.ts';

describe.each(testDatabaseFactories())('sync log on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
  });

  const later = () => new Date('2026-07-11T01:00:00.000Z');
  const linkOf = (providerNumber: string, n: number) => ({ providerNumber, insurerNumber: INSURER_A.insurerNumber, insuredNumber: insuredNumberOf(n) });
  const logOf = async (providerNumber: string) => (await listSyncLog(db, providerNumber, 0, 100)).map((r) => `${r.insuredNumber}:${r.op}`);
  const feed = async (file: ReturnType<typeof makeFeed>, clock = fixedClock) => applyFeed(db, file, feedMeta(file, `f-${clock().getTime()}.json`), clock);

  it('logs an upsert for each new link (a link already there adds nothing), and a tombstone when one ends', async () => {
    await feed(makeFeed([1, 2].map((n) => makeRecord(insuredNumberOf(n)))));
    expect(await logOf(OFFICE.providerNumber)).toEqual([]);
    await insertProviderLinks(db, [linkOf(OFFICE.providerNumber, 1), linkOf(OFFICE.providerNumber, 2), linkOf(HOME_HELP.providerNumber, 2)]);
    await insertProviderLinks(db, [linkOf(OFFICE.providerNumber, 1)]);
    expect(await logOf(OFFICE.providerNumber)).toEqual(['0000000001:upsert', '0000000002:upsert']);
    expect(await logOf(HOME_HELP.providerNumber)).toEqual(['0000000002:upsert']);

    expect(await removeProviderLink(db, linkOf(OFFICE.providerNumber, 1), later())).toBe(true);
    expect(await removeProviderLink(db, linkOf(OFFICE.providerNumber, 1), later())).toBe(false);
    expect(await logOf(OFFICE.providerNumber)).toEqual(['0000000001:upsert', '0000000002:upsert', '0000000001:remove']);
    expect(await syncLogHighWater(db, OFFICE.providerNumber)).toBe(4);
    expect(await syncLogHighWater(db, '2270199999')).toBe(0);
  });

  it('logs a changed record once per provider serving the person, and nothing for unchanged or unserved people', async () => {
    await feed(makeFeed([1, 2, 3].map((n) => makeRecord(insuredNumberOf(n)))));
    await insertProviderLinks(db, [linkOf(OFFICE.providerNumber, 1), linkOf(OFFICE.providerNumber, 2), linkOf(HOME_HELP.providerNumber, 2)]);
    const moved = (n: number) => makeRecord(insuredNumberOf(n), (r) => void (r.identity.address = `静岡県試験市新町${n}-9`));
    expect(await feed(makeFeed([makeRecord(insuredNumberOf(1)), moved(2), moved(3)]), later)).toMatchObject({ status: 'applied', updated: 2, unchanged: 1 });
    expect(await logOf(OFFICE.providerNumber)).toEqual(['0000000001:upsert', '0000000002:upsert', '0000000002:upsert']);
    expect(await logOf(HOME_HELP.providerNumber)).toEqual(['0000000002:upsert', '0000000002:upsert']);
  });

  it.runIf(factory.name === 'postgres')('hands out log ids in commit order: a second writer waits for the first to commit', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstAppended = () => {};
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = db.transaction(async (tx) => {
      await appendSyncLog(tx, [{ ...linkOf(OFFICE.providerNumber, 1), op: 'upsert' }], fixedClock());
      firstAppended();
      await held;
    });
    await appended;
    let secondDone = false;
    const second = db
      .transaction((tx) => appendSyncLog(tx, [{ ...linkOf(OFFICE.providerNumber, 2), op: 'upsert' }], fixedClock()))
      .then(() => void (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    expect(await syncLogHighWater(db, OFFICE.providerNumber)).toBe(0);
    release();
    await Promise.all([first, second]);
    expect((await listSyncLog(db, OFFICE.providerNumber, 0, 10)).map((r) => [r.logId, r.insuredNumber])).toEqual([
      [1, '0000000001'],
      [2, '0000000002'],
    ]);
  });
});
