import { describe, expect, it } from 'vitest';
import { determineHighCostCategory, HIGH_COST_CATEGORIES, HIGH_COST_CATEGORY_LABEL_JA, type HighCostCategoryInput, highCostCapFor } from './high-cost-cap.ts';

function household(overrides: Partial<HighCostCategoryInput>): HighCostCategoryInput {
  return { publicAssistance: false, householdTaxed: true, highestTaxableIncomeYen: 0, pensionAndOtherIncomeYen: 0, oldAgeWelfarePension: false, ...overrides };
}

describe('determineHighCostCategory', () => {
  it('sorts taxed households by the highest 課税所得: ¥6.9M and ¥3.8M are inclusive lines', () => {
    expect(determineHighCostCategory(household({ highestTaxableIncomeYen: 6_900_000 }), '2026-08-01')).toBe('taxableIncome690');
    expect(determineHighCostCategory(household({ highestTaxableIncomeYen: 6_899_999 }), '2026-08-01')).toBe('taxableIncome380');
    expect(determineHighCostCategory(household({ highestTaxableIncomeYen: 3_800_000 }), '2026-08-01')).toBe('taxableIncome380');
    expect(determineHighCostCategory(household({ highestTaxableIncomeYen: 3_799_999 }), '2026-08-01')).toBe('taxed');
  });

  it('puts 生活保護 first, whatever else is true', () => {
    expect(determineHighCostCategory(household({ publicAssistance: true, highestTaxableIncomeYen: 9_000_000 }), '2026-08-01')).toBe('publicAssistance');
  });

  it('moves the low-income line from ¥800,000 to ¥809,000 on 2025-08-01', () => {
    const untaxed = (pensionAndOtherIncomeYen: number) => household({ householdTaxed: false, pensionAndOtherIncomeYen });
    expect(determineHighCostCategory(untaxed(800_000), '2025-07-31')).toBe('untaxedLowIncome');
    expect(determineHighCostCategory(untaxed(805_000), '2025-07-31')).toBe('untaxedHousehold');
    expect(determineHighCostCategory(untaxed(805_000), '2025-08-01')).toBe('untaxedLowIncome');
    expect(determineHighCostCategory(untaxed(809_000), '2025-08-01')).toBe('untaxedLowIncome');
    expect(determineHighCostCategory(untaxed(809_001), '2025-08-01')).toBe('untaxedHousehold');
    expect(determineHighCostCategory(household({ householdTaxed: false, pensionAndOtherIncomeYen: 2_000_000, oldAgeWelfarePension: true }), '2025-08-01')).toBe('untaxedLowIncome');
  });
});

describe('highCostCapFor', () => {
  it('gives the monthly caps in force since 2021-08', () => {
    const caps = HIGH_COST_CATEGORIES.map((c) => [c, highCostCapFor(c, '2026-08-01').householdYen]);
    expect(caps).toEqual([
      ['taxableIncome690', 140_100],
      ['taxableIncome380', 93_000],
      ['taxed', 44_400],
      ['untaxedHousehold', 24_600],
      ['untaxedLowIncome', 24_600],
      ['publicAssistance', 15_000],
    ]);
  });

  it('applies the ¥15,000 individual cap to the person where there is one', () => {
    expect(highCostCapFor('untaxedLowIncome', '2026-08-01')).toEqual({ householdYen: 24_600, individualYen: 15_000, personalCapYen: 15_000 });
    expect(highCostCapFor('untaxedHousehold', '2026-08-01')).toEqual({ householdYen: 24_600, individualYen: null, personalCapYen: 24_600 });
  });

  it('had one ¥44,400 cap for all taxed households before 2021-08-01', () => {
    expect(highCostCapFor('taxableIncome690', '2021-07-31').householdYen).toBe(44_400);
    expect(highCostCapFor('taxableIncome690', '2021-08-01').householdYen).toBe(140_100);
    expect(highCostCapFor('taxableIncome380', '2021-08-01').householdYen).toBe(93_000);
    expect(() => highCostCapFor('taxed', '2017-07-31')).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
  });

  it('labels every category in Japanese', () => {
    expect(HIGH_COST_CATEGORY_LABEL_JA.taxableIncome690).toBe('課税所得690万円以上');
    expect(Object.keys(HIGH_COST_CATEGORY_LABEL_JA).sort()).toEqual([...HIGH_COST_CATEGORIES].sort());
  });
});
