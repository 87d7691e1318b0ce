/**
 * What a provider's staff read: the providers (for the office picker), the people a provider serves with
 * their insurers (the app's first screen, fetched into the device's database), one person with the
 * certification documents (care-management offices only), and the change events about those people.
 * Every route needs a signed-in staff member on a registered device; /providers/:providerNumber routes also
 * pass `authorizeProviderRead` (own office, role allowed). Every read of people's records is audit-logged:
 * the list download as one entry with its count, one person's record (and documents) per person.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ApiError, PeopleResponse, ProvidersResponse } from '../../src/protocol/people.ts';
import { listChangeEventsOfProvider } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { listDocumentsOfPerson } from '../db/document-store.ts';
import { findPersonOfProvider, listPeopleOfProvider } from '../db/insured-store.ts';
import { findInsurer, findProvider, listInsurersOfProvider, listProviders } from '../db/organisation-store.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { appendAudit, type NewAuditEntry } from '../audit/audit-log.ts';
import { roleMay } from '../auth/access-rules.ts';
import { apiError } from './api-error.ts';
import { ChangeEventsQuery, ChangeEventsResponse, PersonParams, PersonResponse, ProviderParams } from './api-schemas.ts';
import type { AppEnv } from './app-env.ts';
import { authorizeProviderRead } from './provider-access.ts';

/** Page size of the change-event feed. */
export const CHANGE_EVENTS_PAGE = 500;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ApiError } } });

const providersRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers',
  tags: ['providers'],
  summary: '事業所の一覧',
  responses: { 200: { description: 'All providers on the platform', content: { 'application/json': { schema: ProvidersResponse } } } },
});

const peopleRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{providerNumber}/people',
  tags: ['providers'],
  summary: '事業所の利用者一覧（保険者つき）',
  request: { params: ProviderParams },
  responses: {
    200: { description: 'The people the provider serves, with their insurers', content: { 'application/json': { schema: PeopleResponse } } },
    400: errorResponse('Malformed provider number'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed to read this provider'),
    404: errorResponse('No such provider'),
  },
});

const personRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{providerNumber}/people/{insurerNumber}/{insuredNumber}',
  tags: ['providers'],
  summary: '利用者1人の情報（居宅介護支援事業所には認定書類も）',
  request: { params: PersonParams },
  responses: {
    200: { description: 'One person the provider serves', content: { 'application/json': { schema: PersonResponse } } },
    400: errorResponse('Malformed number'),
    403: errorResponse('Not allowed to read this provider'),
    404: errorResponse('No such provider, or the provider does not serve this person'),
  },
});

const changeEventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{providerNumber}/change-events',
  tags: ['providers'],
  summary: '利用者の変更のお知らせ（イベントID順）',
  request: { params: ProviderParams, query: ChangeEventsQuery },
  responses: {
    200: { description: 'Change events after `since`, oldest first', content: { 'application/json': { schema: ChangeEventsResponse } } },
    400: errorResponse('Malformed provider number or cursor'),
    403: errorResponse('Not allowed to read this provider'),
    404: errorResponse('No such provider'),
  },
});

export interface ProviderRouteDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** requireDevice then requireStaff. */
  readonly signedIn: readonly MiddlewareHandler[];
}

export function registerProviderRoutes(app: OpenAPIHono<AppEnv>, deps: ProviderRouteDeps): void {
  const { db, clock } = deps;

  app.use('/api/v1/providers', ...deps.signedIn);
  app.use('/api/v1/providers/*', ...deps.signedIn);
  app.use('/api/v1/providers/:providerNumber/people', authorizeProviderRead('peopleList'));
  app.use('/api/v1/providers/:providerNumber/people/*', authorizeProviderRead('person'));
  app.use('/api/v1/providers/:providerNumber/change-events', authorizeProviderRead('changeEvents'));

  const audit = (c: Context<AppEnv>, entry: Pick<NewAuditEntry, 'action' | 'outcome' | 'insurerNumber' | 'insuredNumber' | 'detail'>) => {
    const session = c.get('staffSession');
    return appendAudit(
      db,
      [{ origin: 'server', staffId: session.staffId, deviceId: session.deviceId, providerNumber: session.providerNumber, sourceAddress: c.get('sourceAddress'), ...entry }],
      clock,
    );
  };

  app.openapi(providersRoute, async (c) => c.json({ providers: await listProviders(db) }, 200));

  app.openapi(peopleRoute, async (c) => {
    const { providerNumber } = c.req.valid('param');
    const provider = await findProvider(db, providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const [insurers, people] = await Promise.all([listInsurersOfProvider(db, providerNumber), listPeopleOfProvider(db, providerNumber)]);
    await audit(c, { action: 'people.list', outcome: 'allowed', detail: { people: people.length } });
    return c.json({ provider, insurers, people, fetchedAt: clock().toISOString() }, 200);
  });

  app.openapi(personRoute, async (c) => {
    const { providerNumber, insurerNumber, insuredNumber } = c.req.valid('param');
    const provider = await findProvider(db, providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const person = await findPersonOfProvider(db, providerNumber, insurerNumber, insuredNumber);
    const insurer = person ? await findInsurer(db, insurerNumber) : null;
    if (!person || !insurer) {
      await audit(c, { action: 'person.read', outcome: 'denied', insurerNumber, insuredNumber, detail: { reason: 'notLinked' } });
      return apiError(c, 'personNotFound');
    }
    // 主治医意見書 and 認定調査票: for the care manager of a care-management office only.
    const mayReadDocuments = provider.kind === 'careManagementOffice' && roleMay(c.get('staffSession').role, 'documents');
    const documents = mayReadDocuments ? (await listDocumentsOfPerson(db, insurerNumber, insuredNumber)).map((d) => d.document) : null;
    await audit(c, { action: 'person.read', outcome: 'allowed', insurerNumber, insuredNumber, detail: { documents: documents?.length ?? null } });
    return c.json({ provider, insurer, person, documents, fetchedAt: clock().toISOString() }, 200);
  });

  app.openapi(changeEventsRoute, async (c) => {
    const { providerNumber } = c.req.valid('param');
    const since = Number(c.req.valid('query').since ?? '0');
    const provider = await findProvider(db, providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const found = await listChangeEventsOfProvider(db, providerNumber, since, CHANGE_EVENTS_PAGE + 1);
    const events = found.slice(0, CHANGE_EVENTS_PAGE);
    return c.json({ events, cursor: events.at(-1)?.eventId ?? since, hasMore: found.length > CHANGE_EVENTS_PAGE }, 200);
  });
}
