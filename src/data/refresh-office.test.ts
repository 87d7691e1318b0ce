import { describe, expect, it } from 'vitest';
import { createMemoryLocalStore } from './memory-local-store.ts';
import { createPlatformApi } from './platform-api.ts';
import { makeInsuredRecord, makeProvider, makeSnapshot } from './insured-record.testing.ts';
import { refreshOffice, refreshProviders } from './refresh-office.ts';

const OFFICE = '1310100001';
const NOW = new Date('2025-09-01T03:00:00.000Z');

function fakeFetch(routes: Record<string, () => Response | Promise<Response>>): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchFn = (async (input: Parameters<typeof fetch>[0]) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return route();
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('refreshOffice', () => {
  it('fetches the office list, stores it and says how many people came', async () => {
    const store = createMemoryLocalStore();
    const snapshot = makeSnapshot(OFFICE, [makeInsuredRecord({ insuredNumber: '0000000001' }), makeInsuredRecord({ insuredNumber: '0000000002' })]);
    const { fetch, calls } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json(snapshot) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(outcome).toEqual({ ok: true, fetchedAt: snapshot.fetchedAt, people: snapshot.people, insurers: snapshot.insurers });
    expect(calls).toEqual([`/api/v1/providers/${OFFICE}/people`]);
    expect((await store.readPeople(OFFICE)).items).toHaveLength(2);
    expect((await store.readFetchInfo(OFFICE))?.receivedAt).toBe('2025-09-01T03:00:00.000Z');
  });

  it('returns a person listed twice once, the last copy, as the store keeps it', async () => {
    const store = createMemoryLocalStore();
    const first = makeInsuredRecord({ insuredNumber: '0000000001', careLevel: 'care1' });
    const second = makeInsuredRecord({ insuredNumber: '0000000001', careLevel: 'care3' });
    const { fetch } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json(makeSnapshot(OFFICE, [first, second])) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(outcome.ok && outcome.people.map((p) => p.eligibility.careLevel)).toEqual(['care3']);
    expect((await store.readPeople(OFFICE)).items.map((p) => p.eligibility.careLevel)).toEqual(['care3']);
  });

  it('keeps the stored list when the server cannot be reached', async () => {
    const store = createMemoryLocalStore();
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE, [makeInsuredRecord()]), NOW);
    const { fetch } = fakeFetch({});
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.code).toBe('network');
    expect(!outcome.ok && outcome.error.messageJa).toContain('サーバーに接続できません');
    expect((await store.readPeople(OFFICE)).items).toHaveLength(1);
  });

  it('reports an error status as http with the status', async () => {
    const store = createMemoryLocalStore();
    const { fetch } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json({ code: 'internal', message: 'x' }, 503) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(!outcome.ok && [outcome.error.code, outcome.error.status]).toEqual(['http', 503]);
  });

  it('refuses a body that breaks the contract and leaves the stored list untouched', async () => {
    const store = createMemoryLocalStore();
    await store.saveOfficeSnapshot(makeSnapshot(OFFICE, [makeInsuredRecord()]), NOW);
    const broken = makeSnapshot(OFFICE, [{ ...makeInsuredRecord({ insuredNumber: '0000000002' }), insuredNumber: '12' }]);
    const { fetch } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json(broken) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(!outcome.ok && outcome.error.code).toBe('invalidResponse');
    expect((await store.readPeople(OFFICE)).items.map((p) => p.insuredNumber)).toEqual(['0000000001']);
  });

  it('refuses a snapshot of a different office than the one asked for', async () => {
    const store = createMemoryLocalStore();
    const { fetch } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json(makeSnapshot('1310100002', [])) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(!outcome.ok && outcome.error.code).toBe('invalidResponse');
    expect(await store.readFetchInfo('1310100002')).toBeUndefined();
  });

  it('reports a failed write as a storage error', async () => {
    const store = createMemoryLocalStore();
    store.failNextWrite(new Error('disk'));
    const { fetch } = fakeFetch({ [`/api/v1/providers/${OFFICE}/people`]: () => json(makeSnapshot(OFFICE, [])) });
    const outcome = await refreshOffice({ api: createPlatformApi(fetch), store, now: () => NOW }, OFFICE);
    expect(!outcome.ok && outcome.error.code).toBe('storage');
  });
});

describe('refreshProviders', () => {
  it('stores the offices the server lists', async () => {
    const store = createMemoryLocalStore();
    const { fetch } = fakeFetch({ '/api/v1/providers': () => json({ providers: [makeProvider(OFFICE), makeProvider('1310100002', 'serviceProvider')] }) });
    expect(await refreshProviders({ api: createPlatformApi(fetch), store, now: () => NOW })).toEqual({ ok: true });
    expect((await store.readProviders()).items.map((p) => p.kind)).toEqual(['careManagementOffice', 'serviceProvider']);
  });
});
