/**
 * 負担限度額 (特定入所者介護サービス費): the daily amount a person certified at a stage of the
 * 負担限度額認定証 pays for residence (居住費, by room kind) and food (食費) in a facility or on a short stay; the
 * insurance pays the rest up to the 基準費用額.
 *
 * 従来型個室 has two figures: the lower one applies in 介護老人福祉施設 (特養) and 短期入所生活介護
 * (`conventionalPrivateWelfare`), the other in 老健, 介護医療院 and 短期入所療養介護.
 */
import type { IsoDate } from '../identifiers.ts';
import type { CostLimitStage } from '../insured.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

export const ROOM_KINDS = ['unitPrivate', 'unitSemiPrivate', 'conventionalPrivate', 'conventionalPrivateWelfare', 'multiBed'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const ROOM_KIND_LABEL_JA: Record<RoomKind, string> = {
  unitPrivate: 'ユニット型個室',
  unitSemiPrivate: 'ユニット型個室的多床室',
  conventionalPrivate: '従来型個室（老健・医療院等）',
  conventionalPrivateWelfare: '従来型個室（特養等）',
  multiBed: '多床室',
};

/** Yen per day. */
export interface CostLimitDailyLimits {
  residence: Readonly<Record<RoomKind, number>>;
  /** 食費 in a facility. */
  foodFacility: number;
  /** 食費 on a short stay (短期入所). */
  foodShortStay: number;
}

export type CostLimitTable = Readonly<Record<CostLimitStage, CostLimitDailyLimits>>;

function limits(unit: number, unitSemi: number, conventional: number, conventionalWelfare: number, multiBed: number, foodFacility: number, foodShortStay: number): CostLimitDailyLimits {
  return {
    residence: { unitPrivate: unit, unitSemiPrivate: unitSemi, conventionalPrivate: conventional, conventionalPrivateWelfare: conventionalWelfare, multiBed },
    foodFacility,
    foodShortStay,
  };
}

export const COST_LIMIT_TABLE: RuleTable<CostLimitTable> = {
  id: 'costLimit',
  nameJa: '負担限度額（居住費・食費）',
  versions: [
    {
      effectiveFrom: '2021-08-01',
      source: '令和3年8月 (第3段階を①②に区分、食費の見直し)',
      value: {
        stage1: limits(820, 490, 490, 320, 0, 300, 300),
        stage2: limits(820, 490, 490, 420, 370, 390, 600),
        stage3a: limits(1310, 1310, 1310, 820, 370, 650, 1000),
        stage3b: limits(1310, 1310, 1310, 820, 370, 1360, 1300),
      },
    },
    {
      effectiveFrom: '2024-08-01',
      source: '令和6年度介護報酬改定 (居住費の基準費用額・負担限度額 +60円/日)',
      value: {
        stage1: limits(880, 550, 550, 380, 0, 300, 300),
        stage2: limits(880, 550, 550, 480, 430, 390, 600),
        stage3a: limits(1370, 1370, 1370, 880, 430, 650, 1000),
        stage3b: limits(1370, 1370, 1370, 880, 430, 1360, 1300),
      },
    },
  ],
};

/** The daily limits of a stage on a date; throws RuleError `noRuleInForce` before 2021-08-01. */
export function costLimitDailyLimits(stage: CostLimitStage, date: IsoDate, table: RuleTable<CostLimitTable> = COST_LIMIT_TABLE): CostLimitDailyLimits {
  return ruleInForce(table, date)[stage];
}
