/**
 * Counts what a demo dataset holds (per insurer, per care level, the notable cases) for the command line's
 * report and for tests of the shares. Counts only: no names or numbers of people.
 */
import { CARE_LEVELS, type CareLevel } from '../../src/domain/index.ts';
import { parseIsoDate } from './demo-dates.ts';
import { burdenRatioOn } from './find-demo-examples.ts';
import type { DemoDataset } from './generate-demo-data.ts';

export interface DemoSummary {
  readonly records: number;
  readonly recordsByInsurer: Readonly<Record<string, number>>;
  readonly careLevels: Readonly<Record<CareLevel, number>>;
  readonly burdenRatios: Readonly<Record<'1' | '2' | '3', number>>;
  readonly burdenRatioChangeComing: number;
  readonly expiringWithin30Days: number;
  readonly expiringWithin60Days: number;
  readonly applicationsInProgress: number;
  readonly costLimitCertifications: number;
  readonly homeModifications: number;
  readonly welfareEquipmentPurchases: number;
  readonly benefitRestrictions: number;
  readonly doctorOpinions: number;
  readonly assessmentSurveys: number;
  readonly links: Readonly<Record<string, number>>;
}

export function summariseDemoData(dataset: DemoDataset, today: string): DemoSummary {
  const todayN = parseIsoDate(today);
  const recordsByInsurer: Record<string, number> = {};
  const careLevels = Object.fromEntries(CARE_LEVELS.map((l) => [l, 0])) as Record<CareLevel, number>;
  const burdenRatios = { '1': 0, '2': 0, '3': 0 };
  let burdenRatioChangeComing = 0;
  let expiringWithin30Days = 0;
  let expiringWithin60Days = 0;
  let applicationsInProgress = 0;
  let costLimitCertifications = 0;
  let homeModifications = 0;
  let welfareEquipmentPurchases = 0;
  let benefitRestrictions = 0;
  for (const r of dataset.records) {
    recordsByInsurer[r.insurerNumber] = (recordsByInsurer[r.insurerNumber] ?? 0) + 1;
    careLevels[r.eligibility.careLevel] += 1;
    const ratio = burdenRatioOn(r, today);
    if (ratio !== null) burdenRatios[String(ratio) as '1' | '2' | '3'] += 1;
    if (r.burdenRatio.periods.some((p) => p.period.from > today && p.ratio !== ratio)) burdenRatioChangeComing += 1;
    const to = r.eligibility.certificationPeriod?.to;
    if (to !== undefined) {
      const left = parseIsoDate(to) - todayN;
      if (left >= 0 && left <= 30) expiringWithin30Days += 1;
      if (left >= 0 && left <= 60) expiringWithin60Days += 1;
    }
    const cert = r.certification;
    if (cert && (cert.status !== 'decided' || (cert.resultPeriod?.from ?? '') > today)) applicationsInProgress += 1;
    if (r.costLimitCertification) costLimitCertifications += 1;
    if (r.homeModification.usedYen > 0) homeModifications += 1;
    if (r.welfareEquipmentPurchases.length > 0) welfareEquipmentPurchases += 1;
    if (r.eligibility.benefitRestrictions.length > 0) benefitRestrictions += 1;
  }
  const links: Record<string, number> = {};
  for (const l of dataset.links) links[l.providerNumber] = (links[l.providerNumber] ?? 0) + 1;
  return {
    records: dataset.records.length,
    recordsByInsurer,
    careLevels,
    burdenRatios,
    burdenRatioChangeComing,
    expiringWithin30Days,
    expiringWithin60Days,
    applicationsInProgress,
    costLimitCertifications,
    homeModifications,
    welfareEquipmentPurchases,
    benefitRestrictions,
    doctorOpinions: dataset.documents.filter((d) => d.kind === 'doctorOpinion').length,
    assessmentSurveys: dataset.documents.filter((d) => d.kind === 'assessmentSurvey').length,
    links,
  };
}
