/**
 * 負担割合 (1, 2 or 3割) of a 第1号被保険者 from last year's income, under the thresholds in force. The
 * thresholds are versioned because they move (3割 from 2018-08; a wider 2割 band has been debated).
 *
 * Order of the test, per 介護保険法施行令 第22条の2 / 第22条の2の2:
 * 1. always 1割: 第2号被保険者 (40–64), 生活保護, 市町村民税非課税;
 * 2. 3割 when 合計所得金額 ≥ the 3割 line and 年金収入+その他の合計所得金額 ≥ the 3割 household line;
 * 3. 2割 when 合計所得金額 ≥ the 2割 line and 年金収入+その他の合計所得金額 ≥ the 2割 household line;
 * 4. otherwise 1割. A person over the 3割 income line whose pension-and-other income falls short of it is
 *    tested for 2割 next, and may end at 1割.
 */
import { z } from 'zod';
import type { IsoDate } from '../identifiers.ts';
import type { BurdenRatioValue } from '../insured.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export interface BurdenRatioBand {
  /** 合計所得金額 at or above which the band applies. */
  totalIncomeYen: number;
  /** 年金収入+その他の合計所得金額 at or above which the band applies: one 第1号被保険者 / two or more. */
  pensionAndOtherIncomeYen: { single: number; multiple: number };
}

export interface BurdenRatioThresholds {
  twoTenths: BurdenRatioBand;
  /** Null before 3割 existed. */
  threeTenths: BurdenRatioBand | null;
}

export const BURDEN_RATIO_THRESHOLD_TABLE: RuleTable<BurdenRatioThresholds> = {
  id: 'burdenRatioThresholds',
  nameJa: '利用者負担割合の判定基準',
  versions: [
    {
      effectiveFrom: '2015-08-01',
      source: '平成26年改正 介護保険法 (2割負担の導入)',
      value: { twoTenths: { totalIncomeYen: 1_600_000, pensionAndOtherIncomeYen: { single: 2_800_000, multiple: 3_460_000 } }, threeTenths: null },
    },
    {
      effectiveFrom: '2018-08-01',
      source: '平成29年改正 介護保険法 (3割負担の導入)',
      value: {
        twoTenths: { totalIncomeYen: 1_600_000, pensionAndOtherIncomeYen: { single: 2_800_000, multiple: 3_460_000 } },
        threeTenths: { totalIncomeYen: 2_200_000, pensionAndOtherIncomeYen: { single: 3_400_000, multiple: 4_630_000 } },
      },
    },
  ],
};

/** What decides the ratio: the facts of last year's income and the household (synthetic in tests). */
export const BurdenRatioInput = z.object({
  /** 第1号被保険者 (65+) or 第2号被保険者 (40–64, always 1割). */
  insuredCategory: z.enum(['primary', 'secondary']),
  /** 生活保護を受給. */
  publicAssistance: z.boolean(),
  /** 市町村民税非課税 (the person). */
  municipalTaxExempt: z.boolean(),
  /** 合計所得金額 of the person (may be negative after losses). */
  totalIncomeYen: z.number().int(),
  /**
   * 年金収入 + その他の合計所得金額: the person's own when they are the household's only 第1号被保険者,
   * otherwise the sum over the household's 第1号被保険者.
   */
  pensionAndOtherIncomeYen: z.number().int(),
  /** 同一世帯の第1号被保険者の数, the person included. */
  primaryInsuredInHousehold: z.number().int().min(1),
});
export type BurdenRatioInput = z.infer<typeof BurdenRatioInput>;

export type BurdenRatioReason = 'secondaryInsured' | 'publicAssistance' | 'municipalTaxExempt' | 'threeTenthsBand' | 'twoTenthsBand' | 'belowTwoTenthsBand';

export interface BurdenRatioDecision {
  ratio: BurdenRatioValue;
  reason: BurdenRatioReason;
}

function inBand(input: BurdenRatioInput, band: BurdenRatioBand): boolean {
  const household = input.primaryInsuredInHousehold >= 2 ? band.pensionAndOtherIncomeYen.multiple : band.pensionAndOtherIncomeYen.single;
  return input.totalIncomeYen >= band.totalIncomeYen && input.pensionAndOtherIncomeYen >= household;
}

/**
 * The 負担割合 for a person under the thresholds in force on `date` (the start of the burden year,
 * normally 8/1), with the reason. Throws RuleError `noRuleInForce` before 2015-08-01.
 */
export function determineBurdenRatio(input: BurdenRatioInput, date: IsoDate, table: RuleTable<BurdenRatioThresholds> = BURDEN_RATIO_THRESHOLD_TABLE): BurdenRatioDecision {
  const thresholds = ruleInForce(table, date);
  if (input.insuredCategory === 'secondary') return { ratio: 1, reason: 'secondaryInsured' };
  if (input.publicAssistance) return { ratio: 1, reason: 'publicAssistance' };
  if (input.municipalTaxExempt) return { ratio: 1, reason: 'municipalTaxExempt' };
  if (thresholds.threeTenths && inBand(input, thresholds.threeTenths)) return { ratio: 3, reason: 'threeTenthsBand' };
  if (inBand(input, thresholds.twoTenths)) return { ratio: 2, reason: 'twoTenthsBand' };
  return { ratio: 1, reason: 'belowTwoTenthsBand' };
}
