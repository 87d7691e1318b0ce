/**
 * 自己負担の目安: what a month of services would cost this person — the units against their 区分支給限度基準額,
 * the insurance's share and theirs at today's burden ratio, and, when the 負担割合証 already shows a change
 * (e.g. 2割→3割 from 8月1日), the same month at the new ratio. Computed with the project's rules
 * (src/domain/rules/monthly-copay.ts: integer 銭, the office's 地域区分).
 */
import type { AreaGrade } from '../../domain/organisations.ts';
import type { BurdenRatioValue, InsuredRecord } from '../../domain/insured.ts';
import { burdenRatioOn, nextBurdenRatioChange } from '../../domain/rules/burden-ratio-periods.ts';
import { monthlyCopay, type MonthlyCopay } from '../../domain/rules/monthly-copay.ts';

export interface CopayScenario {
  readonly month: string;
  readonly burdenRatio: BurdenRatioValue;
  readonly totalCostYen: number;
  readonly insuranceYen: number;
  /** 利用者負担 within the limit plus what is over it (paid in full). */
  readonly copayYen: number;
  readonly overLimitYen: number;
}

export interface CopayEstimate {
  readonly benefitLimitUnits: number;
  readonly units: number;
  readonly unitsOverLimit: number;
  readonly now: CopayScenario;
  /** The same month at the ratio of the next change, from its first day. */
  readonly afterChange: (CopayScenario & { readonly from: string }) | null;
}

function scenario(result: MonthlyCopay, burdenRatio: BurdenRatioValue): CopayScenario {
  return {
    month: result.month,
    burdenRatio,
    totalCostYen: result.totals.totalCostYen + result.totals.overLimitYen,
    insuranceYen: result.totals.insuranceYen,
    copayYen: result.totals.totalCopayYen,
    overLimitYen: result.totals.overLimitYen,
  };
}

/** null when the person has no benefit limit (非該当) or no burden ratio in force today. */
export function estimateCopay(record: InsuredRecord, today: string, areaGrade: AreaGrade, serviceKind: string, units: number): CopayEstimate | null {
  const current = burdenRatioOn(record.burdenRatio, today);
  const careLevel = record.eligibility.careLevel;
  if (!current || careLevel === 'notApplicable') return null;
  const month = today.slice(0, 7);
  const lines = [{ serviceKind, units }];
  const limitUnits = record.eligibility.benefitLimit?.units;
  const run = (burdenRatio: BurdenRatioValue, forMonth: string) =>
    monthlyCopay({ month: forMonth, careLevel, areaGrade, burdenRatio, lines, ...(limitUnits === undefined ? {} : { benefitLimitUnits: limitUnits }) });
  const now = run(current.ratio, month);
  if (now.benefitLimitUnits === 0) return null;
  const next = nextBurdenRatioChange(record.burdenRatio, today);
  const afterChange = next ? { ...scenario(run(next.ratio, next.period.from.slice(0, 7)), next.ratio), from: next.period.from } : null;
  return {
    benefitLimitUnits: now.benefitLimitUnits,
    units,
    unitsOverLimit: now.totals.unitsOverLimit,
    now: scenario(now, current.ratio),
    afterChange,
  };
}
