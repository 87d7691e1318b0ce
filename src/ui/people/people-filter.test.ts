import { describe, expect, it } from 'vitest';
import type { PersonRow } from './person-row.ts';
import { careGroupOf, filterPeople, isFiltered, sortPeople } from './people-filter.ts';

function row(id: string, patch: Partial<PersonRow>): PersonRow {
  return {
    key: id,
    name: id,
    nameKana: id,
    insurerNumber: '229013',
    insuredNumber: id.padStart(10, '0'),
    insurerName: '桜丘市',
    careLevel: 'care1',
    careLevelJa: '要介護1',
    careLevelEn: 'Care level 1',
    burdenRatio: 1,
    certificationEnd: '2027-03-31',
    certificationEndJa: '令和9年3月31日',
    certificationState: 'ok',
    certificationDaysLeft: 126,
    fromPaper: false,
    burdenRatioChangesOn: null,
    ...patch,
  };
}

const people = [
  row('1', { nameKana: 'アキヤマ　アイコ', burdenRatio: 3, certificationEnd: '2026-11-30', certificationDaysLeft: 5 }),
  row('2', { nameKana: 'イノウエ　ケン', careLevel: 'support2', insurerNumber: '229021', certificationEnd: '2027-01-10', certificationDaysLeft: 46, burdenRatioChangesOn: '2027-08-01' }),
  row('3', { nameKana: 'ウエダ　ハナ', burdenRatio: 2, certificationEnd: '2026-11-20', certificationDaysLeft: -5 }),
  row('4', { nameKana: 'エノモト　ジロウ', careLevel: 'notApplicable', certificationEnd: null, certificationDaysLeft: null, fromPaper: true }),
];

describe('people filter', () => {
  it('narrows by insurer, care group, burden ratio and certification end', () => {
    const keys = (filter: Parameters<typeof filterPeople>[1]) => filterPeople(people, filter).map((r) => r.key);
    expect(keys({})).toEqual(['1', '2', '3', '4']);
    expect(keys({ insurerNumber: '229021' })).toEqual(['2']);
    expect(keys({ careGroup: 'support' })).toEqual(['2']);
    expect(keys({ careGroup: 'other' })).toEqual(['4']);
    expect(keys({ burdenRatio: 3 })).toEqual(['1']);
    expect(keys({ certification: 'expired' })).toEqual(['3']);
    expect(keys({ certification: 'within30' })).toEqual(['1']);
    expect(keys({ certification: 'within60' })).toEqual(['1', '2']);
    expect(keys({ careGroup: 'care', burdenRatio: 2 })).toEqual(['3']);
    expect(careGroupOf({ careLevel: 'care5' })).toBe('care');
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ burdenRatio: 1 })).toBe(true);
  });

  it('keeps only people with unacknowledged notices when asked, with or without other filters', () => {
    const counts = new Map([
      ['1', 2],
      ['3', 1],
      ['4', 0],
    ]);
    const keys = (filter: Parameters<typeof filterPeople>[1]) => filterPeople(people, filter, counts).map((r) => r.key);
    expect(keys({})).toEqual(['1', '2', '3', '4']);
    expect(keys({ unacknowledgedNotices: true })).toEqual(['1', '3']);
    expect(keys({ unacknowledgedNotices: true, burdenRatio: 2 })).toEqual(['3']);
    expect(filterPeople(people, { unacknowledgedNotices: true }).map((r) => r.key)).toEqual([]);
    expect(isFiltered({ unacknowledgedNotices: true })).toBe(true);
  });

  it('keeps people whose burden ratio is about to change, or those copied from paper', () => {
    const keys = (filter: Parameters<typeof filterPeople>[1]) => filterPeople(people, filter).map((r) => r.key);
    expect(keys({ status: 'burdenRatioChange' })).toEqual(['2']);
    expect(keys({ status: 'paper' })).toEqual(['4']);
    expect(keys({ status: 'paper', careGroup: 'care' })).toEqual([]);
    expect(isFiltered({ status: 'paper' })).toBe(true);
  });

  it('orders by kana, by the certification end (none last) or by insured number', () => {
    const reversed = [...people].reverse();
    expect(sortPeople(reversed, 'kana').map((r) => r.key)).toEqual(['1', '2', '3', '4']);
    expect(sortPeople(reversed, 'certificationEnd').map((r) => r.key)).toEqual(['3', '1', '2', '4']);
    expect(sortPeople(reversed, 'insuredNumber').map((r) => r.key)).toEqual(['1', '3', '4', '2']);
  });
});
