/**
 * 福祉用具購入費: the insurance pays toward purchased welfare equipment up to ¥100,000 of cost per fiscal
 * year (4/1–3/31); the count starts again each April.
 */
import { fiscalYearOf, fiscalYearPeriod } from '../dates.ts';
import type { IsoDate } from '../identifiers.ts';
import type { WelfareEquipmentPurchaseUsage } from '../insured.ts';
import type { PurchaseBalance } from './home-modification.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export const WELFARE_EQUIPMENT_LIMIT_TABLE: RuleTable<number> = {
  id: 'welfareEquipmentLimit',
  nameJa: '福祉用具購入費支給限度基準額',
  versions: [{ effectiveFrom: '2000-04-01', source: '居宅介護福祉用具購入費支給限度基準額 (平成12年厚生省告示第34号)', value: 100_000 }],
};

/**
 * Limit, used and remaining yen for the fiscal year that `date` falls in; the usages of other fiscal years
 * are ignored and several entries for the same year are added up.
 */
export function welfareEquipmentBalance(
  usages: readonly WelfareEquipmentPurchaseUsage[],
  date: IsoDate,
  table: RuleTable<number> = WELFARE_EQUIPMENT_LIMIT_TABLE,
): PurchaseBalance & { fiscalYear: number; period: { from: IsoDate; to: IsoDate } } {
  const fiscalYear = fiscalYearOf(date);
  const limitYen = ruleInForce(table, date);
  const usedYen = usages.filter((u) => u.fiscalYear === fiscalYear).reduce((sum, u) => sum + u.usedYen, 0);
  return { fiscalYear, period: fiscalYearPeriod(fiscalYear), limitYen, usedYen, remainingYen: Math.max(0, limitYen - usedYen) };
}
