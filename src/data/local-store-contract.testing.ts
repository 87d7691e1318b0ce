/**
 * The LocalStore contract as tests, run against every implementation (dexie-local-store.test.ts,
 * memory-local-store.test.ts). `plantRawPerson` writes a row bypassing the store (sealed with the store's key
 * where the store seals), as an older or damaged build might have left it.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.ts';
import { makeInsuredRecord, makeProvider, makeSnapshot, TEST_INSURER } from './insured-record.testing.ts';
import type { InsuredRecord } from '../domain/insured.ts';
import type { PersonChange, PullResponse } from '../protocol/sync.ts';
import type { LocalStore } from './local-store.ts';
import type { DeviceAuditEntry } from '../protocol/admin.ts';
import type { Notice, NoticeAcknowledgement, NoticesPullResponse } from '../protocol/notices.ts';
import type { StoredNoticeAcknowledgement } from './stored-rows.ts';

export interface LocalStoreHarness {
  store: LocalStore;
  plantRawPerson(row: Record<string, unknown> & { insurerNumber: string; insuredNumber: string }): Promise<void>;
  /** Writes a notice or acknowledgement row bypassing the store (sealed where the store seals). */
  plantRawNoticeRow(kind: 'notice' | 'noticeAcknowledgement', naturalKey: string, row: unknown): Promise<void>;
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

/** A pull page for `office` (cursor and flags as given). */
export function makePullPage(office: string, changes: PersonChange[], cursor: string, more: { hasMore?: boolean; snapshotTotal?: number | null } = {}): PullResponse {
  return {
    provider: makeProvider(office),
    insurers: [TEST_INSURER],
    changes,
    cursor,
    hasMore: more.hasMore ?? false,
    snapshotTotal: more.snapshotTotal ?? null,
    serverTime: '2025-09-01T00:00:00.000Z',
  };
}
export const upsert = (record: InsuredRecord): PersonChange => ({ op: 'upsert', record });
export const tombstone = (record: InsuredRecord): PersonChange => ({ op: 'remove', insurerNumber: record.insurerNumber, insuredNumber: record.insuredNumber });

/** Args of a valid personViewed mutation (entry n). */
export const viewedArgs = (n: number): Record<string, unknown> => ({
  entryId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  occurredAt: '2025-09-01T00:00:00.000Z',
  insurerNumber: '131016',
  insuredNumber: '0000000001',
});
const STAFF = 'staff-0001';

/** A notice of a burden-ratio change (event n) about 試験 花子 (or the insured number given). */
export const makeNotice = (eventId: number, insuredNumber = '0000000001'): Notice => ({
  eventId,
  insurerNumber: '131016',
  insuredNumber,
  detail: { kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' },
  recordedAt: '2026-07-10T01:00:00.000Z',
  servingProviders: [{ providerNumber: OFFICE_A, name: 'つなぎ訪問介護' }],
});

/** A pulled acknowledgement (stream position ackSeq) of event `eventId` by `staffId`. */
export const makeAcknowledgement = (ackSeq: number, eventId: number, staffId = STAFF_NOTICE, acknowledgedAt = '2026-07-10T02:00:00.000Z'): NoticeAcknowledgement => ({
  ackSeq,
  eventId,
  providerNumber: OFFICE_A,
  staffId,
  staffName: '試験 ヘルパー',
  acknowledgedAt,
});

/** A notices page. */
export const makeNoticesPage = (notices: Notice[], acknowledgements: NoticeAcknowledgement[], cursor: { eventId: number; ackSeq: number }, hasMore = false): NoticesPullResponse => ({
  notices,
  acknowledgements,
  cursor,
  hasMore,
});
const STAFF_NOTICE = 'staff-0001';

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

    it('queues mutations with seqs 1, 2, 3, reads them oldest first and drops them once acknowledged', async () => {
      const h = await makeHarness();
      expect(await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(1))).toBe(1);
      expect(await h.store.enqueueMutation('noticeAcknowledged', 1, STAFF, { eventId: 7, acknowledgedAt: '2025-09-01T00:00:00.000Z' })).toBe(2);
      expect(await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(3))).toBe(3);
      expect(await h.store.outboxCount()).toBe(3);
      const read = await h.store.readOutbox(10);
      expect(read.items.map((m) => [m.seq, m.name])).toEqual([[1, 'personViewed'], [2, 'noticeAcknowledged'], [3, 'personViewed']]);
      expect(read.items[0]).toEqual({ seq: 1, name: 'personViewed', version: 1, staffId: STAFF, args: viewedArgs(1) });
      expect((await h.store.readOutbox(1, 2)).items.map((m) => m.seq)).toEqual([2]);
      await h.store.ackOutbox(2);
      expect((await h.store.readOutbox(10)).items.map((m) => m.seq)).toEqual([3]);
      expect((await h.store.readSyncState()).lastAppliedSeq).toBe(2);
      // An older acknowledgement arriving late never moves the last applied seq back.
      await h.store.ackOutbox(1);
      expect((await h.store.readSyncState()).lastAppliedSeq).toBe(2);
      await h.store.ackOutbox(3);
      expect(await h.store.outboxCount()).toBe(0);
      // Emptied, the outbox still continues the sequence.
      expect(await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(4))).toBe(4);
      await h.close();
    });

    it('writes a mutation and its local effect together', async () => {
      const h = await makeHarness();
      const entry = audit(5, '2025-09-01T00:00:00.000Z');
      await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(5), { puts: [{ kind: 'auditEntry', naturalKey: entry.entryId, value: entry }] });
      expect((await h.store.readPendingAudit(10)).items).toEqual([entry]);
      expect(await h.store.outboxCount()).toBe(1);
      await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(6), { deletes: [{ kind: 'auditEntry', naturalKey: entry.entryId }] });
      expect((await h.store.readPendingAudit(10)).items).toEqual([]);
      await h.close();
    });

    it('writes a paper entry with its person: on the office list at once, other offices keep theirs', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_B, [taro]), RECEIVED);
      const paper = (record: InsuredRecord, version: number): InsuredRecord => ({
        ...record,
        source: { kind: 'paper', enteredBy: '試験 ケアマネ', enteredAt: '2025-09-01T00:00:00.000Z' },
        version,
      });
      const entered = paper(jiro, 1);
      const args = { entryId: '00000000-0000-4000-8000-000000000009', enteredAt: '2025-09-01T00:00:00.000Z', content: entered, replacesVersion: null };
      expect(await h.store.enqueueMutation('paperRecordEntered', 1, STAFF, args, { people: { providerNumber: OFFICE_A, records: [entered] } })).toBe(1);
      expect((await h.store.readPeople(OFFICE_A)).items).toEqual([entered]);
      expect((await h.store.readOutbox(10)).items[0]?.args).toMatchObject({ replacesVersion: null, content: { insuredNumber: jiro.insuredNumber } });
      // A correction of a person another office lists too replaces the record and keeps both lists.
      const corrected = paper({ ...taro, identity: { ...taro.identity, name: '見本 太朗' } }, 2);
      await h.store.enqueueMutation('paperRecordEntered', 1, STAFF, { ...args, content: corrected, replacesVersion: 1 }, { people: { providerNumber: OFFICE_A, records: [corrected] } });
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['仮名 次郎', '見本 太朗']);
      expect((await h.store.readPeople(OFFICE_B)).items).toEqual([corrected]);
      expect(await h.store.outboxCount()).toBe(2);
      await h.close();
    });

    it('undoes a refused new paper entry only while its record is the one it wrote', async () => {
      const h = await makeHarness();
      const enteredAt = '2025-09-01T00:00:00.000Z';
      const entered: InsuredRecord = { ...jiro, source: { kind: 'paper', enteredBy: '試験 ケアマネ', enteredAt }, version: 1 };
      const args = { entryId: '00000000-0000-4000-8000-000000000009', enteredAt, content: entered, replacesVersion: null };
      await h.store.enqueueMutation('paperRecordEntered', 1, STAFF, args, { people: { providerNumber: OFFICE_A, records: [entered] } });
      // A correction's refusal, or another entry's time, leaves the record.
      expect(await h.store.dropRefusedPaperRecord({ ...args, replacesVersion: 1 })).toBe(false);
      expect(await h.store.dropRefusedPaperRecord({ ...args, enteredAt: '2025-09-02T00:00:00.000Z' })).toBe(false);
      expect((await h.store.readPeople(OFFICE_A)).items).toEqual([entered]);
      expect(await h.store.dropRefusedPaperRecord(args)).toBe(true);
      expect((await h.store.readPeople(OFFICE_A)).items).toEqual([]);
      expect(await h.store.dropRefusedPaperRecord(args)).toBe(false);
      // The server's record of the same person (a pull replaced the paper one) is never dropped.
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_A, [jiro]), RECEIVED);
      expect(await h.store.dropRefusedPaperRecord(args)).toBe(false);
      expect((await h.store.readPeople(OFFICE_A)).items).toEqual([jiro]);
      expect(await h.store.settleSealedRefusals()).toEqual([]);
      await h.close();
    });

    it('leaves the person unwritten when the paper entry cannot be queued', async () => {
      const h = await makeHarness();
      h.failNextWriteWithQuota();
      const entered: InsuredRecord = { ...jiro, source: { kind: 'paper', enteredBy: '試験 ケアマネ', enteredAt: '2025-09-01T00:00:00.000Z' } };
      const args = { entryId: '00000000-0000-4000-8000-000000000009', enteredAt: '2025-09-01T00:00:00.000Z', content: entered, replacesVersion: null };
      const failure = await h.store.enqueueMutation('paperRecordEntered', 1, STAFF, args, { people: { providerNumber: OFFICE_A, records: [entered] } }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'quota' });
      expect((await h.store.readPeople(OFFICE_A)).items).toEqual([]);
      expect(await h.store.outboxCount()).toBe(0);
      await h.close();
    });

    it('refuses a mutation whose args do not fit its version, and queues nothing', async () => {
      const h = await makeHarness();
      const failure = await h.store.enqueueMutation('personViewed', 1, STAFF, { ...viewedArgs(1), insuredNumber: '12' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DataError);
      const unknownVersion = await h.store.enqueueMutation('personViewed', 9, STAFF, viewedArgs(1)).catch((e: unknown) => e);
      expect(unknownVersion).toBeInstanceOf(DataError);
      expect(await h.store.outboxCount()).toBe(0);
      expect(await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(1))).toBe(1);
      await h.close();
    });

    it('reports a full disk while queueing as quota, with the outbox and its effect untouched', async () => {
      const h = await makeHarness();
      await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(1));
      h.failNextWriteWithQuota();
      const entry = audit(2, '2025-09-01T00:00:00.000Z');
      const failure = await h.store
        .enqueueMutation('personViewed', 1, STAFF, viewedArgs(2), { puts: [{ kind: 'auditEntry', naturalKey: entry.entryId, value: entry }] })
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'quota' });
      expect((await h.store.readOutbox(10)).items.map((m) => m.seq)).toEqual([1]);
      expect((await h.store.readPendingAudit(10)).items).toEqual([]);
      expect(await h.store.enqueueMutation('personViewed', 1, STAFF, viewedArgs(3))).toBe(2);
      await h.close();
    });

    it('keeps the sync bookkeeping: initial values, then what was written', async () => {
      const h = await makeHarness();
      expect(await h.store.readSyncState()).toEqual({ nextSeq: 1, lastAppliedSeq: 0, pullCursor: null, noticeCursor: null, lastSyncAt: null, lastError: null, rejected: [] });
      const rejected = [{ seq: 4, name: 'personViewed', code: 'personUnknown', message: '利用者が見つかりません' }];
      await h.store.writeSyncState({ lastSyncAt: '2025-09-01T00:00:00.000Z', rejected });
      expect(await h.store.readSyncState()).toMatchObject({ lastSyncAt: '2025-09-01T00:00:00.000Z', rejected, lastError: null });
      await h.close();
    });

    it('applies pull pages: upserts, tombstones, insurers, the office and the cursor', async () => {
      const h = await makeHarness();
      await h.store.applyPull(makePullPage(OFFICE_A, [upsert(hanako), upsert(taro)], 'c1', { hasMore: true, snapshotTotal: 3 }));
      expect((await h.store.readSyncState()).pullCursor).toBe('c1');
      const taroCare1 = makeInsuredRecord({ insuredNumber: '0000000002', name: '見本 太郎', nameKana: 'ミホン タロウ', careLevel: 'care1' });
      await h.store.applyPull(makePullPage(OFFICE_A, [upsert(jiro), upsert(taroCare1), tombstone(hanako)], 'c2'));
      const people = await h.store.readPeople(OFFICE_A);
      expect(names(people.items)).toEqual(['仮名 次郎', '見本 太郎']);
      expect(people.items.find((p) => p.insuredNumber === '0000000002')?.eligibility.careLevel).toBe('care1');
      expect((await h.store.readSyncState()).pullCursor).toBe('c2');
      expect((await h.store.readProviders()).items.map((p) => p.providerNumber)).toEqual([OFFICE_A]);
      expect((await h.store.readInsurers()).items.map((i) => i.insurerNumber)).toEqual(['131016']);
      await h.close();
    });

    it('keeps a person another office lists when a pull removes them from this office', async () => {
      const h = await makeHarness();
      await h.store.saveOfficeSnapshot(makeSnapshot(OFFICE_B, [taro]), RECEIVED);
      await h.store.applyPull(makePullPage(OFFICE_A, [upsert(taro), upsert(hanako)], 'c1'));
      expect(names((await h.store.readPeople(OFFICE_B)).items)).toEqual(['見本 太郎']);
      await h.store.applyPull(makePullPage(OFFICE_A, [tombstone(taro), tombstone(jiro)], 'c2'));
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['試験 花子']);
      expect(names((await h.store.readPeople(OFFICE_B)).items)).toEqual(['見本 太郎']);
      await h.close();
    });

    it('leaves people and cursor as they were when a pull page cannot be stored', async () => {
      const h = await makeHarness();
      await h.store.applyPull(makePullPage(OFFICE_A, [upsert(hanako)], 'c1'));
      h.failNextWriteWithQuota();
      const failure = await h.store.applyPull(makePullPage(OFFICE_A, [upsert(taro), tombstone(hanako)], 'c2')).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'quota' });
      expect(names((await h.store.readPeople(OFFICE_A)).items)).toEqual(['試験 花子']);
      expect((await h.store.readSyncState()).pullCursor).toBe('c1');
      await h.close();
    });

    it('stores notices pages with their cursor; a later page replaces a notice or acknowledgement of the same key', async () => {
      const h = await makeHarness();
      const empty = await h.store.readNotices();
      expect(empty).toEqual({ notices: [], acknowledgements: [], skipped: 0, problems: [] });
      await h.store.applyNoticesPull(makeNoticesPage([makeNotice(1), makeNotice(2, '0000000002')], [makeAcknowledgement(1, 1)], { eventId: 2, ackSeq: 1 }, true));
      expect((await h.store.readSyncState()).noticeCursor).toEqual({ eventId: 2, ackSeq: 1 });
      const later = makeAcknowledgement(2, 1, STAFF_NOTICE, '2026-07-11T00:00:00.000Z');
      await h.store.applyNoticesPull(makeNoticesPage([makeNotice(3)], [later, makeAcknowledgement(3, 2, 'staff-0002')], { eventId: 3, ackSeq: 3 }));
      const read = await h.store.readNotices();
      expect(read.notices.map((n) => n.eventId).sort()).toEqual([1, 2, 3]);
      expect(read.notices.find((n) => n.eventId === 2)).toEqual(makeNotice(2, '0000000002'));
      // Event 1 by staff-0001 is one row: the later page's.
      expect(read.acknowledgements.map((a) => [a.eventId, a.staffId, a.ackSeq]).sort()).toEqual([[1, STAFF_NOTICE, 2], [2, 'staff-0002', 3]]);
      expect((await h.store.readSyncState()).noticeCursor).toEqual({ eventId: 3, ackSeq: 3 });
      await h.close();
    });

    it('acknowledges a notice offline with its mutation, and the pulled acknowledgement replaces the local one', async () => {
      const h = await makeHarness();
      await h.store.applyNoticesPull(makeNoticesPage([makeNotice(5)], [], { eventId: 5, ackSeq: 0 }));
      const local: StoredNoticeAcknowledgement = { ...makeAcknowledgement(1, 5, STAFF_NOTICE, '2026-07-12T00:00:00.000Z'), ackSeq: null };
      const seq = await h.store.enqueueMutation('noticeAcknowledged', 1, STAFF_NOTICE, { eventId: 5, acknowledgedAt: local.acknowledgedAt }, {
        puts: [{ kind: 'noticeAcknowledgement', naturalKey: `5/${STAFF_NOTICE}`, value: local }],
      });
      expect(seq).toBe(1);
      expect((await h.store.readOutbox(10)).items).toEqual([{ seq: 1, name: 'noticeAcknowledged', version: 1, staffId: STAFF_NOTICE, args: { eventId: 5, acknowledgedAt: '2026-07-12T00:00:00.000Z' } }]);
      expect((await h.store.readNotices()).acknowledgements).toEqual([local]);
      const pulled = makeAcknowledgement(9, 5, STAFF_NOTICE, '2026-07-12T00:00:00.000Z');
      await h.store.applyNoticesPull(makeNoticesPage([], [pulled], { eventId: 5, ackSeq: 9 }));
      expect((await h.store.readNotices()).acknowledgements).toEqual([pulled]);
      await h.close();
    });

    it('skips and counts damaged notice and acknowledgement rows', async () => {
      const h = await makeHarness();
      await h.store.applyNoticesPull(makeNoticesPage([makeNotice(1)], [makeAcknowledgement(1, 1)], { eventId: 1, ackSeq: 1 }));
      await h.plantRawNoticeRow('notice', '2', { ...makeNotice(2), detail: { kind: 'burdenRatioChanged', from: 2, to: 4, effectiveOn: '2026-08-01' } });
      await h.plantRawNoticeRow('noticeAcknowledgement', '1/staff-0003', { ...makeAcknowledgement(2, 1, 'staff-0003'), acknowledgedAt: 'yesterday' });
      const read = await h.store.readNotices();
      expect(read.notices.map((n) => n.eventId)).toEqual([1]);
      expect(read.acknowledgements.map((a) => a.staffId)).toEqual([STAFF_NOTICE]);
      expect(read.skipped).toBe(2);
      expect(read.problems).toEqual(['detail.to', 'acknowledgedAt']);
      await h.close();
    });

    it('leaves notices and the notice cursor as they were when a notices page cannot be stored', async () => {
      const h = await makeHarness();
      await h.store.applyNoticesPull(makeNoticesPage([makeNotice(1)], [], { eventId: 1, ackSeq: 0 }));
      h.failNextWriteWithQuota();
      const failure = await h.store.applyNoticesPull(makeNoticesPage([makeNotice(2)], [makeAcknowledgement(1, 1)], { eventId: 2, ackSeq: 1 })).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'quota' });
      const read = await h.store.readNotices();
      expect(read.notices.map((n) => n.eventId)).toEqual([1]);
      expect(read.acknowledgements).toEqual([]);
      expect((await h.store.readSyncState()).noticeCursor).toEqual({ eventId: 1, ackSeq: 0 });
      await h.close();
    });

    it('reads a damaged notice cursor as none (the next pull starts over)', async () => {
      const h = await makeHarness();
      await h.store.applyNoticesPull(makeNoticesPage([], [], { eventId: 4, ackSeq: 2 }));
      await h.store.writeSyncState({ noticeCursor: { eventId: -1 } } as never);
      expect((await h.store.readSyncState()).noticeCursor).toBeNull();
      await h.close();
    });
  });
}
