import { describe, expect, it } from 'vitest';
import type { Notice } from '../../protocol/notices.ts';
import type { StoredNoticeAcknowledgement } from '../../data/stored-rows.ts';
import { buildNoticeItems, describeChange, instantLabel, providerStatuses, splitByRead, totalUnacknowledged, unacknowledgedCounts } from './notice-view.ts';

const HELPER_OFFICE = '1310100002';
const CM_OFFICE = '1310100001';

const notice = (eventId: number, insuredNumber: string, recordedAt: string, detail: Notice['detail'] = { kind: 'costLimitChanged' }): Notice => ({
  eventId,
  insurerNumber: '131016',
  insuredNumber,
  detail,
  recordedAt,
  servingProviders: [
    { providerNumber: CM_OFFICE, name: 'つなぎ居宅介護支援' },
    { providerNumber: HELPER_OFFICE, name: 'つなぎ訪問介護' },
  ],
});

const ack = (eventId: number, staffId: string, providerNumber: string, acknowledgedAt: string, ackSeq: number | null = 1): StoredNoticeAcknowledgement => ({
  ackSeq,
  eventId,
  providerNumber,
  staffId,
  staffName: staffId === 'helper-1' ? '試験 ヘルパー' : staffId === 'helper-2' ? '見本 ヘルパー' : '試験 ケアマネ',
  acknowledgedAt,
});

describe('describeChange', () => {
  it('writes a burden-ratio change with its first day in 和暦', () => {
    expect(describeChange({ kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' })).toEqual({
      ja: '負担割合が 2割 → 3割 に変わります（令和8年8月1日から）',
      en: 'Burden ratio changes from 20 % to 30 % (from 2026-08-01)',
    });
    expect(describeChange({ kind: 'burdenRatioChanged', from: null, to: 1, effectiveOn: '2019-05-01' }).ja).toBe('負担割合が 1割 になります（令和元年5月1日から）');
  });

  it('writes renewals, care levels, progress and received documents', () => {
    expect(describeChange({ kind: 'certificationRenewed', previousPeriod: null, period: { from: '2026-09-01', to: '2027-08-31' } }).ja).toBe(
      '認定が更新されました（有効期間 令和8年9月1日〜令和9年8月31日）',
    );
    expect(describeChange({ kind: 'careLevelChanged', from: 'care1', to: 'care2' })).toEqual({ ja: '要介護度 要介護1 → 要介護2', en: 'Care level Care 1 → Care 2' });
    expect(describeChange({ kind: 'careLevelChanged', from: 'support2', to: 'care1' }).ja).toBe('要介護度 要支援2 → 要介護1');
    expect(describeChange({ kind: 'certificationProgress', from: 'applied', to: 'surveyed' }).ja).toBe('認定の進み具合: 申請中 → 調査済み');
    expect(describeChange({ kind: 'doctorOpinionReceived', documentId: 'd-1', receivedOn: '2026-07-01' }).ja).toBe('主治医意見書が届きました（令和8年7月1日受領）');
    expect(describeChange({ kind: 'assessmentSurveyReceived', documentId: 's-1', surveyedOn: '2026-06-20' }).ja).toBe('認定調査票が届きました（令和8年6月20日調査）');
    expect(describeChange({ kind: 'disqualified', disqualifiedOn: '2026-09-30' }).ja).toBe('資格を喪失しました（令和8年9月30日）');
  });
});

describe('instantLabel', () => {
  it('shows the Japan date in 和暦 and the Japan clock time', () => {
    // 15:30 UTC on 9 July is 00:30 on 10 July in Japan.
    expect(instantLabel('2026-07-09T15:30:00.000Z')).toBe('令和8年7月10日 00:30');
    expect(instantLabel('2026-07-10T10:05:00+09:00')).toBe('令和8年7月10日 10:05');
  });
});

describe('notices for the screens', () => {
  const notices = [
    notice(1, '0000000001', '2026-07-01T00:00:00.000Z'),
    notice(2, '0000000002', '2026-07-03T00:00:00.000Z'),
    notice(3, '0000000001', '2026-07-03T00:00:00.000Z'),
    notice(4, '0000000001', '2026-07-02T00:00:00.000Z'),
  ];
  const acks = [
    ack(1, 'helper-1', HELPER_OFFICE, '2026-07-01T02:00:00.000Z'),
    ack(1, 'helper-2', HELPER_OFFICE, '2026-07-01T01:00:00.000Z'),
    ack(3, 'helper-2', HELPER_OFFICE, '2026-07-04T00:00:00.000Z'),
    ack(4, 'helper-1', HELPER_OFFICE, '2026-07-05T00:00:00.000Z', null),
  ];

  it('counts per person what this staff member has not acknowledged (a colleague does not clear it)', () => {
    const counts = unacknowledgedCounts(notices, acks, 'helper-1');
    // helper-1 acknowledged 1 and 4 (4 only on this device so far); 3 was helper-2's.
    expect([...counts].sort()).toEqual([
      ['131016-0000000001', 1],
      ['131016-0000000002', 1],
    ]);
    expect(totalUnacknowledged(counts)).toBe(2);
    expect(totalUnacknowledged(unacknowledgedCounts(notices, acks, 'helper-2'))).toBe(2);
    expect(totalUnacknowledged(unacknowledgedCounts(notices, [], 'cm-1'))).toBe(4);
  });

  it('lists newest first with names, splits unread from read, and marks an acknowledgement not yet sent', () => {
    const items = buildNoticeItems(notices, acks, 'helper-1', { names: new Map([['131016-0000000001', '試験 花子']]) });
    // 2 and 3 share a time: the higher event id first.
    expect(items.map((i) => i.eventId)).toEqual([3, 2, 4, 1]);
    expect(items.map((i) => i.personName)).toEqual(['試験 花子', null, '試験 花子', '試験 花子']);
    const { unread, read } = splitByRead(items);
    expect(unread.map((i) => i.eventId)).toEqual([3, 2]);
    expect(read.map((i) => [i.eventId, i.mine?.pending])).toEqual([
      [4, true],
      [1, false],
    ]);
    expect(items[0]?.recordedAtLabel).toBe('令和8年7月3日 09:00');
  });

  it('puts, within one recording, the burden ratio and care level before the documents', () => {
    const at = '2026-07-03T00:00:00.000Z';
    const batch = [
      notice(10, '0000000001', at, { kind: 'doctorOpinionReceived', documentId: 'd-1', receivedOn: '2026-07-01' }),
      notice(11, '0000000001', at, { kind: 'certificationRenewed', previousPeriod: null, period: { from: '2026-09-01', to: '2027-08-31' } }),
      notice(12, '0000000001', at, { kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' }),
      notice(13, '0000000001', at, { kind: 'careLevelChanged', from: 'care1', to: 'care2' }),
      notice(9, '0000000001', '2026-07-04T00:00:00.000Z', { kind: 'doctorOpinionReceived', documentId: 'd-0', receivedOn: '2026-07-02' }),
    ];
    const items = buildNoticeItems(batch, [], 'cm-1', { names: new Map() });
    expect(items.map((i) => i.eventId)).toEqual([9, 12, 13, 11, 10]);
  });

  it('gives each serving provider its acknowledgements oldest first, or none (未確認)', () => {
    const statuses = providerStatuses(notices[0]!, acks.filter((a) => a.eventId === 1));
    expect(statuses.map((s) => [s.name, s.acknowledgements.map((a) => `${a.staffName} ${a.acknowledgedAtLabel}`)])).toEqual([
      ['つなぎ居宅介護支援', []],
      ['つなぎ訪問介護', ['見本 ヘルパー 令和8年7月1日 10:00', '試験 ヘルパー 令和8年7月1日 11:00']],
    ]);
  });

  it('keeps an acknowledgement from an office no longer serving the person, under its number', () => {
    const statuses = providerStatuses({ servingProviders: [] }, [ack(1, 'helper-1', '1310100009', '2026-07-01T02:00:00.000Z')]);
    expect(statuses.map((s) => [s.providerNumber, s.name, s.acknowledgements.length])).toEqual([['1310100009', '1310100009', 1]]);
  });
});
