/**
 * 住宅改修費: the insurance pays toward home modifications up to a 支給限度基準額 of ¥200,000 of cost per
 * dwelling. The count starts again on moving, or once when the care need rises three or more steps of
 * 「介護の必要の程度」 above the step at the first modification.
 */
import type { CareLevel } from '../care-level.ts';
import type { IsoDate } from '../identifiers.ts';
import type { HomeModificationUsage } from '../insured.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export const HOME_MODIFICATION_LIMIT_TABLE: RuleTable<number> = {
  id: 'homeModificationLimit',
  nameJa: '住宅改修費支給限度基準額',
  versions: [{ effectiveFrom: '2000-04-01', source: '居宅介護住宅改修費支給限度基準額 (平成12年厚生省告示第35号)', value: 200_000 }],
};

export interface PurchaseBalance {
  limitYen: number;
  usedYen: number;
  /** Never negative: use above the limit shows as 0 remaining. */
  remainingYen: number;
}

/** Limit, used and remaining yen of the 住宅改修 count on `date`. */
export function homeModificationBalance(usage: HomeModificationUsage, date: IsoDate, table: RuleTable<number> = HOME_MODIFICATION_LIMIT_TABLE): PurchaseBalance & { countedSince: IsoDate } {
  const limitYen = ruleInForce(table, date);
  return { limitYen, usedYen: usage.usedYen, remainingYen: Math.max(0, limitYen - usage.usedYen), countedSince: usage.countedSince };
}

/**
 * 「介護の必要の程度」 steps of the reset rule: 要支援2 and 要介護1 share step 2, so a rise from 要支援2 to
 * 要介護3 is two steps, not three. 非該当 and 事業対象者 have no step.
 */
const NEED_STEP: Readonly<Record<CareLevel, number | null>> = {
  notApplicable: null,
  programTarget: null,
  support1: 1,
  support2: 2,
  care1: 2,
  care2: 3,
  care3: 4,
  care4: 5,
  care5: 6,
};

/**
 * True when the care level now is three or more steps above the level when the first home modification
 * was made, which lets the ¥200,000 count start again (once).
 */
export function homeModificationResetsOnLevelRise(levelAtFirstModification: CareLevel, levelNow: CareLevel): boolean {
  const before = NEED_STEP[levelAtFirstModification];
  const now = NEED_STEP[levelNow];
  return before !== null && now !== null && now - before >= 3;
}
