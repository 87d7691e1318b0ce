/**
 * The whole set of versioned insurance rules in one object, so a caller (or a test) can price with another
 * set — a reform not yet in force, an insurer's own figures — and so every table can be checked at once.
 */
import { BENEFIT_LIMIT_TABLE, type BenefitLimitUnits } from './benefit-limit.ts';
import { BURDEN_RATIO_THRESHOLD_TABLE, type BurdenRatioThresholds } from './burden-ratio.ts';
import { COST_LIMIT_TABLE, type CostLimitTable } from './cost-limit.ts';
import { HIGH_COST_CAP_TABLE, type HighCostCapRule } from './high-cost-cap.ts';
import { HOME_MODIFICATION_LIMIT_TABLE } from './home-modification.ts';
import { checkRuleTable, type RuleTable } from './rule-table.ts';
import { SERVICE_KIND_TABLE, type ServiceKindTable } from './service-kinds.ts';
import { UNIT_PRICE_TABLE, type UnitPriceTable } from './unit-price.ts';
import { WELFARE_EQUIPMENT_LIMIT_TABLE } from './welfare-equipment.ts';

export interface RuleSet {
  benefitLimits: RuleTable<BenefitLimitUnits>;
  unitPrices: RuleTable<UnitPriceTable>;
  serviceKinds: RuleTable<ServiceKindTable>;
  burdenRatioThresholds: RuleTable<BurdenRatioThresholds>;
  highCostCaps: RuleTable<HighCostCapRule>;
  costLimits: RuleTable<CostLimitTable>;
  homeModificationLimit: RuleTable<number>;
  welfareEquipmentLimit: RuleTable<number>;
}

/** The national rules as known to this version of Tsunagi. */
export const DEFAULT_RULE_SET: RuleSet = {
  benefitLimits: BENEFIT_LIMIT_TABLE,
  unitPrices: UNIT_PRICE_TABLE,
  serviceKinds: SERVICE_KIND_TABLE,
  burdenRatioThresholds: BURDEN_RATIO_THRESHOLD_TABLE,
  highCostCaps: HIGH_COST_CAP_TABLE,
  costLimits: COST_LIMIT_TABLE,
  homeModificationLimit: HOME_MODIFICATION_LIMIT_TABLE,
  welfareEquipmentLimit: WELFARE_EQUIPMENT_LIMIT_TABLE,
};

/** Problems in any table of the set (see `checkRuleTable`); empty when all are well formed. */
export function checkRuleSet(rules: RuleSet): string[] {
  return Object.values(rules).flatMap((table: RuleTable<unknown>) => checkRuleTable(table));
}
