/**
 * The platform API in-process (`app.request`, no port) on every test database: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set (scripts/with-postgres.sh).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent, InsuredRecord } from '../src/domain/index.ts';
import { FeedResult, type FeedFile } from '../src/protocol/feed.ts';
import { ApiError, PeopleResponse, ProvidersResponse } from '../src/protocol/people.ts';
import { createApp } from './app.ts';
import type { Database } from './db/database.ts';
import { countRows, openMigrated, resetDatabase, testDatabaseFactories } from './db/test-databases.testing.ts';
import { writeFeedCsv } from './feeds/write-feed.ts';
import { ChangeEventsResponse, PersonResponse } from './routes/api-schemas.ts';
import { captureLogger, type CapturedLogger } from './testing/capture-logger.testing.ts';
import { failingInTransaction } from './testing/failing-database.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from './testing/signed-client.testing.ts';
import {
  feedBytes,
  fixedClock,
  HOME_HELP,
  INSURER_A,
  INSURER_B,
  insuredNumberOf,
  link,
  loadOrganisations,
  makeDoctorOpinion,
  makeFeed,
  makeRecord,
  OFFICE,
  TOKEN_A,
  TOKEN_B,
} from './testing/platform-fixtures.testing.ts';

describe.each(testDatabaseFactories())('platform API on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let log: CapturedLogger;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await loadOrganisations(db);
    log = captureLogger();
    app = createApp({ db, logger: log.logger, clock: fixedClock });
    await loadStaff(db);
    officeCareManager = await enrollDevice(app, db, STAFF.officeCareManager.staffId, fixedClock);
    homeHelper = await enrollDevice(app, db, STAFF.homeHelpHelper.staffId, fixedClock);
  });
  let officeCareManager: SignedClient;
  let homeHelper: SignedClient;
  const as = (providerNumber: string): SignedClient => (providerNumber === HOME_HELP.providerNumber ? homeHelper : officeCareManager);

  const upload = (file: FeedFile | Uint8Array, token: string | null = TOKEN_A, fileName = 'feed.json') =>
    app.request('/api/v1/feeds', {
      method: 'POST',
      headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), 'X-File-Name': encodeURIComponent(fileName), 'Content-Type': 'application/octet-stream' },
      body: file instanceof Uint8Array ? file : feedBytes(file),
    });

  const people = async (providerNumber: string) => PeopleResponse.parse(await (await as(providerNumber).request(`/api/v1/providers/${providerNumber}/people`)).json());

  const events = async (providerNumber: string, since = 0): Promise<ChangeEvent[]> =>
    ChangeEventsResponse.parse(await (await as(providerNumber).request(`/api/v1/providers/${providerNumber}/change-events?since=${since}`)).json()).events;

  it('answers health with the engine in use, uncached', async () => {
    const response = await app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: factory.name });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lists the providers', async () => {
    const body = ProvidersResponse.parse(await (await officeCareManager.request('/api/v1/providers')).json());
    expect(body.providers.map((p) => [p.providerNumber, p.kind])).toEqual([
      [OFFICE.providerNumber, 'careManagementOffice'],
      [HOME_HELP.providerNumber, 'serviceProvider'],
    ]);
  });

  it('lists only the people linked to the provider, with their insurers', async () => {
    const [one, two, three] = [1, 2, 3].map((n) => makeRecord(insuredNumberOf(n)));
    const other = makeRecord(insuredNumberOf(4), () => {}, INSURER_B.insurerNumber);
    expect((await upload(makeFeed([one!, two!, three!]))).status).toBe(200);
    expect((await upload(makeFeed([other], INSURER_B.insurerNumber), TOKEN_B)).status).toBe(200);
    await link(db, OFFICE.providerNumber, [one!, two!, other]);
    await link(db, HOME_HELP.providerNumber, [two!, three!]);

    const office = await people(OFFICE.providerNumber);
    expect(office.provider).toEqual(OFFICE);
    expect(office.people.map((p) => `${p.insurerNumber}/${p.insuredNumber}`).sort()).toEqual(['229011/0000000001', '229011/0000000002', '229029/0000000004']);
    expect(office.insurers).toEqual([INSURER_A, INSURER_B]);
    expect(office.fetchedAt).toBe('2026-07-10T01:00:00.000Z');

    const homeHelp = await people(HOME_HELP.providerNumber);
    expect(homeHelp.people.map((p) => p.insuredNumber).sort()).toEqual(['0000000002', '0000000003']);
    expect(homeHelp.insurers).toEqual([INSURER_A]);
  });

  it('answers another provider with 403 and a malformed number with 400, both as ApiError', async () => {
    const missing = await officeCareManager.request('/api/v1/providers/2270199999/people');
    expect(missing.status).toBe(403);
    expect(ApiError.parse(await missing.json()).code).toBe('providerForbidden');
    const malformed = await officeCareManager.request('/api/v1/providers/12ab/people');
    expect(malformed.status).toBe(400);
    const body = ApiError.parse(await malformed.json());
    expect(body.code).toBe('invalidRequest');
    expect(body.message).toContain('事業所番号は10桁の数字です');
  });

  it('gives one person with documents to the care-management office, without them to a service provider, and 404 to others', async () => {
    const person = makeRecord(insuredNumberOf(7));
    const stranger = makeRecord(insuredNumberOf(8));
    const opinion = makeDoctorOpinion('DO-7', person.insuredNumber);
    expect((await upload(makeFeed([person, stranger, opinion]))).status).toBe(200);
    await link(db, OFFICE.providerNumber, [person]);
    await link(db, HOME_HELP.providerNumber, [person]);
    const path = (provider: string, insured = person.insuredNumber) => `/api/v1/providers/${provider}/people/${INSURER_A.insurerNumber}/${insured}`;

    const forOffice = PersonResponse.parse(await (await officeCareManager.request(path(OFFICE.providerNumber))).json());
    expect(forOffice.person).toEqual({ ...person, source: { kind: 'platform' }, version: 1, updatedAt: '2026-07-10T01:00:00.000Z' });
    expect(forOffice.insurer).toEqual(INSURER_A);
    expect(forOffice.documents).toEqual([opinion]);

    const forHelpers = PersonResponse.parse(await (await homeHelper.request(path(HOME_HELP.providerNumber))).json());
    expect(forHelpers.documents).toBeNull();

    const notServed = await officeCareManager.request(path(OFFICE.providerNumber, stranger.insuredNumber));
    expect(notServed.status).toBe(404);
    expect(ApiError.parse(await notServed.json()).code).toBe('personNotFound');
  });

  it('applies a good feed with counts and events, and a later 2割→3割 from 2026-08-01 as exactly that event', async () => {
    const before = [1, 2, 3].map((n) => makeRecord(insuredNumberOf(n)));
    const first = await upload(makeFeed(before));
    expect(first.status).toBe(200);
    const applied = FeedResult.parse(await first.json());
    expect(applied).toEqual({ status: 'applied', feedId: 1, records: 3, inserted: 3, updated: 0, unchanged: 0, changeEvents: 3 });
    await link(db, OFFICE.providerNumber, before);
    expect((await events(OFFICE.providerNumber)).map((e) => [e.insuredNumber, e.detail.kind])).toEqual([
      ['0000000001', 'insuredAdded'],
      ['0000000002', 'insuredAdded'],
      ['0000000003', 'insuredAdded'],
    ]);

    const raised = makeRecord(insuredNumberOf(2), (r) => {
      r.burdenRatio = {
        issuedOn: '2026-07-10',
        periods: [
          { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
          { ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } },
        ],
      };
    });
    const second = FeedResult.parse(await (await upload(makeFeed([before[0]!, raised, before[2]!]))).json());
    expect(second).toEqual({ status: 'applied', feedId: 2, records: 3, inserted: 0, updated: 1, unchanged: 2, changeEvents: 1 });
    const newEvents = await events(OFFICE.providerNumber, 3);
    expect(newEvents).toEqual([
      {
        eventId: 4,
        insurerNumber: INSURER_A.insurerNumber,
        insuredNumber: '0000000002',
        detail: { kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' },
        recordedAt: '2026-07-10T01:00:00.000Z',
        feedId: 2,
      },
    ]);
    const listed = await people(OFFICE.providerNumber);
    expect(listed.people.map((p: InsuredRecord) => [p.insuredNumber, p.version])).toEqual(
      expect.arrayContaining([
        ['0000000001', 1],
        ['0000000002', 2],
        ['0000000003', 1],
      ]),
    );
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const file = makeFeed([makeRecord(insuredNumberOf(1)), makeRecord(insuredNumberOf(2)), makeDoctorOpinion('DO-1', insuredNumberOf(1))]);
    expect(FeedResult.parse(await (await upload(file)).json())).toMatchObject({ status: 'applied', inserted: 3, changeEvents: 3 });
    const rowsBefore = await countRows(db);
    const stored = await db.query('SELECT insured_number, version, updated_at FROM insured ORDER BY insured_number');

    const again = await upload(file);
    expect(again.status).toBe(200);
    expect(FeedResult.parse(await again.json())).toEqual({ status: 'applied', feedId: 2, records: 3, inserted: 0, updated: 0, unchanged: 3, changeEvents: 0 });
    expect(await countRows(db)).toEqual({ ...rowsBefore, feed_uploads: rowsBefore.feed_uploads! + 1 });
    expect(await db.query('SELECT insured_number, version, updated_at FROM insured ORDER BY insured_number')).toEqual(stored);
    expect(await db.query('SELECT feed_id, duplicate_of FROM feed_uploads ORDER BY feed_id')).toEqual([
      { feed_id: 1, duplicate_of: null },
      { feed_id: 2, duplicate_of: 1 },
    ]);
  });

  it('reads a Shift_JIS CSV feed and records its encoding', async () => {
    const file = makeFeed([makeRecord(insuredNumberOf(5))]);
    const response = await upload(writeFeedCsv(file, 'shift_jis'), TOKEN_A, '試験市_被保険者.csv');
    expect(FeedResult.parse(await response.json())).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.query('SELECT file_name, encoding FROM feed_uploads')).toEqual([{ file_name: '試験市_被保険者.csv', encoding: 'shift_jis' }]);
  });

  it('rejects a bad file with 422 listing every error, and stores nothing', async () => {
    await upload(makeFeed([makeRecord(insuredNumberOf(1))]));
    const rowsBefore = await countRows(db);
    const good = makeFeed([makeRecord(insuredNumberOf(1)), makeRecord(insuredNumberOf(2)), makeRecord(insuredNumberOf(3))]);
    const bad = JSON.parse(JSON.stringify(good)) as { records: Record<string, unknown>[] };
    (bad.records[0]!.eligibility as Record<string, unknown>).careLevel = 'care9';
    bad.records[2]!.insuredNumber = '12345';
    const response = await upload(new TextEncoder().encode(JSON.stringify(bad)));
    expect(response.status).toBe(422);
    const result = FeedResult.parse(await response.json());
    if (result.status !== 'rejected') throw new Error('expected a rejection');
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'records[0].eligibility.careLevel'],
      [3, 'records[2].insuredNumber'],
    ]);
    expect(await countRows(db)).toEqual(rowsBefore);
  });

  it('refuses uploads without a valid token (401) and files of another insurer (403)', async () => {
    const file = makeFeed([makeRecord(insuredNumberOf(1))]);
    const rowsBefore = await countRows(db);
    for (const token of [null, 'not-a-registered-token-1234', 'short']) {
      const response = await upload(file, token);
      expect(response.status).toBe(401);
      expect(ApiError.parse(await response.json()).code).toBe('feedUnauthorized');
    }
    const other = await upload(file, TOKEN_B);
    expect(other.status).toBe(403);
    expect(ApiError.parse(await other.json())).toEqual({ code: 'feedForbidden', message: expect.stringContaining('229011') as string });
    expect(await countRows(db)).toEqual(rowsBefore);
  });

  it('refuses a body over the size limit with 413', async () => {
    const small = createApp({ db, logger: log.logger, clock: fixedClock, feedSizeLimitBytes: 1024 });
    const response = await small.request('/api/v1/feeds', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN_A}`, 'X-File-Name': 'feed.json' },
      body: feedBytes(makeFeed([makeRecord(insuredNumberOf(1))])),
    });
    expect(response.status).toBe(413);
    expect(ApiError.parse(await response.json()).code).toBe('payloadTooLarge');
  });

  it('rolls everything back when the database fails half-way through applying a feed', async () => {
    await upload(makeFeed([makeRecord(insuredNumberOf(1))]));
    const rowsBefore = await countRows(db);
    const failing = createApp({ db: failingInTransaction(db, (sql) => sql.includes('INSERT INTO change_events')), logger: log.logger, clock: fixedClock });
    const changed = makeRecord(insuredNumberOf(1), (r) => {
      r.eligibility.careLevel = 'care2';
    });
    const response = await failing.request('/api/v1/feeds', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN_A}`, 'X-File-Name': 'feed.json' },
      body: feedBytes(makeFeed([changed, makeRecord(insuredNumberOf(2))])),
    });
    expect(response.status).toBe(500);
    expect(ApiError.parse(await response.json()).code).toBe('internal');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await countRows(db)).toEqual(rowsBefore);
    expect(await db.query('SELECT version FROM insured')).toEqual([{ version: 1 }]);
  });

  it('pages change events with a cursor', async () => {
    const records = [1, 2, 3, 4, 5].map((n) => makeRecord(insuredNumberOf(n)));
    await upload(makeFeed(records));
    await link(db, HOME_HELP.providerNumber, records.slice(0, 4));
    const page = ChangeEventsResponse.parse(await (await homeHelper.request(`/api/v1/providers/${HOME_HELP.providerNumber}/change-events?since=2`)).json());
    expect(page).toMatchObject({ cursor: 4, hasMore: false });
    expect(page.events.map((e) => e.eventId)).toEqual([3, 4]);
    const bad = await homeHelper.request(`/api/v1/providers/${HOME_HELP.providerNumber}/change-events?since=-1`);
    expect(bad.status).toBe(400);
  });

  it('logs requests by route pattern, without insured numbers, names or tokens', async () => {
    const person = makeRecord(insuredNumberOf(4321), (r) => {
      r.identity.name = '記録 されない';
    });
    await upload(makeFeed([person]));
    await link(db, OFFICE.providerNumber, [person]);
    const response = await officeCareManager.request(`/api/v1/providers/${OFFICE.providerNumber}/people/${INSURER_A.insurerNumber}/${person.insuredNumber}`, {
      headers: { 'X-Request-Id': 'req-test-0001' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-test-0001');
    await officeCareManager.request(`/api/v1/providers/${OFFICE.providerNumber}/people`);

    const text = log.text();
    const lines = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: 'req-test-0001', method: 'GET', route: '/api/v1/providers/:providerNumber/people/:insurerNumber/:insuredNumber', status: 200 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ route: '/api/v1/feeds', method: 'POST', status: 200 }));
    expect(text).not.toContain(person.insuredNumber);
    expect(text).not.toContain('記録');
    expect(text).not.toContain(person.identity.nameKana);
    expect(text).not.toContain(TOKEN_A);
  });
});
