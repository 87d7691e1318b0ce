/**
 * Finds the notable people of a demo dataset (the first of each kind, by record index): someone whose 負担割合
 * changes on the next 8/1, someone whose certification ends within 30 days, a renewal under way, and so on.
 * Tests and demo scripts use them instead of hard-coding insured numbers. Read from the records themselves,
 * so it also checks that the generator produced what it promised.
 */
import type { BurdenRatioValue, InsuredRecordContent } from '../../src/domain/index.ts';
import { parseIsoDate } from './demo-dates.ts';
import type { DemoDataset } from './generate-demo-data.ts';
import { isInsurerLive } from './is-insurer-live.ts';

export interface DemoExample {
  readonly index: number;
  readonly insurerNumber: string;
  readonly insuredNumber: string;
}

export interface BurdenRatioChangeExample extends DemoExample {
  readonly from: BurdenRatioValue;
  readonly to: BurdenRatioValue;
  readonly effectiveOn: string;
}

export interface DemoExamples {
  /** A different ratio starts on a day after today (e.g. 8/1から3割). */
  readonly burdenRatioChangeComing: BurdenRatioChangeExample | null;
  /** The ratio in force today started this burden year and differs from the year before. */
  readonly burdenRatioChangedThisYear: BurdenRatioChangeExample | null;
  /** 認定有効期間 ends 0–30 days from today. */
  readonly certificationExpiringWithin30Days: DemoExample | null;
  /**
   * 認定有効期間 ends 31–60 days from today. Periods end on month ends, and on the last day of a month no month
   * end falls 31–60 days ahead; then this is another person whose period ends within 60 days.
   */
  readonly certificationExpiringWithin60Days: DemoExample | null;
  /** A renewal application not yet decided. */
  readonly renewalInProgress: DemoExample | null;
  /** A renewal decided, its new period not yet begun. */
  readonly renewalDecided: DemoExample | null;
  readonly careLevelChangeInProgress: DemoExample | null;
  readonly newApplicationInProgress: DemoExample | null;
  readonly costLimitCertification: DemoExample | null;
  readonly homeModification: DemoExample | null;
  readonly welfareEquipmentPurchase: DemoExample | null;
  readonly benefitRestriction: DemoExample | null;
  /** A 第2号被保険者 (under 65). */
  readonly secondInsured: DemoExample | null;
  readonly programTarget: DemoExample | null;
  /** Named a different care-management office before (a cancelled 届出 row). */
  readonly changedCareManagementOffice: DemoExample | null;
  readonly withDoctorOpinion: DemoExample | null;
  readonly withAssessmentSurvey: DemoExample | null;
  /** Someone whose insurer is not on the platform today: their card is copied in by hand. */
  readonly paperFallback: DemoExample | null;
}

/** The ratio in force on `day`, or null when no period covers it. */
export function burdenRatioOn(record: InsuredRecordContent, day: string): BurdenRatioValue | null {
  const period = record.burdenRatio.periods.find((p) => p.period.from <= day && day <= p.period.to);
  return period ? period.ratio : null;
}

export function findDemoExamples(dataset: DemoDataset, today: string): DemoExamples {
  const todayN = parseIsoDate(today);
  const live = new Map(dataset.insurers.map((i) => [i.insurerNumber, isInsurerLive(i, today)]));
  const withDocument = (kind: 'doctorOpinion' | 'assessmentSurvey'): Set<string> =>
    new Set(dataset.documents.filter((d) => d.kind === kind).map((d) => `${d.insurerNumber}-${d.insuredNumber}`));
  const opinions = withDocument('doctorOpinion');
  const surveys = withDocument('assessmentSurvey');

  const first = (test: (r: InsuredRecordContent) => boolean): DemoExample | null => {
    const index = dataset.records.findIndex(test);
    const r = dataset.records[index];
    return r ? { index, insurerNumber: r.insurerNumber, insuredNumber: r.insuredNumber } : null;
  };
  const second = (test: (r: InsuredRecordContent) => boolean): DemoExample | null => {
    const firstIndex = dataset.records.findIndex(test);
    return firstIndex < 0 ? null : first((r) => r !== dataset.records[firstIndex] && test(r));
  };
  const daysLeft = (r: InsuredRecordContent): number | null =>
    r.eligibility.certificationPeriod ? parseIsoDate(r.eligibility.certificationPeriod.to) - todayN : null;
  const within = (low: number, high: number) => (r: InsuredRecordContent): boolean => {
    const d = daysLeft(r);
    return d !== null && d >= low && d <= high;
  };

  const ratioChange = (future: boolean): BurdenRatioChangeExample | null => {
    for (let index = 0; index < dataset.records.length; index++) {
      const r = dataset.records[index] as InsuredRecordContent;
      const periods = r.burdenRatio.periods;
      for (let k = 1; k < periods.length; k++) {
        const before = periods[k - 1];
        const after = periods[k];
        if (!before || !after || before.ratio === after.ratio) continue;
        const starts = after.period.from;
        const inFuture = starts > today;
        const thisYear = !inFuture && after.period.to >= today;
        if (future ? inFuture : thisYear) {
          return { index, insurerNumber: r.insurerNumber, insuredNumber: r.insuredNumber, from: before.ratio, to: after.ratio, effectiveOn: starts };
        }
      }
    }
    return null;
  };

  const key = (r: InsuredRecordContent): string => `${r.insurerNumber}-${r.insuredNumber}`;
  const fy = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0);
  return {
    burdenRatioChangeComing: ratioChange(true),
    burdenRatioChangedThisYear: ratioChange(false),
    certificationExpiringWithin30Days: first(within(0, 30)),
    certificationExpiringWithin60Days: first(within(31, 60)) ?? second(within(0, 60)),
    renewalInProgress: first((r) => r.certification?.applicationKind === 'renewal' && r.certification.status !== 'decided' && r.certification.status !== 'withdrawn'),
    renewalDecided: first((r) => r.certification?.status === 'decided' && (r.certification.resultPeriod?.from ?? '') > today),
    careLevelChangeInProgress: first((r) => r.certification?.applicationKind === 'change' && r.certification.status !== 'decided'),
    newApplicationInProgress: first((r) => r.certification?.applicationKind === 'new' && r.certification.status !== 'decided'),
    costLimitCertification: first((r) => r.costLimitCertification !== null && r.costLimitCertification.period.to >= today),
    homeModification: first((r) => r.homeModification.usedYen > 0),
    welfareEquipmentPurchase: first((r) => r.welfareEquipmentPurchases.some((w) => w.fiscalYear === fy && w.usedYen > 0)),
    benefitRestriction: first((r) => r.eligibility.benefitRestrictions.some((b) => b.period.from <= today && today <= b.period.to)),
    secondInsured: first((r) => r.identity.birthDate > `${Number(today.slice(0, 4)) - 65}${today.slice(4)}`),
    programTarget: first((r) => r.eligibility.careLevel === 'programTarget'),
    changedCareManagementOffice: first((r) => r.eligibility.assignedCareManagementOffices.some((o) => o.cancelledOn !== null)),
    withDoctorOpinion: first((r) => opinions.has(key(r))),
    withAssessmentSurvey: first((r) => surveys.has(key(r))),
    paperFallback: first((r) => live.get(r.insurerNumber) === false),
  };
}
