import { describe, expect, it } from 'vitest';
import { BURDEN_RATIO_THRESHOLD_TABLE, BurdenRatioInput, type BurdenRatioThresholds, determineBurdenRatio } from './burden-ratio.ts';
import type { RuleTable } from './rule-table.ts';

/** A synthetic single 第1号被保険者, taxed, with the given income. */
function person(totalIncomeYen: number, pensionAndOtherIncomeYen: number, primaryInsuredInHousehold = 1): BurdenRatioInput {
  return { insuredCategory: 'primary', publicAssistance: false, municipalTaxExempt: false, totalIncomeYen, pensionAndOtherIncomeYen, primaryInsuredInHousehold };
}

const on = '2026-08-01';

describe('determineBurdenRatio', () => {
  it('gives 1割 to 第2号被保険者, 生活保護 and 住民税非課税 whatever the income', () => {
    expect(determineBurdenRatio({ ...person(9_000_000, 9_000_000), insuredCategory: 'secondary' }, on)).toEqual({ ratio: 1, reason: 'secondaryInsured' });
    expect(determineBurdenRatio({ ...person(9_000_000, 9_000_000), publicAssistance: true }, on)).toEqual({ ratio: 1, reason: 'publicAssistance' });
    expect(determineBurdenRatio({ ...person(9_000_000, 9_000_000), municipalTaxExempt: true }, on)).toEqual({ ratio: 1, reason: 'municipalTaxExempt' });
  });

  it('gives 1割 below ¥1.6M 合計所得, and 2割 from exactly ¥1.6M with ≥ ¥2.8M pension-and-other (single)', () => {
    expect(determineBurdenRatio(person(1_599_999, 3_000_000), on)).toEqual({ ratio: 1, reason: 'belowTwoTenthsBand' });
    expect(determineBurdenRatio(person(1_600_000, 2_800_000), on)).toEqual({ ratio: 2, reason: 'twoTenthsBand' });
    expect(determineBurdenRatio(person(1_800_000, 2_799_999), on)).toEqual({ ratio: 1, reason: 'belowTwoTenthsBand' });
  });

  it('uses the ¥3.46M household line when two 第1号被保険者 live together', () => {
    // ¥3.0M summed over the couple is under 3.46M → 1割, though it would be 2割 for a single person.
    expect(determineBurdenRatio(person(1_800_000, 3_000_000, 2), on).ratio).toBe(1);
    expect(determineBurdenRatio(person(1_800_000, 3_000_000, 1), on).ratio).toBe(2);
    expect(determineBurdenRatio(person(1_800_000, 3_460_000, 2), on).ratio).toBe(2);
  });

  it('gives 3割 from ¥2.2M with ≥ ¥3.4M (single) / ¥4.63M (two or more)', () => {
    expect(determineBurdenRatio(person(2_200_000, 3_400_000), on)).toEqual({ ratio: 3, reason: 'threeTenthsBand' });
    expect(determineBurdenRatio(person(3_000_000, 4_630_000, 2), on).ratio).toBe(3);
    expect(determineBurdenRatio(person(3_000_000, 4_629_999, 2), on).ratio).toBe(2);
  });

  it('falls from the 3割 income line to 2割 or even 1割 when pension-and-other income is short', () => {
    // 合計所得 ¥2.5M is over the 3割 line, but ¥3.2M < 3.4M; ¥3.2M ≥ 2.8M → 2割.
    expect(determineBurdenRatio(person(2_500_000, 3_200_000), on).ratio).toBe(2);
    // ¥2.7M < 2.8M as well → 1割.
    expect(determineBurdenRatio(person(2_500_000, 2_700_000), on)).toEqual({ ratio: 1, reason: 'belowTwoTenthsBand' });
  });

  it('has no 3割 before 2018-08-01', () => {
    expect(determineBurdenRatio(person(3_000_000, 5_000_000), '2018-07-31').ratio).toBe(2);
    expect(determineBurdenRatio(person(3_000_000, 5_000_000), '2018-08-01').ratio).toBe(3);
    expect(() => determineBurdenRatio(person(3_000_000, 5_000_000), '2015-07-31')).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
  });

  it('follows a new threshold version when one is added (a hypothetical wider 2割 band)', () => {
    const current = BURDEN_RATIO_THRESHOLD_TABLE.versions.at(-1)!.value;
    const wider: RuleTable<BurdenRatioThresholds> = {
      ...BURDEN_RATIO_THRESHOLD_TABLE,
      versions: [
        ...BURDEN_RATIO_THRESHOLD_TABLE.versions,
        { effectiveFrom: '2027-08-01', source: 'test', value: { ...current, twoTenths: { totalIncomeYen: 1_600_000, pensionAndOtherIncomeYen: { single: 2_600_000, multiple: 3_260_000 } } } },
      ],
    };
    const p = person(1_700_000, 2_700_000);
    expect(determineBurdenRatio(p, '2027-07-31', wider).ratio).toBe(1);
    expect(determineBurdenRatio(p, '2027-08-01', wider).ratio).toBe(2);
  });

  it('validates its input at the boundary', () => {
    expect(BurdenRatioInput.safeParse(person(1, 1)).success).toBe(true);
    expect(BurdenRatioInput.safeParse(person(1, 1, 0)).success).toBe(false);
    expect(BurdenRatioInput.safeParse({ ...person(1, 1), totalIncomeYen: 1.5 }).success).toBe(false);
  });
});
