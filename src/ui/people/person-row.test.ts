import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import { comparePersonRows, toPersonRow } from './person-row.ts';

const insurers = new Map([['131016', '千代田区']]);
// The fixture's certificate: 1割 2024-08-01..2025-07-31, 2割 2025-08-01..2026-07-31.
const record = makeInsuredRecord({ name: '試験 花子', nameKana: 'シケン ハナコ', careLevel: 'care2' });

describe('burden ratio of the day', () => {
  it('takes the period containing the day, both ends inclusive', () => {
    expect(toPersonRow(record, insurers, '2025-07-31').burdenRatio).toBe(1);
    expect(toPersonRow(record, insurers, '2025-08-01').burdenRatio).toBe(2);
    expect(toPersonRow(record, insurers, '2026-07-31').burdenRatio).toBe(2);
  });
  it('is null outside every period', () => {
    expect(toPersonRow(record, insurers, '2024-07-31').burdenRatio).toBeNull();
    expect(toPersonRow(record, insurers, '2026-08-01').burdenRatio).toBeNull();
  });
});

describe('toPersonRow', () => {
  it('shows the record for 2025-09-01: 要介護2, 2割, certification to 2026-03-31', () => {
    expect(toPersonRow(record, insurers, '2025-09-01')).toEqual({
      key: '131016-0000000001',
      name: '試験 花子',
      nameKana: 'シケン ハナコ',
      insurerNumber: '131016',
      insuredNumber: '0000000001',
      insurerName: '千代田区',
      careLevel: 'care2',
      careLevelJa: '要介護2',
      careLevelEn: 'Care 2',
      burdenRatio: 2,
      certificationEnd: '2026-03-31',
      certificationEndJa: '令和8年3月31日',
      certificationState: 'ok',
      certificationDaysLeft: 211,
      fromPaper: false,
      burdenRatioChangesOn: null,
    });
  });
  it('names the day the burden ratio changes while the next period is still ahead', () => {
    expect(toPersonRow(record, insurers, '2025-07-15').burdenRatioChangesOn).toBe('2025-08-01');
    expect(toPersonRow(record, insurers, '2025-08-01').burdenRatioChangesOn).toBeNull();
  });
  it('marks a record copied from a paper card', () => {
    const paper = { ...record, source: { kind: 'paper' as const, enteredBy: '試験 ケアマネ', enteredAt: '2025-08-01T00:00:00.000Z' } };
    expect(toPersonRow(paper, insurers, '2025-09-01').fromPaper).toBe(true);
  });
  it('grades the certification end: under 60 days a warning, under 30 an alert, then expired', () => {
    // 2026-01-31 → 2026-03-31 is 59 days; 2026-01-30 is 60.
    expect(toPersonRow(record, insurers, '2026-01-30')).toMatchObject({ certificationState: 'ok', certificationDaysLeft: 60 });
    expect(toPersonRow(record, insurers, '2026-01-31')).toMatchObject({ certificationState: 'warning', certificationDaysLeft: 59 });
    expect(toPersonRow(record, insurers, '2026-03-02')).toMatchObject({ certificationState: 'alert', certificationDaysLeft: 29 });
    expect(toPersonRow(record, insurers, '2026-03-31')).toMatchObject({ certificationState: 'alert', certificationDaysLeft: 0 });
    expect(toPersonRow(record, insurers, '2026-04-01')).toMatchObject({ certificationState: 'expired', certificationDaysLeft: -1 });
  });
  it('says none without a certification period, and falls back to the insurer number', () => {
    const row = toPersonRow(makeInsuredRecord({ certificationPeriod: null, insurerNumber: '999999' }), insurers, '2025-09-01');
    expect(row.certificationState).toBe('none');
    expect(row.certificationDaysLeft).toBeNull();
    expect(row.certificationEnd).toBeNull();
    expect(row.certificationEndJa).toBeNull();
    expect(row.insurerName).toBe('999999');
  });
});

describe('certificationEndJa', () => {
  it('names the first year of an era 元年', () => {
    const row = toPersonRow(makeInsuredRecord({ certificationPeriod: { from: '2018-05-01', to: '2019-05-31' } }), insurers, '2019-05-01');
    expect(row.certificationEndJa).toBe('令和元年5月31日');
  });
});

describe('comparePersonRows', () => {
  it('sorts by kana in gojūon order, then by insured number', () => {
    const rows = [
      toPersonRow(makeInsuredRecord({ nameKana: 'ワタナベ ケン', insuredNumber: '0000000001' }), insurers, '2025-09-01'),
      toPersonRow(makeInsuredRecord({ nameKana: 'アベ ユイ', insuredNumber: '0000000003' }), insurers, '2025-09-01'),
      toPersonRow(makeInsuredRecord({ nameKana: 'カトウ リク', insuredNumber: '0000000002' }), insurers, '2025-09-01'),
      toPersonRow(makeInsuredRecord({ nameKana: 'アベ ユイ', insuredNumber: '0000000002' }), insurers, '2025-09-01'),
    ];
    expect(rows.sort(comparePersonRows).map((r) => `${r.nameKana}/${r.insuredNumber}`)).toEqual([
      'アベ ユイ/0000000002',
      'アベ ユイ/0000000003',
      'カトウ リク/0000000002',
      'ワタナベ ケン/0000000001',
    ]);
  });
});
