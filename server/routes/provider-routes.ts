/**
 * What a provider's staff read: the providers (for the office picker), the people a provider serves with
 * their insurers (the app's first screen, fetched into the device's database), one person with the
 * certification documents (care-management offices only), and the change events about those people.
 * Every /providers/:providerNumber route passes `authorizeProviderRead` first (see provider-access.ts).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ApiError, PeopleResponse, ProvidersResponse } from '../../src/protocol/people.ts';
import { listChangeEventsOfProvider } from '../db/change-event-store.ts';
import type { Database } from '../db/database.ts';
import { listDocumentsOfPerson } from '../db/document-store.ts';
import { findPersonOfProvider, listPeopleOfProvider } from '../db/insured-store.ts';
import { findInsurer, findProvider, listInsurersOfProvider, listProviders } from '../db/organisation-store.ts';
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

export function registerProviderRoutes(app: OpenAPIHono<AppEnv>, deps: { db: Database; clock: () => Date }): void {
  const { db, clock } = deps;

  app.openapi(providersRoute, async (c) => c.json({ providers: await listProviders(db) }, 200));

  app.use('/api/v1/providers/:providerNumber/*', authorizeProviderRead());

  app.openapi(peopleRoute, async (c) => {
    const { providerNumber } = c.req.valid('param');
    const provider = await findProvider(db, providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const [insurers, people] = await Promise.all([listInsurersOfProvider(db, providerNumber), listPeopleOfProvider(db, providerNumber)]);
    return c.json({ provider, insurers, people, fetchedAt: clock().toISOString() }, 200);
  });

  app.openapi(personRoute, async (c) => {
    const { providerNumber, insurerNumber, insuredNumber } = c.req.valid('param');
    const provider = await findProvider(db, providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const person = await findPersonOfProvider(db, providerNumber, insurerNumber, insuredNumber);
    const insurer = person ? await findInsurer(db, insurerNumber) : null;
    if (!person || !insurer) return apiError(c, 'personNotFound');
    // 主治医意見書 and 認定調査票 are for the care manager's office only.
    const documents = provider.kind === 'careManagementOffice' ? (await listDocumentsOfPerson(db, insurerNumber, insuredNumber)).map((d) => d.document) : null;
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
