/**
 * 高額介護サービス費: the monthly cap on the copay (利用者負担, insured services only) by income category; what
 * a household pays above it is refunded by the insurer. Food, residence, over-limit units paid in full, and
 * 福祉用具購入 / 住宅改修 do not count toward it.
 *
 * Versions: 2017-08 (一般 raised to ¥44,400), 2021-08 (現役並み所得 split into three tiers up to ¥140,100),
 * 2025-08 (the low-income line moved from ¥800,000 to ¥809,000 with the 老齢基礎年金 amount).
 * The 2017-08 to 2020-07 annual cap of ¥446,400 for households of 1割 payers only is not modelled.
 */
import { z } from 'zod';
import type { IsoDate } from '../identifiers.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export const HIGH_COST_CATEGORIES = [
  'taxableIncome690',
  'taxableIncome380',
  'taxed',
  'untaxedHousehold',
  'untaxedLowIncome',
  'publicAssistance',
] as const;
/**
 * 所得区分: 課税所得690万円以上 / 課税所得380万円以上690万円未満 / 市町村民税課税世帯 (課税所得380万円未満) /
 * 世帯全員が市町村民税非課税 / その中で公的年金等収入+その他の合計所得金額が基準以下 (or 老齢福祉年金受給者) / 生活保護.
 */
export const HighCostCategory = z.enum(HIGH_COST_CATEGORIES);
export type HighCostCategory = z.infer<typeof HighCostCategory>;

export const HIGH_COST_CATEGORY_LABEL_JA: Record<HighCostCategory, string> = {
  taxableIncome690: '課税所得690万円以上',
  taxableIncome380: '課税所得380万円以上690万円未満',
  taxed: '市町村民税課税世帯（課税所得380万円未満）',
  untaxedHousehold: '世帯全員が市町村民税非課税',
  untaxedLowIncome: '世帯非課税で前年の公的年金等収入＋その他の合計所得金額が基準以下',
  publicAssistance: '生活保護受給者等',
};

export interface HighCostCap {
  /** 世帯 cap, yen per month. */
  householdYen: number;
  /** 個人 cap, where the category has one. */
  individualYen: number | null;
}

export interface HighCostCapRule {
  caps: Readonly<Record<HighCostCategory, HighCostCap>>;
  /** 課税所得 at or above which a taxed household is `taxableIncome690` / `taxableIncome380`. */
  taxableIncomeLinesYen: { tier690: number; tier380: number };
  /** 公的年金等収入+その他の合計所得金額 at or below which an untaxed household member is `untaxedLowIncome`. */
  lowIncomeLineYen: number;
}

const TAXABLE_INCOME_LINES = { tier690: 6_900_000, tier380: 3_800_000 } as const;

const LOW_INCOME_CAPS = {
  untaxedHousehold: { householdYen: 24_600, individualYen: null },
  untaxedLowIncome: { householdYen: 24_600, individualYen: 15_000 },
  publicAssistance: { householdYen: 15_000, individualYen: 15_000 },
} as const;

const TIERED_CAPS: HighCostCapRule['caps'] = {
  taxableIncome690: { householdYen: 140_100, individualYen: null },
  taxableIncome380: { householdYen: 93_000, individualYen: null },
  taxed: { householdYen: 44_400, individualYen: null },
  ...LOW_INCOME_CAPS,
};

export const HIGH_COST_CAP_TABLE: RuleTable<HighCostCapRule> = {
  id: 'highCostCap',
  nameJa: '高額介護サービス費の負担上限額',
  versions: [
    {
      effectiveFrom: '2017-08-01',
      source: '介護保険法施行令 第22条の2の2 (平成29年8月改正)',
      value: {
        caps: {
          taxableIncome690: { householdYen: 44_400, individualYen: null },
          taxableIncome380: { householdYen: 44_400, individualYen: null },
          taxed: { householdYen: 44_400, individualYen: null },
          ...LOW_INCOME_CAPS,
        },
        taxableIncomeLinesYen: TAXABLE_INCOME_LINES,
        lowIncomeLineYen: 800_000,
      },
    },
    { effectiveFrom: '2021-08-01', source: '介護保険法施行令 (令和3年8月改正)', value: { caps: TIERED_CAPS, taxableIncomeLinesYen: TAXABLE_INCOME_LINES, lowIncomeLineYen: 800_000 } },
    { effectiveFrom: '2025-08-01', source: '介護保険法施行令 (令和7年8月改正、80万円→80.9万円)', value: { caps: TIERED_CAPS, taxableIncomeLinesYen: TAXABLE_INCOME_LINES, lowIncomeLineYen: 809_000 } },
  ],
};

export const HighCostCategoryInput = z.object({
  publicAssistance: z.boolean(),
  /** 世帯内に市町村民税課税者がいる. */
  householdTaxed: z.boolean(),
  /** 世帯内の第1号被保険者の課税所得のうち最も高い額. */
  highestTaxableIncomeYen: z.number().int(),
  /** 前年の公的年金等収入金額 + その他の合計所得金額 of the person. */
  pensionAndOtherIncomeYen: z.number().int(),
  /** 老齢福祉年金を受給. */
  oldAgeWelfarePension: z.boolean(),
});
export type HighCostCategoryInput = z.infer<typeof HighCostCategoryInput>;

/** The 所得区分 of a person under the rule in force on `date` (the month whose copay is being capped). */
export function determineHighCostCategory(input: HighCostCategoryInput, date: IsoDate, table: RuleTable<HighCostCapRule> = HIGH_COST_CAP_TABLE): HighCostCategory {
  const rule = ruleInForce(table, date);
  if (input.publicAssistance) return 'publicAssistance';
  if (input.householdTaxed) {
    if (input.highestTaxableIncomeYen >= rule.taxableIncomeLinesYen.tier690) return 'taxableIncome690';
    if (input.highestTaxableIncomeYen >= rule.taxableIncomeLinesYen.tier380) return 'taxableIncome380';
    return 'taxed';
  }
  if (input.oldAgeWelfarePension || input.pensionAndOtherIncomeYen <= rule.lowIncomeLineYen) return 'untaxedLowIncome';
  return 'untaxedHousehold';
}

/**
 * The monthly caps of a category on a date, with `personalCapYen`: the cap that applies to one person's
 * own copay (the individual cap where there is one, else the household cap).
 */
export function highCostCapFor(
  category: HighCostCategory,
  date: IsoDate,
  table: RuleTable<HighCostCapRule> = HIGH_COST_CAP_TABLE,
): HighCostCap & { personalCapYen: number } {
  const cap = ruleInForce(table, date).caps[category];
  return { ...cap, personalCapYen: cap.individualYen ?? cap.householdYen };
}
