/**
 * The LocalStore contract as tests, run against every implementation (dexie-local-store.test.ts,
 * memory-local-store.test.ts). `plantRawPerson` writes a row bypassing the store (sealed with the store's key
 * where the store seals), as an older or damaged build might have left it.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.ts';
import { makeInsuredRecord, makeProvider, makeSnapshot } from './insured-record.testing.ts';
import type { LocalStore } from './local-store.ts';
import type { DeviceAuditEntry } from '../protocol/admin.ts';

export interface LocalStoreHarness {
  store: LocalStore;
  plantRawPerson(row: Record<string, unknown> & { insurerNumber: string; insuredNumber: string }): Promise<void>;
  /** Makes the next write fail with a QuotaExceededError. */
  failNextWriteWithQuota(): void;
  close(): Promise<void>;
}

const OFFICE_A = '1310100001';
const OFFICE_B = '1310100002';
const RECEIVED = new Date('2025-09-01T01:02:05.000Z');

const hanako = makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子', nameKana: 'シケン ハナコ' });
const taro = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎', nameKana: 'ミホン タロウ', careLevel: 'support1' });
const jiro = makeInsuredRecord({ insuredNumber: '0000000003', name: '仮名 次郎', nameKana: 'カメイ ジロウ' });

const audit = (n: number, occurredAt: string, insuredNumber = '0000000001'): DeviceAuditEntry => ({
  entryId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  occurredAt,
  action: 'person.view',
  insurerNumber: '131016',
  insuredNumber,
});

const names = (items: { identity: { name: string } }[]): string[] => items.map((p) => p.identity.name).sort();

export function describeLocalStoreContract(label: string, makeHarness: () => Promise<LocalStoreHarness>): void {
  describe(`LocalStore contract: ${label}`, () => {
    it('stores an office snapshot and reads its people, insurers, office and fetch time back', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED);
      const people = await h.store.readPeople(OFFICE_A);
      expect(names(people.items)).toEqual(['見本 太郎', '試験 花子']);
      expect(people.skipped).toBe(0);
      expect((await h.store.readInsurers()).items.map((i) => i.name)).toEqual(['千代田区']);
      expect((await h.store.readProviders()).items.map((p) => p.providerNumber)).toEqual([OFFICE_A]);
      expect(await h.store.readFetchInfo(OFFICE_A)).toEqual({
        providerNumber: OFFICE_A,
        fetchedAt: '2025-09-01T01:02:03.000Z',
        receivedAt: '2025-09-01T01:02:05.000Z',
        peopleCount: 2,
      });
      expect(await h.store.readFetchInfo(OFFICE_B)).toBeUndefined();
      await h.close();
    });

    it('replaces the office list: someone no longer listed disappears, a changed record is updated', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED);
      const taroNowCare1 = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎', nameKana: 'ミホン タロウ', careLevel: 'care1' });
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [taroNowCare1, jiro]), RECEIVED);
      const people = await h.store.readPeople(OFFICE_A);
      expect(names(people.items)).toEqual(['仮名 次郎', '見本 太郎']);
      expect(people.items.find((p) => p.insuredNumber === '0000000002')?.eligibility.careLevel).toBe('care1');
      expect((await h.store.readFetchInfo(OFFICE_A))?.peopleCount).toBe(2);
      await h.close();
    });

    it('keeps a person another office still lists when this office drops them', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED);
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_B, [taro]), RECEIVED);
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako]), RECEIVED);
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['試験 花子']);
      expect(names((await h.store.readPeople(OFFICE_B)).items)).toEqual(['見本 太郎']);
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_B, []), RECEIVED);
      expect((await h.store.readPeople(OFFICE_B)).items).toEqual([]);
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['試験 花子']);
      await h.close();
    });

    it('skips and counts a damaged person row instead of failing the whole read', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako]), RECEIVED);
      const broken = makeInsuredRecord({ insuredNumber: '0000000009' });
      await h.plantRawPerson({
        insurerNumber: '131016',
        insuredNumber: '0000000009',
        providerNumbers: [OFFICE_A],
        record: { ...broken, eligibility: { ...broken.eligibility, careLevel: 'care9' } },
      });
      const people = await h.store.readPeople(OFFICE_A);
      expect(names(people.items)).toEqual(['試験 花子']);
      expect(people.skipped).toBe(1);
      expect(people.problems).toEqual(['record.eligibility.careLevel']);
      await h.close();
    });

    it('drops damaged rows of the office when a new snapshot arrives', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako]), RECEIVED);
      // Mergeable membership but a broken record, and a row whose insured number no longer fits the schema.
      await h.plantRawPerson({ insurerNumber: '131016', insuredNumber: '0000000009', providerNumbers: [OFFICE_A], record: {} });
      await h.plantRawPerson({ insurerNumber: '131016', insuredNumber: '12', providerNumbers: [OFFICE_A], record: {} });
      expect((await h.store.readPeople(OFFICE_A)).skipped).toBe(2);
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako, taro]), RECEIVED);
      const people = await h.store.readPeople(OFFICE_A);
      expect(people.skipped).toBe(0);
      expect(names(people.items)).toEqual(['見本 太郎', '試験 花子']);
      await h.close();
    });

    it('round-trips settings and ignores a stored value that no longer fits its schema', async () => {
      const h = await makeHarness();
      expect(await h.store.readSetting('officeProviderNumber')).toBeUndefined();
      await h.store.writeSetting('officeProviderNumber', OFFICE_B);
      expect(await h.store.readSetting('officeProviderNumber')).toBe(OFFICE_B);
      // Written through the typed API this cannot happen; an older build could have left it.
      await h.store.writeSetting('officeProviderNumber', '12' as string);
      expect(await h.store.readSetting('officeProviderNumber')).toBeUndefined();
      await h.close();
    });

    it('replaces the list of offices', async () => {
      const h = await makeHarness();
      await h.store.saveProviders([makeProvider(OFFICE_A), makeProvider(OFFICE_B, 'serviceProvider')]);
      await h.store.saveProviders([makeProvider(OFFICE_B, 'serviceProvider')]);
      expect((await h.store.readProviders()).items.map((p) => p.providerNumber)).toEqual([OFFICE_B]);
      await h.close();
    });

    it('reports a full disk as a quota DataError and keeps what was stored', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [hanako]), RECEIVED);
      h.failNextWriteWithQuota();
      const failure = await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [taro, jiro]), RECEIVED).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DataError);
      expect((failure as DataError).code).toBe('quota');
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['試験 花子']);
      await h.close();
    });

    it('keeps audit entries until removed, oldest first, one entry per entryId', async () => {
      const h = await makeHarness();
      const first = audit(1, '2025-09-01T09:00:00.000+09:00', '0000000002');
      const second = audit(2, '2025-09-01T00:30:00.000Z');
      const third = audit(3, '2025-09-01T01:00:00.000Z');
      await h.store.recordAudit([third, first]);
      await h.store.recordAudit([second, first]);
      // 09:00+09:00 is 00:00Z: the oldest, although its text sorts last.
      expect((await h.store.readPendingAudit(10)).items).toEqual([first, second, third]);
      expect((await h.store.readPendingAudit(2)).items.map((e) => e.entryId)).toEqual([first.entryId, second.entryId]);
      await h.store.removeAudit([first.entryId, second.entryId, audit(9, '2025-09-01T00:00:00Z').entryId]);
      const left = await h.store.readPendingAudit(10);
      expect(left.items).toEqual([third]);
      expect(left.skipped).toBe(0);
      await h.close();
    });

    it('refuses an audit entry that does not fit the protocol and keeps none of that batch', async () => {
      const h = await makeHarness();
      const bad = { ...audit(1, '2025-09-01T00:00:00Z'), insuredNumber: '12' };
      const failure = await h.store.recordAudit([audit(2, '2025-09-01T00:00:00Z'), bad]).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DataError);
      expect((await h.store.readPendingAudit(10)).items).toEqual([]);
      await h.close();
    });
  });
}
