/**
 * What the person screen shows, computed from a stored record for a given day, apart from Solid and the DOM:
 * the burden ratio in force and its next change, the care level and certification (with days left), the
 * application's progress, the monthly limit, restrictions, the 負担限度額 stage with its daily limits, the
 * assigned care-management office, the 住宅改修 / 福祉用具購入 balances and where the figures came from.
 * Dates appear in 西暦 and 和暦; no raw codes reach the view.
 */
import { CARE_LEVEL_LABEL_EN, CARE_LEVEL_LABEL_JA } from '../../domain/care-level.ts';
import type { DatePeriod } from '../../domain/identifiers.ts';
import type { BurdenRatioValue, CertificationStatus, CostLimitStage, InsuredRecord } from '../../domain/insured.ts';
import { benefitLimitUnitsFor } from '../../domain/rules/benefit-limit.ts';
import { burdenRatioOn, nextBurdenRatioChange } from '../../domain/rules/burden-ratio-periods.ts';
import { certificationUrgency, daysUntilCertificationExpires, type CertificationUrgency } from '../../domain/rules/certification-expiry.ts';
import { costLimitDailyLimits, ROOM_KIND_LABEL_JA, ROOM_KINDS } from '../../domain/rules/cost-limit.ts';
import { homeModificationBalance, type PurchaseBalance } from '../../domain/rules/home-modification.ts';
import { welfareEquipmentBalance } from '../../domain/rules/welfare-equipment.ts';
import { formatMonthDay, formatSeireki, formatWareki } from '../../domain/wareki.ts';
import { fetchedAtLabel, tokyoDate } from '../format/tokyo-time.ts';

export const CERTIFICATION_STATUS_LABEL_JA: Record<CertificationStatus, string> = {
  applied: '申請中',
  surveyScheduled: '調査日程調整中',
  surveyed: '調査済み',
  opinionReceived: '意見書受領',
  reviewScheduled: '審査会予定',
  decided: '決定',
  withdrawn: '取下げ',
};

export const CERTIFICATION_STATUS_LABEL_EN: Record<CertificationStatus, string> = {
  applied: 'Applied',
  surveyScheduled: 'Scheduling survey',
  surveyed: 'Surveyed',
  opinionReceived: "Doctor's opinion received",
  reviewScheduled: 'Review board scheduled',
  decided: 'Decided',
  withdrawn: 'Withdrawn',
};

export const COST_LIMIT_STAGE_LABEL_JA: Record<CostLimitStage, string> = {
  stage1: '第1段階',
  stage2: '第2段階',
  stage3a: '第3段階①',
  stage3b: '第3段階②',
};

export const COST_LIMIT_STAGE_LABEL_EN: Record<CostLimitStage, string> = {
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  stage3a: 'Stage 3 (1)',
  stage3b: 'Stage 3 (2)',
};

/** A period in both calendars: '2026年8月1日〜2027年7月31日' and '令和8年8月1日〜令和9年7月31日'. */
export interface PeriodText {
  readonly seireki: string;
  readonly wareki: string;
}

export interface BurdenView {
  readonly ratio: BurdenRatioValue;
  /** '2割'. */
  readonly label: string;
  readonly period: PeriodText;
}

export interface NextBurdenView {
  readonly ratio: BurdenRatioValue;
  readonly from: string;
  /** '令和9年8月1日から3割'. */
  readonly textJa: string;
  /** '3割 from 8/1'. */
  readonly textEn: string;
}

export interface CertificationPeriodView {
  readonly period: PeriodText;
  readonly daysLeft: number;
  readonly urgency: CertificationUrgency;
}

export interface ApplicationView {
  readonly statusJa: string;
  readonly statusEn: string;
  readonly appliedOn: string;
  /** 審査会 date in 和暦, or null when none is set. */
  readonly reviewBoardOn: string | null;
}

export interface CostLimitView {
  readonly stageJa: string;
  readonly stageEn: string;
  readonly period: PeriodText;
  /** Yen per day, or null when no rule covers today. */
  readonly foodFacilityYen: number | null;
  readonly foodShortStayYen: number | null;
  readonly residence: readonly { readonly labelJa: string; readonly yen: number }[];
}

export type SourceView =
  | { readonly kind: 'paper'; readonly enteredBy: string; readonly enteredAt: string }
  | { readonly kind: 'platform'; readonly fetchedAt: string | null };

export interface PersonView {
  readonly name: string;
  readonly nameKana: string;
  readonly insuredNumber: string;
  readonly insurerName: string;
  readonly burden: BurdenView | null;
  readonly nextBurden: NextBurdenView | null;
  readonly careLevelJa: string;
  readonly careLevelEn: string;
  readonly certificationPeriod: CertificationPeriodView | null;
  readonly application: ApplicationView | null;
  /** 区分支給限度基準額 in units per month, or null when none applies. */
  readonly benefitLimitUnits: number | null;
  readonly restrictions: readonly { readonly content: string; readonly period: PeriodText }[];
  readonly costLimit: CostLimitView | null;
  /** The assigned care-management office in force (not cancelled), by name. */
  readonly careManagementOffice: string | null;
  readonly homeModification: PurchaseBalance | null;
  readonly welfareEquipment: PurchaseBalance | null;
  readonly source: SourceView;
}

export interface PersonViewContext {
  readonly insurerName: string | undefined;
  /** The office snapshot's fetch time (ISO instant), when stored. */
  readonly fetchedAt: string | undefined;
}

function wareki(date: string): string {
  try {
    return formatWareki(date);
  } catch {
    return date;
  }
}

function seireki(date: string): string {
  try {
    return formatSeireki(date);
  } catch {
    return date;
  }
}

export function periodText(period: DatePeriod): PeriodText {
  return { seireki: `${seireki(period.from)}〜${seireki(period.to)}`, wareki: `${wareki(period.from)}〜${wareki(period.to)}` };
}

/** Runs a rule lookup; a day no rule version covers yields null rather than breaking the screen. */
function orNull<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch {
    return null;
  }
}

/** '1,234,567'. */
export function groupDigits(value: number): string {
  return value.toLocaleString('ja-JP');
}

/** @param today today in Japan, YYYY-MM-DD */
export function toPersonView(record: InsuredRecord, today: string, context: PersonViewContext): PersonView {
  const current = burdenRatioOn(record.burdenRatio, today);
  const next = nextBurdenRatioChange(record.burdenRatio, today);
  const eligibility = record.eligibility;
  const certPeriod = eligibility.certificationPeriod;
  const daysLeft = certPeriod ? daysUntilCertificationExpires(certPeriod, today) : null;
  const certification = record.certification;
  const costLimit = record.costLimitCertification;
  const limits = costLimit ? orNull(() => costLimitDailyLimits(costLimit.stage, today)) : null;
  const office = eligibility.assignedCareManagementOffices.find((o) => o.cancelledOn === null);
  const units = eligibility.benefitLimit?.units ?? orNull(() => benefitLimitUnitsFor(eligibility.careLevel, today));
  const source: SourceView =
    record.source.kind === 'paper'
      ? { kind: 'paper', enteredBy: record.source.enteredBy, enteredAt: `${wareki(tokyoDate(new Date(record.source.enteredAt)))}` }
      : { kind: 'platform', fetchedAt: context.fetchedAt ? fetchedAtLabel(context.fetchedAt, today) : null };
  return {
    name: record.identity.name,
    nameKana: record.identity.nameKana,
    insuredNumber: record.insuredNumber,
    insurerName: context.insurerName ?? record.insurerNumber,
    burden: current ? { ratio: current.ratio, label: `${current.ratio}割`, period: periodText(current.period) } : null,
    nextBurden: next
      ? {
          ratio: next.ratio,
          from: next.period.from,
          textJa: `${wareki(next.period.from)}から${next.ratio}割`,
          textEn: `${next.ratio}割 from ${formatMonthDay(next.period.from)}`,
        }
      : null,
    careLevelJa: CARE_LEVEL_LABEL_JA[eligibility.careLevel],
    careLevelEn: CARE_LEVEL_LABEL_EN[eligibility.careLevel],
    certificationPeriod: certPeriod && daysLeft !== null ? { period: periodText(certPeriod), daysLeft, urgency: certificationUrgency(daysLeft) } : null,
    application: certification
      ? {
          statusJa: CERTIFICATION_STATUS_LABEL_JA[certification.status],
          statusEn: CERTIFICATION_STATUS_LABEL_EN[certification.status],
          appliedOn: wareki(certification.appliedOn),
          reviewBoardOn: certification.reviewBoardOn ? wareki(certification.reviewBoardOn) : null,
        }
      : null,
    benefitLimitUnits: units !== null && units > 0 ? units : null,
    restrictions: eligibility.benefitRestrictions.map((r) => ({ content: r.content, period: periodText(r.period) })),
    costLimit: costLimit
      ? {
          stageJa: COST_LIMIT_STAGE_LABEL_JA[costLimit.stage],
          stageEn: COST_LIMIT_STAGE_LABEL_EN[costLimit.stage],
          period: periodText(costLimit.period),
          foodFacilityYen: limits?.foodFacility ?? null,
          foodShortStayYen: limits?.foodShortStay ?? null,
          residence: limits ? ROOM_KINDS.map((kind) => ({ labelJa: ROOM_KIND_LABEL_JA[kind], yen: limits.residence[kind] })) : [],
        }
      : null,
    careManagementOffice: office?.name ?? null,
    homeModification: orNull(() => homeModificationBalance(record.homeModification, today)),
    welfareEquipment: orNull(() => welfareEquipmentBalance(record.welfareEquipmentPurchases, today)),
    source,
  };
}
