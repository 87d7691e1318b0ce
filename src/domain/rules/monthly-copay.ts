/**
 * The month's cost split of a care plan, as on 第7表 サービス利用票別表: per service line and in total, the
 * units within and over the 区分支給限度基準額, 費用総額, 保険給付額 and 利用者負担, and a note of the
 * 高額介護サービス費 cap.
 *
 * Money, per line (integer arithmetic throughout, unit prices in 銭):
 *   費用総額 (限度内)   = floor(units within the limit × unit price)
 *   保険給付額         = floor(費用総額 × (10 − 負担割合) / 10)   (10割 for 居宅介護支援・介護予防支援)
 *   利用者負担 (保険分) = 費用総額 − 保険給付額
 *   全額負担分          = floor(units over the limit × unit price), paid by the person in full.
 *
 * Which lines go over the limit: the units of lines that count toward the limit fill it in list order, so
 * the excess falls on the lines last in the list first. Put the service the person chose to pay for in full
 * last.
 */
import { z } from 'zod';
import { CareLevel } from '../care-level.ts';
import { monthStart, type YearMonth } from '../dates.ts';
import { BurdenRatioValue } from '../insured.ts';
import { AreaGrade, ServiceKindCode } from '../organisations.ts';
import { BENEFIT_LIMIT_TABLE, type BenefitLimitUnits, benefitLimitUnitsFor } from './benefit-limit.ts';
import { HIGH_COST_CAP_TABLE, HighCostCategory, type HighCostCapRule, highCostCapFor } from './high-cost-cap.ts';
import { RuleError } from './rule-error.ts';
import type { RuleTable } from './rule-table.ts';
import { SERVICE_KIND_TABLE, type ServiceKindTable, serviceKindRule } from './service-kinds.ts';
import { UNIT_PRICE_TABLE, type UnitPriceTable, unitPriceSenForClass } from './unit-price.ts';

export const CopayLineInput = z.object({
  serviceKind: ServiceKindCode,
  units: z.number().int().nonnegative(),
  /** The provider's area grade, when it differs from the plan's default. */
  areaGrade: AreaGrade.optional(),
  /** 限度額対象外 units of a kind that otherwise counts (e.g. 処遇改善加算), kept on a line of their own. */
  outsideLimit: z.boolean().optional(),
});
export type CopayLineInput = z.infer<typeof CopayLineInput>;

export const MonthlyCopayInput = z.object({
  /** `YYYY-MM`; the rules in force on its first day apply. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** The month's care level (when it changed within the month, the higher one). */
  careLevel: CareLevel,
  /** Default 地域区分 of the lines. */
  areaGrade: AreaGrade,
  burdenRatio: BurdenRatioValue,
  lines: z.array(CopayLineInput),
  /** The limit printed on the 被保険者証 when the insurer set its own (上乗せ); else the national figure. */
  benefitLimitUnits: z.number().int().nonnegative().optional(),
  /** 所得区分 for the 高額介護サービス費 note; omit for no note. */
  highCostCategory: HighCostCategory.optional(),
});
/** The parsed input; `lines` may be a readonly array. */
export type MonthlyCopayInput = Omit<z.infer<typeof MonthlyCopayInput>, 'lines'> & { lines: readonly CopayLineInput[] };

export interface CopayLine {
  serviceKind: string;
  serviceKindLabelJa: string;
  units: number;
  /** 1単位の単価 in 銭. */
  unitPriceSen: number;
  countsTowardLimit: boolean;
  unitsWithinLimit: number;
  unitsOverLimit: number;
  /** 費用総額 of the units within the limit. */
  totalCostYen: number;
  insuranceYen: number;
  /** 利用者負担 of the units within the limit. */
  copayYen: number;
  /** 全額負担分: the units over the limit, paid in full. */
  overLimitYen: number;
  /** copayYen + overLimitYen: what the person pays for this line. */
  totalCopayYen: number;
}

export interface CopayTotals {
  units: number;
  unitsWithinLimit: number;
  unitsOverLimit: number;
  totalCostYen: number;
  insuranceYen: number;
  copayYen: number;
  overLimitYen: number;
  totalCopayYen: number;
}

/** What the 高額介護サービス費 cap would do to this person's copay, if it were the household's only one. */
export interface HighCostNote {
  category: HighCostCategory;
  householdCapYen: number;
  individualCapYen: number | null;
  /** The cap applied to this person's copay (individual where there is one). */
  capYen: number;
  /** 利用者負担 that counts toward the cap (insured services, not the part over the limit). */
  countedCopayYen: number;
  /** What the insurer would refund: countedCopayYen above capYen. */
  refundYen: number;
}

export interface MonthlyCopay {
  month: YearMonth;
  benefitLimitUnits: number;
  /** Units of the lines that count toward the limit. */
  unitsCountedTowardLimit: number;
  /** Units left under the limit (0 when over). */
  remainingUnits: number;
  lines: CopayLine[];
  totals: CopayTotals;
  highCost: HighCostNote | null;
}

export interface CopayRuleTables {
  benefitLimits?: RuleTable<BenefitLimitUnits>;
  unitPrices?: RuleTable<UnitPriceTable>;
  serviceKinds?: RuleTable<ServiceKindTable>;
  highCostCaps?: RuleTable<HighCostCapRule>;
}

/** Yen for units at a unit price in 銭, rounded down: 19,705 units × 1140 銭 = 224,637 yen. */
export function yenForUnits(units: number, unitPriceSen: number): number {
  if (!Number.isSafeInteger(units) || units < 0) throw new RuleError('invalidInput', `units ${units}`);
  if (!Number.isSafeInteger(unitPriceSen) || unitPriceSen < 0) throw new RuleError('invalidInput', `unitPriceSen ${unitPriceSen}`);
  const sen = units * unitPriceSen;
  if (!Number.isSafeInteger(sen)) throw new RuleError('invalidInput', `units ${units} too large`);
  return (sen - (sen % 100)) / 100;
}

/**
 * Splits a 費用総額 into 保険給付額 = floor(total × (10 − ratio) / 10) and 利用者負担 = the rest:
 * 224,637 yen at 2割 → insurance 179,709, copay 44,928.
 */
export function splitCost(totalCostYen: number, burdenRatio: BurdenRatioValue): { insuranceYen: number; copayYen: number } {
  if (!Number.isSafeInteger(totalCostYen) || totalCostYen < 0) throw new RuleError('invalidInput', `totalCostYen ${totalCostYen}`);
  const tenths = totalCostYen * (10 - burdenRatio);
  const insuranceYen = (tenths - (tenths % 10)) / 10;
  return { insuranceYen, copayYen: totalCostYen - insuranceYen };
}

/** Prices a month of services; see the module comment for the rounding and the over-limit rule. */
export function monthlyCopay(input: MonthlyCopayInput, tables: CopayRuleTables = {}): MonthlyCopay {
  const date = monthStart(input.month);
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.units) || line.units < 0) throw new RuleError('invalidInput', `units ${line.units}`);
  }
  const benefitLimitUnits = input.benefitLimitUnits ?? benefitLimitUnitsFor(input.careLevel, date, tables.benefitLimits ?? BENEFIT_LIMIT_TABLE);

  const priced = input.lines.map((line) => {
    const kind = serviceKindRule(line.serviceKind, date, tables.serviceKinds ?? SERVICE_KIND_TABLE);
    const unitPriceSen = unitPriceSenForClass(line.areaGrade ?? input.areaGrade, kind.laborCostClass, date, tables.unitPrices ?? UNIT_PRICE_TABLE);
    return { line, kind, unitPriceSen, countsTowardLimit: kind.countsTowardLimit && line.outsideLimit !== true };
  });

  // Fill the limit in list order; what does not fit is over the limit.
  let room = benefitLimitUnits;
  let unitsCountedTowardLimit = 0;
  const lines: CopayLine[] = priced.map(({ line, kind, unitPriceSen, countsTowardLimit }) => {
    let unitsWithinLimit = line.units;
    if (countsTowardLimit) {
      unitsCountedTowardLimit += line.units;
      unitsWithinLimit = Math.min(line.units, room);
      room -= unitsWithinLimit;
    }
    const unitsOverLimit = line.units - unitsWithinLimit;
    const totalCostYen = yenForUnits(unitsWithinLimit, unitPriceSen);
    const { insuranceYen, copayYen } = kind.copayApplies ? splitCost(totalCostYen, input.burdenRatio) : { insuranceYen: totalCostYen, copayYen: 0 };
    const overLimitYen = yenForUnits(unitsOverLimit, unitPriceSen);
    return {
      serviceKind: line.serviceKind,
      serviceKindLabelJa: kind.labelJa,
      units: line.units,
      unitPriceSen,
      countsTowardLimit,
      unitsWithinLimit,
      unitsOverLimit,
      totalCostYen,
      insuranceYen,
      copayYen,
      overLimitYen,
      totalCopayYen: copayYen + overLimitYen,
    };
  });

  const totals: CopayTotals = {
    units: 0,
    unitsWithinLimit: 0,
    unitsOverLimit: 0,
    totalCostYen: 0,
    insuranceYen: 0,
    copayYen: 0,
    overLimitYen: 0,
    totalCopayYen: 0,
  };
  for (const line of lines) for (const key of Object.keys(totals) as (keyof CopayTotals)[]) totals[key] += line[key];

  let highCost: HighCostNote | null = null;
  if (input.highCostCategory !== undefined) {
    const cap = highCostCapFor(input.highCostCategory, date, tables.highCostCaps ?? HIGH_COST_CAP_TABLE);
    highCost = {
      category: input.highCostCategory,
      householdCapYen: cap.householdYen,
      individualCapYen: cap.individualYen,
      capYen: cap.personalCapYen,
      countedCopayYen: totals.copayYen,
      refundYen: Math.max(0, totals.copayYen - cap.personalCapYen),
    };
  }

  return {
    month: input.month,
    benefitLimitUnits,
    unitsCountedTowardLimit,
    remainingUnits: Math.max(0, benefitLimitUnits - unitsCountedTowardLimit),
    lines,
    totals,
    highCost,
  };
}
