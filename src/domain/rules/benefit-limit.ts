/**
 * 区分支給限度基準額: the monthly limit, in units, of home and community services the insurance pays for at
 * each care level. Units above it are paid in full by the insured person.
 */
import type { CareLevel } from '../care-level.ts';
import type { IsoDate } from '../identifiers.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export type BenefitLimitUnits = Readonly<Record<CareLevel, number>>;

/** 事業対象者 uses the 要支援1 limit; 非該当 has none (0: every unit is over the limit). */
export const BENEFIT_LIMIT_TABLE: RuleTable<BenefitLimitUnits> = {
  id: 'benefitLimit',
  nameJa: '区分支給限度基準額',
  versions: [
    {
      effectiveFrom: '2014-04-01',
      source: '平成26年4月 消費税率8%への引上げに伴う改定',
      value: { notApplicable: 0, programTarget: 5003, support1: 5003, support2: 10473, care1: 16692, care2: 19616, care3: 26931, care4: 30806, care5: 36065 },
    },
    {
      effectiveFrom: '2019-10-01',
      source: '令和元年10月 消費税率10%への引上げに伴う改定',
      value: { notApplicable: 0, programTarget: 5032, support1: 5032, support2: 10531, care1: 16765, care2: 19705, care3: 27048, care4: 30938, care5: 36217 },
    },
  ],
};

/** The monthly limit in units for a care level on a date (use the first day of the month being planned). */
export function benefitLimitUnitsFor(careLevel: CareLevel, date: IsoDate, table: RuleTable<BenefitLimitUnits> = BENEFIT_LIMIT_TABLE): number {
  return ruleInForce(table, date)[careLevel];
}
