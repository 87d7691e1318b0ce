/**
 * The notices page's two streams stay gap-free under concurrent writers: an acknowledgement or change event
 * whose id is drawn later cannot commit before an earlier one (the shared append lock, migration 4), so a
 * reader whose cursor passed an id never has an earlier one appear behind it. The blocking checks need real
 * concurrent connections (PostgreSQL); PGlite runs one transaction at a time, where the order holds trivially.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsuredRecordContent } from '../../src/domain/index.ts';
import { createApp } from '../app.ts';
import { insertChangeEvents } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, HOME_HELP, insuredNumberOf, link, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';
import { insertNoticeAcknowledgement } from './notice-acknowledgement-store.ts';
import { readNoticesPage, type NoticeReader } from './read-notices-page.ts';
import { acknowledged, push } from './sync-fixtures.testing.ts';

const CM = STAFF.officeCareManager.staffId;
const HH_HELPER = STAFF.homeHelpHelper.staffId;
const careManager: NoticeReader = { providerNumber: OFFICE.providerNumber, providerName: OFFICE.name, followsCareNetwork: true, readsDocuments: true };

describe.each(testDatabaseFactories())('notices page streams on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let cmDevice: SignedClient;
  let hhDevice: SignedClient;
  let people: InsuredRecordContent[];

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
    cmDevice = await enrollDevice(app, db, CM, fixedClock);
    hhDevice = await enrollDevice(app, db, HH_HELPER, fixedClock);
    people = [1, 2, 3, 4].map((n) => makeRecord(insuredNumberOf(n)));
    await feed(people);
    await link(db, OFFICE.providerNumber, people);
    await link(db, HOME_HELP.providerNumber, people);
    // Events 5…8: each person moves from 要介護1 to 要介護2.
    await feed(people.map((p) => makeRecord(p.insuredNumber, (r) => void (r.eligibility.careLevel = 'care2'))));
  });

  const feed = async (records: InsuredRecordContent[]) => {
    const file = makeFeed(records);
    expect(await applyFeed(db, file, feedMeta(file, `feed-${Math.random()}.json`), fixedClock)).toMatchObject({ status: 'applied' });
  };
  const ack = (eventId: number, staffId: string, deviceId: string) => ({
    insurerNumber: people[0]!.insurerNumber,
    eventId,
    providerNumber: staffId === CM ? OFFICE.providerNumber : HOME_HELP.providerNumber,
    staffId,
    acknowledgedAt: '2026-07-10T00:30:00.000Z',
    deviceId,
  });

  it('gives a reader paging one at a time during two devices’ concurrent pushes every acknowledgement, in ack_seq order', async () => {
    const pushes = (client: SignedClient, staffId: string) => async () => {
      for (const [index, eventId] of [5, 6, 7, 8].entries()) expect((await push(client, [acknowledged(index + 1, staffId, eventId)])).status).toBe(200);
    };
    const seen: number[] = [];
    let cursor = { eventId: 0, ackSeq: 0 };
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await readNoticesPage(db, careManager, cursor, 1);
        seen.push(...page.acknowledgements.map((a) => a.ackSeq));
        cursor = page.cursor;
        await sleep(1);
      }
    })();
    await Promise.all([pushes(cmDevice, CM)(), pushes(hhDevice, HH_HELPER)()]);
    writing = false;
    await reader;
    for (;;) {
      const page = await readNoticesPage(db, careManager, cursor, 1);
      seen.push(...page.acknowledgements.map((a) => a.ackSeq));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const stored = (await db.query<{ ack_seq: number }>('SELECT ack_seq FROM notice_acknowledgements ORDER BY ack_seq')).map((r) => r.ack_seq);
    expect(stored).toHaveLength(8);
    expect(seen).toEqual(stored);
  });

  it.skipIf(factory.name === 'pglite')('makes an acknowledgement wait for the one drawn before it to commit', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstInserted = () => {};
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = db.transaction(async (tx) => {
      await insertNoticeAcknowledgement(tx, ack(5, CM, cmDevice.deviceId));
      firstInserted();
      await gate;
    });
    await inserted;
    let secondDone = false;
    const second = db.transaction(async (tx) => {
      await insertNoticeAcknowledgement(tx, ack(6, HH_HELPER, hhDevice.deviceId));
      secondDone = true;
    });
    await sleep(300);
    expect(secondDone).toBe(false);
    expect((await readNoticesPage(db, careManager, { eventId: 8, ackSeq: 0 }, 10)).acknowledgements).toEqual([]);
    release();
    await Promise.all([first, second]);
    const page = await readNoticesPage(db, careManager, { eventId: 8, ackSeq: 0 }, 10);
    expect(page.acknowledgements.map((a) => [a.ackSeq, a.eventId, a.staffId])).toEqual([
      [1, 5, CM],
      [2, 6, HH_HELPER],
    ]);
  });

  it.skipIf(factory.name === 'pglite')('makes a change event wait for the one drawn before it to commit, whoever inserts it', async () => {
    const event = (n: number) => ({
      insurerNumber: people[0]!.insurerNumber,
      insuredNumber: insuredNumberOf(n),
      detail: { kind: 'careLevelChanged' as const, from: 'care2' as const, to: 'care3' as const },
      recordedAt: fixedClock().toISOString(),
      feedId: null,
    });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstInserted = () => {};
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = db.transaction(async (tx) => {
      await insertChangeEvents(tx, [event(1)]);
      firstInserted();
      await gate;
    });
    await inserted;
    let secondDone = false;
    const second = db.transaction(async (tx) => {
      await insertChangeEvents(tx, [event(2)]);
      secondDone = true;
    });
    await sleep(300);
    expect(secondDone).toBe(false);
    expect((await readNoticesPage(db, careManager, { eventId: 8, ackSeq: 0 }, 10)).notices).toEqual([]);
    release();
    await Promise.all([first, second]);
    const page = await readNoticesPage(db, careManager, { eventId: 8, ackSeq: 0 }, 10);
    expect(page.notices.map((n) => [n.eventId, Number(n.insuredNumber)])).toEqual([
      [9, 1],
      [10, 2],
    ]);
  });
});
