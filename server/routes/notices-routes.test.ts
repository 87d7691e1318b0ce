/**
 * POST /api/v1/sync/notices through the real app with signed devices, on every test database: who sees which
 * notices and acknowledgements (office, role, care network), paging with the two-part cursor, acknowledgements
 * pushed by one office reaching another office's care manager, the audit entry per page, and the gates.
 *
 * The network: insurer A's people 1…6. The office (居宅, OFFICE) serves 1…5, the home-help provider 2 and 3, a
 * second care-management office (OTHER_OFFICE) 3 and 6. The first feed adds everyone (events 1…6, all
 * `insuredAdded`); the second changes them:
 *   7 person 1 負担割合 2割→3割 from 2026-08-01    8 person 2 要介護1→要介護2
 *   9 person 3 認定有効期間 renewed              10 person 6 要介護1→要介護3
 *  11 person 2 主治医意見書 DO-2                  12 person 4 主治医意見書 DO-4
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsuredRecordContent, Provider } from '../../src/domain/index.ts';
import type { Staff } from '../../src/domain/organisations.ts';
import { NOTICES_PULL_PATH, NoticesPullResponse, type NoticeCursor } from '../../src/protocol/notices.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { upsertProviders, upsertStaff } from '../db/organisation-store.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { acknowledged, push } from '../sync/sync-fixtures.testing.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, HOME_HELP, insuredNumberOf, link, loadOrganisations, makeDoctorOpinion, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';

const OTHER_OFFICE: Provider = { providerNumber: '2270100037', name: '第二居宅介護支援事業所', kind: 'careManagementOffice', serviceKinds: ['43'], areaGrade: 6, address: '静岡県試験市北町3-3' };
const OTHER_CM: Staff = { staffId: 'other-cm-1', providerNumber: OTHER_OFFICE.providerNumber, name: '第二 ケアマネ', role: 'careManager' };
const CM = STAFF.officeCareManager.staffId;
const OFFICE_HELPER = STAFF.officeHelper.staffId;
const HH_HELPER = STAFF.homeHelpHelper.staffId;

const office = { providerNumber: OFFICE.providerNumber, name: OFFICE.name };
const homeHelp = { providerNumber: HOME_HELP.providerNumber, name: HOME_HELP.name };
const otherOffice = { providerNumber: OTHER_OFFICE.providerNumber, name: OTHER_OFFICE.name };

describe.each(testDatabaseFactories())('notices API on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let clients: { cm: SignedClient; officeHelper: SignedClient; hhHelper: SignedClient; otherCm: SignedClient };
  let people: InsuredRecordContent[];

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
    await upsertProviders(db, [OTHER_OFFICE]);
    await loadStaff(db);
    await upsertStaff(db, [OTHER_CM]);
    const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock, signInRateLimit: { capacity: 100, refillPerMinute: 100 } });
    clients = {
      cm: await enrollDevice(app, db, CM, fixedClock),
      officeHelper: await enrollDevice(app, db, OFFICE_HELPER, fixedClock),
      hhHelper: await enrollDevice(app, db, HH_HELPER, fixedClock),
      otherCm: await enrollDevice(app, db, OTHER_CM.staffId, fixedClock),
    };
    people = [1, 2, 3, 4, 5, 6].map((n) => makeRecord(insuredNumberOf(n)));
    await feed(people);
    await link(db, OFFICE.providerNumber, people.slice(0, 5));
    await link(db, HOME_HELP.providerNumber, [person(2), person(3)]);
    await link(db, OTHER_OFFICE.providerNumber, [person(3), person(6)]);
    await feed([
      makeRecord(insuredNumberOf(1), (r) => void r.burdenRatio.periods.push({ ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } })),
      makeRecord(insuredNumberOf(2), (r) => void (r.eligibility.careLevel = 'care2')),
      makeRecord(insuredNumberOf(3), (r) => void (r.eligibility.certificationPeriod = { from: '2027-04-01', to: '2029-03-31' })),
      makeRecord(insuredNumberOf(6), (r) => void (r.eligibility.careLevel = 'care3')),
      makeDoctorOpinion('DO-2', insuredNumberOf(2)),
      makeDoctorOpinion('DO-4', insuredNumberOf(4)),
    ]);
  });

  const person = (n: number) => people[n - 1]!;
  const feed = async (records: Parameters<typeof makeFeed>[0]) => {
    const file = makeFeed(records);
    expect(await applyFeed(db, file, feedMeta(file, `feed-${records.length}-${Math.random()}.json`), fixedClock)).toMatchObject({ status: 'applied' });
  };
  const notices = async (client: SignedClient, cursor: NoticeCursor | null = null, limit?: number) => {
    const response = await client.request(NOTICES_PULL_PATH, { json: { cursor, ...(limit === undefined ? {} : { limit }) } });
    expect(response.status).toBe(200);
    return NoticesPullResponse.parse(await response.json());
  };
  /** `eventId person kind` per notice. */
  const described = (page: NoticesPullResponse) => page.notices.map((n) => `${n.eventId} ${Number(n.insuredNumber)} ${n.detail.kind}`);
  /** `eventId staffId@provider` per acknowledgement. */
  const acks = (page: NoticesPullResponse) => page.acknowledgements.map((a) => `${a.eventId} ${a.staffId}@${a.providerNumber}`);
  const auditedPages = async (staffId: string) =>
    (await db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'notices.list' AND staff_id = $1 ORDER BY seq`, [staffId])).map((r) => r.detail);

  it('gives a care manager every change about the office’s people, documents included, with every serving provider', async () => {
    const page = await notices(clients.cm);
    expect(described(page)).toEqual([
      '7 1 burdenRatioChanged',
      '8 2 careLevelChanged',
      '9 3 certificationRenewed',
      '11 2 doctorOpinionReceived',
      '12 4 doctorOpinionReceived',
    ]);
    expect(page.notices[0]).toEqual({
      eventId: 7,
      insurerNumber: person(1).insurerNumber,
      insuredNumber: insuredNumberOf(1),
      detail: { kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' },
      recordedAt: fixedClock().toISOString(),
      servingProviders: [office],
    });
    // The office first, then the others by provider number.
    expect(page.notices.map((n) => n.servingProviders)).toEqual([[office], [office, homeHelp], [office, homeHelp, otherOffice], [office, homeHelp], [office]]);
    expect(page).toMatchObject({ acknowledgements: [], cursor: { eventId: 12, ackSeq: 0 }, hasMore: false });
  });

  it('gives a helper no document notices and only their own office as serving provider; another office nothing about people it does not serve', async () => {
    const helper = await notices(clients.hhHelper);
    expect(described(helper)).toEqual(['8 2 careLevelChanged', '9 3 certificationRenewed']);
    expect(helper.notices.map((n) => n.servingProviders)).toEqual([[homeHelp], [homeHelp]]);
    expect(helper.cursor).toEqual({ eventId: 9, ackSeq: 0 });

    // A helper of the care-management office does not follow the care network either.
    const officeHelper = await notices(clients.officeHelper);
    expect(described(officeHelper)).toEqual(['7 1 burdenRatioChanged', '8 2 careLevelChanged', '9 3 certificationRenewed']);
    expect(officeHelper.notices.map((n) => n.servingProviders)).toEqual([[office], [office], [office]]);

    const other = await notices(clients.otherCm);
    expect(described(other)).toEqual(['9 3 certificationRenewed', '10 6 careLevelChanged']);
    expect(other.notices.map((n) => n.servingProviders)).toEqual([[otherOffice, office, homeHelp], [otherOffice]]);
  });

  it('scopes acknowledgements: a care manager sees every provider’s on the office’s people, others only their own office’s', async () => {
    expect((await push(clients.hhHelper, [acknowledged(1, HH_HELPER, 8), acknowledged(2, HH_HELPER, 9)])).status).toBe(200);
    expect((await push(clients.officeHelper, [acknowledged(1, OFFICE_HELPER, 7)])).status).toBe(200);
    expect((await push(clients.cm, [acknowledged(1, CM, 9), acknowledged(2, CM, 11)])).status).toBe(200);
    expect((await push(clients.otherCm, [acknowledged(1, OTHER_CM.staffId, 10)])).status).toBe(200);

    const cm = await notices(clients.cm);
    expect(acks(cm)).toEqual([`8 ${HH_HELPER}@${HOME_HELP.providerNumber}`, `9 ${HH_HELPER}@${HOME_HELP.providerNumber}`, `7 ${OFFICE_HELPER}@${OFFICE.providerNumber}`, `9 ${CM}@${OFFICE.providerNumber}`, `11 ${CM}@${OFFICE.providerNumber}`]);
    expect(cm.acknowledgements[0]).toEqual({ ackSeq: 1, eventId: 8, providerNumber: HOME_HELP.providerNumber, staffId: HH_HELPER, staffName: '訪問 次郎', acknowledgedAt: '2026-07-10T00:30:00.000Z' });
    expect(cm.cursor).toEqual({ eventId: 12, ackSeq: 5 });

    expect(acks(await notices(clients.hhHelper))).toEqual([`8 ${HH_HELPER}@${HOME_HELP.providerNumber}`, `9 ${HH_HELPER}@${HOME_HELP.providerNumber}`]);
    // The office's helper sees the office's acknowledgements, but not the one of a document notice.
    expect(acks(await notices(clients.officeHelper))).toEqual([`7 ${OFFICE_HELPER}@${OFFICE.providerNumber}`, `9 ${CM}@${OFFICE.providerNumber}`]);
    // The other office's care manager: everyone's on its people 3 and 6, nothing about person 2 (event 8).
    expect(acks(await notices(clients.otherCm))).toEqual([`9 ${HH_HELPER}@${HOME_HELP.providerNumber}`, `9 ${CM}@${OFFICE.providerNumber}`, `10 ${OTHER_CM.staffId}@${OTHER_OFFICE.providerNumber}`]);
  });

  it('brings an acknowledgement pushed by one office into the next pull of another office’s care manager, after the stored cursor', async () => {
    const first = await notices(clients.otherCm);
    expect(first.cursor).toEqual({ eventId: 10, ackSeq: 0 });
    expect(await push(clients.hhHelper, [acknowledged(1, HH_HELPER, 9)])).toMatchObject({ status: 200, body: { results: [{ seq: 1, status: 'applied' }] } });
    const next = await notices(clients.otherCm, first.cursor);
    expect(next).toEqual({
      notices: [],
      acknowledgements: [{ ackSeq: 1, eventId: 9, providerNumber: HOME_HELP.providerNumber, staffId: HH_HELPER, staffName: '訪問 次郎', acknowledgedAt: '2026-07-10T00:30:00.000Z' }],
      cursor: { eventId: 10, ackSeq: 1 },
      hasMore: false,
    });
    // The same acknowledgement again is a duplicate: nothing new after the cursor.
    expect((await push(clients.hhHelper, [acknowledged(1, HH_HELPER, 9)])).status).toBe(200);
    expect(await notices(clients.otherCm, next.cursor)).toEqual({ notices: [], acknowledgements: [], cursor: { eventId: 10, ackSeq: 1 }, hasMore: false });
  });

  it('pages both streams with one cursor, each stream keeping its place once it runs dry', async () => {
    await push(clients.hhHelper, [acknowledged(1, HH_HELPER, 8), acknowledged(2, HH_HELPER, 9)]);
    await push(clients.officeHelper, [acknowledged(1, OFFICE_HELPER, 7)]);

    const pages: NoticesPullResponse[] = [];
    let cursor: NoticeCursor | null = null;
    do {
      const page: NoticesPullResponse = await notices(clients.cm, cursor, 2);
      pages.push(page);
      cursor = page.cursor;
    } while (pages.at(-1)?.hasMore === true && pages.length < 10);
    expect(pages.map((p) => [p.notices.map((n) => n.eventId), p.acknowledgements.map((a) => a.ackSeq), p.cursor, p.hasMore])).toEqual([
      [[7, 8], [1, 2], { eventId: 8, ackSeq: 2 }, true],
      [[9, 11], [3], { eventId: 11, ackSeq: 3 }, true],
      [[12], [], { eventId: 12, ackSeq: 3 }, false],
    ]);
    // One audit entry per page that carried notices.
    expect(await auditedPages(CM)).toEqual([
      { count: 2, acknowledgements: 2 },
      { count: 2, acknowledgements: 1 },
      { count: 1, acknowledgements: 0 },
    ]);

    // Later: a new person (insuredAdded is no notice), a change and an acknowledgement arrive.
    const seven = makeRecord(insuredNumberOf(7));
    await feed([seven]);
    await link(db, OFFICE.providerNumber, [seven]);
    await feed([makeRecord(insuredNumberOf(5), (r) => void (r.eligibility.careLevel = 'care4'))]);
    await push(clients.cm, [acknowledged(1, CM, 12)]);
    const later = await notices(clients.cm, cursor, 2);
    expect(described(later)).toEqual(['14 5 careLevelChanged']);
    expect(acks(later)).toEqual([`12 ${CM}@${OFFICE.providerNumber}`]);
    expect(later).toMatchObject({ cursor: { eventId: 14, ackSeq: 4 }, hasMore: false });

    // A page without notices is not audited.
    expect(await notices(clients.cm, later.cursor)).toMatchObject({ notices: [], acknowledgements: [], cursor: later.cursor });
    expect(await auditedPages(CM)).toHaveLength(4);
  });

  it('answers 401 without a session or a device signature, and 400 for a malformed body', async () => {
    expect((await clients.cm.request(NOTICES_PULL_PATH, { json: { cursor: null }, token: null })).status).toBe(401);
    const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
    const unsigned = await app.request(NOTICES_PULL_PATH, {
      method: 'POST',
      headers: { Authorization: `Bearer ${clients.cm.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ cursor: null }),
    });
    expect(unsigned.status).toBe(401);

    for (const bad of [{ cursor: { eventId: -1, ackSeq: 0 } }, { cursor: null, limit: 0 }, { cursor: null, limit: 2001 }, { cursor: 'abc' }, {}]) {
      const response = await clients.cm.request(NOTICES_PULL_PATH, { json: bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(ApiError.parse(await response.json()).code).toBe('invalidRequest');
    }
    expect(await auditedPages(CM)).toEqual([]);
  });
});
