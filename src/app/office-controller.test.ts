import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../data/data-error.ts';
import { makeInsuredRecord, makeProvider, makeSnapshot, TEST_INSURER } from '../data/insured-record.testing.ts';
import { makePullPage, tombstone, upsert } from '../data/local-store-contract.testing.ts';
import type { InsuredRecord } from '../domain/insured.ts';
import { createMemoryLocalStore } from '../data/memory-local-store.ts';
import type { PlatformApi } from '../data/platform-api.ts';
import type { PeopleResponse } from '../protocol/people.ts';
import { createOfficeController, defaultOfficeChoice, type OfficeState } from './office-controller.ts';

const CARE_OFFICE = '1310100001';
const HELPER_OFFICE = '1310100002';
const NOW = new Date('2025-09-01T03:00:00.000Z');
const providers = [makeProvider(HELPER_OFFICE, 'serviceProvider', '訪問介護つなぎ'), makeProvider(CARE_OFFICE, 'careManagementOffice', '居宅介護支援つなぎ')];

/** A fake platform: answers from `people` per office, or fails with `down` set. */
function fakeApi(people: Record<string, PeopleResponse>) {
  const calls: string[] = [];
  const api: PlatformApi & { down: boolean } = {
    down: false,
    async getProviders() {
      calls.push('providers');
      if (api.down) throw new DataError('network');
      return { providers };
    },
    async getPeople(providerNumber) {
      calls.push(`people ${providerNumber}`);
      if (api.down) throw new DataError('network');
      const snapshot = people[providerNumber];
      if (!snapshot) throw new DataError('http', { status: 404 });
      return snapshot;
    },
    async getPerson() {
      throw new DataError('http', { status: 404 });
    },
  };
  return { api, calls };
}

const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' });
const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎' });

describe('defaultOfficeChoice', () => {
  it('prefers the first care-management office, else the first office', () => {
    expect(defaultOfficeChoice(providers)).toBe(CARE_OFFICE);
    expect(defaultOfficeChoice([makeProvider(HELPER_OFFICE, 'serviceProvider')])).toBe(HELPER_OFFICE);
    expect(defaultOfficeChoice([])).toBeUndefined();
  });
});

describe('createOfficeController', () => {
  it('on a first start, fetches the offices and asks which one, suggesting the care-management office', async () => {
    const store = createMemoryLocalStore();
    const { api, calls } = fakeApi({});
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    const s = controller.getState();
    expect(s.phase).toBe('choosingOffice');
    expect(s.providers.map((p) => p.providerNumber)).toEqual([HELPER_OFFICE, CARE_OFFICE]);
    expect(s.suggestedOffice).toBe(CARE_OFFICE);
    expect(calls).toEqual(['providers']);
  });

  it('remembers the chosen office and fetches its people into the store', async () => {
    const store = createMemoryLocalStore();
    const { api, calls } = fakeApi({ [CARE_OFFICE]: makeSnapshot(CARE_OFFICE, [hanako, taro]) });
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    await controller.chooseOffice(CARE_OFFICE);
    const s = controller.getState();
    expect(s.phase).toBe('ready');
    expect(s.people.map((p) => p.identity.name).sort()).toEqual(['見本 太郎', '試験 花子']);
    expect(s.fetchInfo?.fetchedAt).toBe('2025-09-01T01:02:03.000Z');
    expect(s.office?.name).toBe('試験事業所01');
    expect(await store.readSetting('officeProviderNumber')).toBe(CARE_OFFICE);
    expect(calls).toEqual(['providers', 'providers', `people ${CARE_OFFICE}`]);
  });

  it('with the sync engine: refresh asks it to sync (no list fetch) and reloadStored shows what it stored', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, [hanako]), NOW);
    const { api, calls } = fakeApi({});
    let syncRequests = 0;
    const controller = createOfficeController({ store, api, now: () => NOW, syncNow: () => syncRequests++ });
    await controller.start();
    expect(controller.getState().people.map((p) => p.insuredNumber)).toEqual(['0000000001']);
    expect(syncRequests).toBe(1);
    await controller.refresh();
    expect(syncRequests).toBe(2);
    expect(calls).toEqual([]);
    // The engine stored a second person: the list shows them after reloadStored.
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, [hanako, taro]), NOW);
    await controller.reloadStored();
    expect(controller.getState().people.map((p) => p.insuredNumber).sort()).toEqual(['0000000001', '0000000002']);
  });

  it('offline: shows the stored list first, then says the server is unreachable and keeps the list', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, [hanako]), NOW);
    const { api, calls } = fakeApi({});
    api.down = true;
    const controller = createOfficeController({ store, api, now: () => NOW });
    const seen: OfficeState[] = [];
    controller.subscribe((s) => seen.push(s));
    await controller.start();

    const firstReady = seen.find((s) => s.phase === 'ready');
    expect(firstReady?.people.map((p) => p.identity.name)).toEqual(['試験 花子']);
    expect(firstReady?.refreshing).toBe(false);
    const s = controller.getState();
    expect(s.people.map((p) => p.identity.name)).toEqual(['試験 花子']);
    expect(s.serverReachable).toBe(false);
    expect(s.error?.code).toBe('network');
    expect(s.refreshing).toBe(false);
    // No people request when the office list already found no server.
    expect(calls).toEqual(['providers']);
  });

  it('becomes reachable again after a successful refresh', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    const { api } = fakeApi({ [CARE_OFFICE]: makeSnapshot(CARE_OFFICE, [hanako, taro]) });
    api.down = true;
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    expect(controller.getState().serverReachable).toBe(false);
    api.down = false;
    await controller.refresh();
    expect(controller.getState().serverReachable).toBe(true);
    expect(controller.getState().error).toBeUndefined();
    expect(controller.getState().people).toHaveLength(2);
  });

  it('shares one run between concurrent refreshes', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    const { api, calls } = fakeApi({ [CARE_OFFICE]: makeSnapshot(CARE_OFFICE, [hanako]) });
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    calls.length = 0;
    await Promise.all([controller.refresh(), controller.refresh(), controller.refresh()]);
    expect(calls).toEqual(['providers', `people ${CARE_OFFICE}`]);
  });

  it('reports an HTTP error but keeps the server reachable and the stored list', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', HELPER_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(HELPER_OFFICE, [taro]), NOW);
    const { api } = fakeApi({});
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    const s = controller.getState();
    expect([s.error?.code, s.error?.status]).toEqual(['http', 404]);
    expect(s.serverReachable).toBe(true);
    expect(s.people.map((p) => p.identity.name)).toEqual(['見本 太郎']);
  });

  it('counts damaged stored rows so the screen can say so', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, [hanako]), NOW);
    store.raw.people.set('131016-0000000099', { insurerNumber: '131016', insuredNumber: '0000000099', providerNumbers: [CARE_OFFICE] });
    const { api } = fakeApi({});
    api.down = true;
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    expect(controller.getState().skippedRows).toBe(1);
    expect(controller.getState().people).toHaveLength(1);
  });

  it('lets the user open the picker and go back without losing the list', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, [hanako]), NOW);
    const { api } = fakeApi({ [CARE_OFFICE]: makeSnapshot(CARE_OFFICE, [hanako]) });
    const controller = createOfficeController({ store, api, now: () => NOW });
    await controller.start();
    controller.changeOffice();
    expect(controller.getState().phase).toBe('choosingOffice');
    expect(controller.getState().suggestedOffice).toBe(CARE_OFFICE);
    controller.cancelChangeOffice();
    expect(controller.getState().phase).toBe('ready');
    expect(controller.getState().people).toHaveLength(1);
  });
});

describe('applyPulled: a pull page this tab stored, applied to the list on screen', () => {
  const jiro = makeInsuredRecord({ insuredNumber: '0000000003', name: '仮名 次郎' });
  const otherInsurer = { insurerNumber: '131024', name: '中央区', prefecture: '東京都', platformLiveFrom: '2026-04-01' };

  async function started(people: InsuredRecord[]) {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    await store.saveOfficeSnapshot(makeSnapshot(CARE_OFFICE, people), NOW);
    const controller = createOfficeController({ store, api: fakeApi({}).api, now: () => NOW, syncNow: () => undefined });
    await controller.start();
    return { store, controller };
  }

  it('replaces an upserted person where they stand, appends a new one, drops a removed one, in page order', async () => {
    const { controller } = await started([hanako, taro]);
    const before = controller.getState().people.map((p) => p.insuredNumber);
    const renamed = { ...taro, identity: { ...taro.identity, name: '見本 太郎（改姓）' } };
    controller.applyPulled([upsert(renamed), upsert(jiro), tombstone(hanako), upsert(hanako), tombstone(jiro)], makePullPage(CARE_OFFICE, [], 'c1'));
    const after = controller.getState().people;
    // Taro keeps his place; Hanako, removed then added again, comes back at the end; Jiro comes and goes.
    expect(after.map((p) => p.insuredNumber)).toEqual([...before.filter((n) => n !== '0000000001'), '0000000001']);
    expect(after.find((p) => p.insuredNumber === '0000000002')?.identity.name).toBe('見本 太郎（改姓）');
  });

  it('adds the page insurers it did not know and replaces those it did', async () => {
    const { controller } = await started([hanako]);
    const page = { ...makePullPage(CARE_OFFICE, [], 'c1'), insurers: [{ ...TEST_INSURER, name: '千代田区（新）' }, otherInsurer] };
    controller.applyPulled([], page);
    expect(controller.getState().insurers.map((i) => `${i.insurerNumber} ${i.name}`)).toEqual(['131016 千代田区（新）', '131024 中央区']);
  });

  it('shows a record written on this device (a paper entry) where the person stands', async () => {
    const { controller } = await started([hanako, taro]);
    const before = controller.getState();
    const paper: InsuredRecord = { ...hanako, source: { kind: 'paper', enteredBy: '試験 ケアマネ', enteredAt: '2026-07-01T00:00:00.000Z' }, version: 2 };
    controller.applyLocal([paper, jiro]);
    const after = controller.getState();
    expect(after.people.map((p) => p.insuredNumber)).toEqual([...before.people.map((p) => p.insuredNumber), '0000000003']);
    expect(after.people.find((p) => p.insuredNumber === '0000000001')?.source.kind).toBe('paper');
  });

  it('names the office from the first page of a fresh device (the header shows its name, not its number)', async () => {
    const store = createMemoryLocalStore();
    await store.writeSetting('officeProviderNumber', CARE_OFFICE);
    const controller = createOfficeController({ store, api: fakeApi({}).api, now: () => NOW, syncNow: () => undefined });
    await controller.start();
    expect(controller.getState().office).toBeUndefined();
    const page = { ...makePullPage(CARE_OFFICE, [upsert(hanako)], 'c1'), provider: { ...makeProvider(CARE_OFFICE), name: 'さくらおかケアプランセンター' } };
    controller.applyPulled(page.changes, page);
    expect(controller.getState().office?.name).toBe('さくらおかケアプランセンター');
    expect(controller.getState().providers.map((p) => p.providerNumber)).toEqual([CARE_OFFICE]);
  });

  it('ignores a page of another office than the one shown', async () => {
    const { controller } = await started([hanako]);
    controller.applyPulled([upsert(taro), tombstone(hanako)], makePullPage(HELPER_OFFICE, [], 'c1'));
    expect(controller.getState().people.map((p) => p.insuredNumber)).toEqual(['0000000001']);
  });

  it('shows the same people as reading the store back, for any sequence of pages (property)', async () => {
    const key = fc.integer({ min: 1, max: 8 });
    const change = fc.oneof(
      key.map((n) => upsert(makeInsuredRecord({ insuredNumber: String(n).padStart(10, '0'), name: `試験 ${n}` }))),
      key.chain((n) => fc.constantFrom(1, 2).map((v) => upsert(makeInsuredRecord({ insuredNumber: String(n).padStart(10, '0'), name: `改 ${n}-${v}` })))),
      key.map((n) => tombstone(makeInsuredRecord({ insuredNumber: String(n).padStart(10, '0') }))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { maxLength: 6 }), { minLength: 1, maxLength: 5 }), async (pages) => {
        const { store, controller } = await started([hanako, taro]);
        for (const [i, changes] of pages.entries()) {
          const page = makePullPage(CARE_OFFICE, changes, `c${i + 1}`);
          await store.applyPull(page);
          controller.applyPulled(page.changes, page);
        }
        const patched = controller.getState().people;
        const byKey = (people: readonly InsuredRecord[]) => [...people].map((p) => `${p.insuredNumber} ${p.identity.name}`).sort();
        expect(byKey(patched)).toEqual(byKey((await store.readPeople(CARE_OFFICE)).items));
        // Never the same person twice.
        expect(new Set(patched.map((p) => p.insuredNumber)).size).toBe(patched.length);
      }),
      { numRuns: 100 },
    );
  });

  it('patches 10,000 people with 1,000 changes in one pass (timed)', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0') }));
    const { controller } = await started(many);
    const changes = many.slice(0, 1_000).map((p, i) => (i % 10 === 0 ? tombstone(p) : upsert({ ...p, identity: { ...p.identity, name: '更新 済' } })));
    const start = performance.now();
    controller.applyPulled(changes, makePullPage(CARE_OFFICE, [], 'c1'));
    const ms = performance.now() - start;
    expect(controller.getState().people).toHaveLength(9_900);
    expect(controller.getState().people.filter((p) => p.identity.name === '更新 済')).toHaveLength(900);
    console.info(`applyPulled: 1,000 changes over 10,000 people ${ms.toFixed(1)} ms`);
  });
});
