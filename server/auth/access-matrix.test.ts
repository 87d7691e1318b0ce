/**
 * The access matrix, cell by cell: every role of the office × every resource × the person linked to the
 * office or not, through the real routes with signed requests; plus the two gates (no device signature, no
 * session) in front of every personal-data route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/domain/organisations.ts';
import { NOTICES_PULL_PATH } from '../../src/protocol/notices.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, HOME_HELP, insuredNumberOf, link, loadOrganisations, makeDoctorOpinion, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';
import { ACCESS_TABLE, roleMay, type Resource } from './access-rules.ts';

const linked = makeRecord(insuredNumberOf(11));
const unlinked = makeRecord(insuredNumberOf(12));
const opinion = makeDoctorOpinion('DO-11', linked.insuredNumber);
const personPath = (insured: string) => `/api/v1/providers/${OFFICE.providerNumber}/people/${linked.insurerNumber}/${insured}`;

/** Each resource as one request an office staff member would make. */
const REQUESTS: Record<Exclude<Resource, 'documents'>, string> = {
  providers: '/api/v1/providers',
  peopleList: `/api/v1/providers/${OFFICE.providerNumber}/people`,
  person: personPath(linked.insuredNumber),
  changeEvents: `/api/v1/providers/${OFFICE.providerNumber}/change-events`,
  notices: NOTICES_PULL_PATH,
  deviceAudit: '/api/v1/audit/device-entries',
  administration: '/api/v1/admin/staff',
  auditLog: '/api/v1/admin/audit',
};

describe.each(testDatabaseFactories())('access matrix on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const clients = {} as Record<StaffRole, SignedClient>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    const file = makeFeed([linked, unlinked, opinion]);
    await applyFeed(db, file, feedMeta(file), fixedClock);
    await link(db, OFFICE.providerNumber, [linked]);
    await link(db, HOME_HELP.providerNumber, [unlinked]);
    const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock, signInRateLimit: { capacity: 100, refillPerMinute: 100 } });
    clients.helper = await enrollDevice(app, db, STAFF.officeHelper.staffId, fixedClock);
    clients.careManager = await enrollDevice(app, db, STAFF.officeCareManager.staffId, fixedClock);
    clients.admin = await enrollDevice(app, db, STAFF.officeAdmin.staffId, fixedClock);
  });
  afterAll(async () => dispose());

  const send = (client: SignedClient, resource: keyof typeof REQUESTS, init: { token?: string | null } = {}) =>
    resource === 'deviceAudit'
      ? client.request(REQUESTS.deviceAudit, {
          json: { entries: [{ entryId: crypto.randomUUID(), occurredAt: fixedClock().toISOString(), action: 'person.view', insurerNumber: linked.insurerNumber, insuredNumber: linked.insuredNumber }] },
          ...init,
        })
      : resource === 'notices'
        ? client.request(REQUESTS.notices, { json: { cursor: null }, ...init })
        : client.request(REQUESTS[resource], init);

  for (const role of ['helper', 'careManager', 'admin'] as const) {
    for (const resource of Object.keys(REQUESTS) as (keyof typeof REQUESTS)[]) {
      const expected = roleMay(role, resource) ? 200 : 403;
      it(`${role} × ${resource} → ${expected}`, async () => {
        const response = await send(clients[role], resource);
        expect(response.status).toBe(expected);
      });
    }

    it(`${role} × person (linked) → documents only for the care manager; unlinked → 404`, async () => {
      const body = (await (await clients[role].request(personPath(linked.insuredNumber))).json()) as { documents: unknown[] | null };
      expect(body.documents === null ? 'none' : body.documents.length).toBe(role === 'careManager' ? 1 : 'none');
      expect(ACCESS_TABLE.documents.includes(role)).toBe(role === 'careManager');
      const other = await clients[role].request(personPath(unlinked.insuredNumber));
      expect(other.status).toBe(404);
    });

    it(`${role} × notices → the 主治医意見書 notice only for the care manager, never the people list's own events`, async () => {
      const body = (await (await send(clients[role], 'notices')).json()) as { notices: { insuredNumber: string; detail: { kind: string } }[] };
      const expected = role === 'careManager' ? [[linked.insuredNumber, 'doctorOpinionReceived']] : [];
      expect(body.notices.map((n) => [n.insuredNumber, n.detail.kind])).toEqual(expected);
    });

    it(`${role} × another provider's people → 403`, async () => {
      const response = await clients[role].request(`/api/v1/providers/${HOME_HELP.providerNumber}/people`);
      expect(response.status).toBe(403);
    });

    it(`${role} with the device key but no session → 401 on every personal-data route`, async () => {
      for (const resource of Object.keys(REQUESTS) as (keyof typeof REQUESTS)[]) {
        const response = await send(clients[role], resource, { token: null });
        expect(response.status, resource).toBe(401);
      }
    });
  }

  it('refuses a valid access token without the device signature (401)', async () => {
    const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
    for (const path of Object.values(REQUESTS)) {
      const response = await app.request(path, { headers: { Authorization: `Bearer ${clients.admin.accessToken}` } });
      expect(response.status, path).toBe(401);
    }
  });
});
