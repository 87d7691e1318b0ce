import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import { burdenRatioOnDay, comparePersonRows, toPersonRow } from './person-row.ts';

const insurers = new Map([['131016', '千代田区']]);
// The fixture's certificate: 1割 2024-08-01..2025-07-31, 2割 2025-08-01..2026-07-31.
const record = makeInsuredRecord({ name: '試験 花子', nameKana: 'シケン ハナコ', careLevel: 'care2' });

describe('burdenRatioOnDay', () => {
  it('picks the period containing the day, both ends inclusive', () => {
    expect(burdenRatioOnDay(record.burdenRatio, '2025-07-31')).toBe(1);
    expect(burdenRatioOnDay(record.burdenRatio, '2025-08-01')).toBe(2);
    expect(burdenRatioOnDay(record.burdenRatio, '2026-07-31')).toBe(2);
  });
  it('is null outside every period', () => {
    expect(burdenRatioOnDay(record.burdenRatio, '2024-07-31')).toBeNull();
    expect(burdenRatioOnDay(record.burdenRatio, '2026-08-01')).toBeNull();
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
      certificationState: 'valid',
    });
  });
  it('flags a certification ending within 60 days, and one that has ended', () => {
    // 2026-01-30 → 2026-03-31 is 60 days.
    expect(toPersonRow(record, insurers, '2026-01-30').certificationState).toBe('endingSoon');
    expect(toPersonRow(record, insurers, '2026-01-29').certificationState).toBe('valid');
    expect(toPersonRow(record, insurers, '2026-04-01').certificationState).toBe('ended');
  });
  it('says none without a certification period, and falls back to the insurer number', () => {
    const row = toPersonRow(makeInsuredRecord({ certificationPeriod: null, insurerNumber: '999999' }), insurers, '2025-09-01');
    expect(row.certificationState).toBe('none');
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
