import { describe, expect, it } from 'vitest';
import { BENEFIT_LIMIT_TABLE, benefitLimitUnitsFor } from './benefit-limit.ts';
import type { RuleTable } from './rule-table.ts';

describe('benefitLimitUnitsFor (区分支給限度基準額)', () => {
  it('gives the figures in force since 2019-10-01', () => {
    const on = '2026-08-01';
    expect(benefitLimitUnitsFor('support1', on)).toBe(5032);
    expect(benefitLimitUnitsFor('support2', on)).toBe(10531);
    expect(benefitLimitUnitsFor('care1', on)).toBe(16765);
    expect(benefitLimitUnitsFor('care2', on)).toBe(19705);
    expect(benefitLimitUnitsFor('care3', on)).toBe(27048);
    expect(benefitLimitUnitsFor('care4', on)).toBe(30938);
    expect(benefitLimitUnitsFor('care5', on)).toBe(36217);
  });

  it('gives 事業対象者 the 要支援1 limit and 非該当 none', () => {
    expect(benefitLimitUnitsFor('programTarget', '2026-08-01')).toBe(5032);
    expect(benefitLimitUnitsFor('notApplicable', '2026-08-01')).toBe(0);
  });

  it('uses the 2014-04 figures up to 2019-09-30 (要介護2: 19,616 → 19,705)', () => {
    expect(benefitLimitUnitsFor('care2', '2019-09-30')).toBe(19616);
    expect(benefitLimitUnitsFor('care2', '2019-10-01')).toBe(19705);
    expect(benefitLimitUnitsFor('care5', '2019-09-30')).toBe(36065);
  });

  it('throws noRuleInForce before the first version', () => {
    expect(() => benefitLimitUnitsFor('care1', '2014-03-31')).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
  });

  it('rises with the care level in every version', () => {
    for (const version of BENEFIT_LIMIT_TABLE.versions) {
      const v = version.value;
      const ascending = [v.notApplicable, v.support1, v.support2, v.care1, v.care2, v.care3, v.care4, v.care5];
      expect([...ascending].sort((a, b) => a - b)).toEqual(ascending);
      expect(new Set(ascending).size).toBe(ascending.length);
    }
  });

  it('reads a table passed in (an insurer or a future reform)', () => {
    const reform: RuleTable<typeof BENEFIT_LIMIT_TABLE.versions[number]['value']> = {
      ...BENEFIT_LIMIT_TABLE,
      versions: [...BENEFIT_LIMIT_TABLE.versions, { effectiveFrom: '2030-04-01', source: 'test', value: { ...BENEFIT_LIMIT_TABLE.versions[1]!.value, care2: 20000 } }],
    };
    expect(benefitLimitUnitsFor('care2', '2030-03-31', reform)).toBe(19705);
    expect(benefitLimitUnitsFor('care2', '2030-04-01', reform)).toBe(20000);
  });
});
