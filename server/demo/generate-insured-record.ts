/**
 * Writes one synthetic insured person's record (InsuredRecordContent) from the traits planned for them:
 * identity, 被保険者証, 負担割合証, 負担限度額認定証, the current 要介護認定 with its progress, and 住宅改修 /
 * 福祉用具購入 usage. Dates are consistent with each other and with `today` (e.g. a renewal is applied for at
 * most 60 days before the period ends; a 第1号被保険者 qualified on the day before turning 65).
 */
import {
  CARE_LEVELS,
  type BurdenRatioCertificate,
  type BurdenRatioValue,
  type CareLevel,
  type Certification,
  type CertificationStatus,
  type CostLimitCertification,
  type CostLimitStage,
  type Eligibility,
  type InsuredIdentity,
  type InsuredRecordContent,
  type Sex,
} from '../../src/domain/index.ts';
import {
  addMonths,
  addYears,
  burdenYearStart,
  dayNumberOf,
  firstDayOfMonth,
  fiscalYearOf,
  formatIsoDate,
  lastDayOfMonth,
  monthIndexOf,
} from './demo-dates.ts';
import { DEMO_CARE_MANAGEMENT_OFFICE, DEMO_PREFECTURE, OTHER_CARE_MANAGEMENT_OFFICE, type DemoTown } from './demo-organisations.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, isFamousName, joinName, type NamePart } from './name-pools.ts';
import type { DemoTraits } from './plan-demo-traits.ts';
import type { SeededRandom } from './seeded-random.ts';

/** 区分支給限度基準額 (units/month, since 2019-10; domain.md §5). */
export const BENEFIT_LIMIT_UNITS: Partial<Record<CareLevel, number>> = {
  support1: 5032,
  support2: 10531,
  care1: 16765,
  care2: 19705,
  care3: 27048,
  care4: 30938,
  care5: 36217,
};

/** The day the long-term-care insurance began: nobody qualified before it. */
const INSURANCE_START = dayNumberOf(2000, 4, 1);

export interface RecordContext {
  readonly rng: SeededRandom;
  readonly today: number;
  readonly town: DemoTown;
  /** Insured numbers already given out by this town's insurer. */
  readonly usedInsuredNumbers: Set<string>;
}

/** The record plus what the certification documents need to know about the person. */
export interface GeneratedInsured {
  readonly record: InsuredRecordContent;
  /** The care level the latest survey and doctor's opinion describe. */
  readonly assessedCareLevel: CareLevel;
  readonly birthDay: number;
}

/** A certification period as day numbers, with how it came about. */
interface PeriodPlan {
  readonly from: number;
  readonly to: number;
  readonly kind: Certification['applicationKind'];
  readonly appliedOn: number;
  readonly surveyOn: number;
  readonly decidedOn: number;
}

const iso = formatIsoDate;

export function generateInsuredRecord(ctx: RecordContext, traits: DemoTraits): GeneratedInsured {
  const { rng, today } = ctx;
  const programTarget = traits.careLevel === 'programTarget';
  const sex: Sex = rng.chance(traits.insuredKind === 'second' ? 0.45 : 0.66) ? 'female' : 'male';
  let birth = drawBirthDay(rng, today, traits.insuredKind);

  const period = programTarget ? null : planPeriod(rng, today, traits);
  // The person must have been insured when they applied: someone who turned 65 (or 40) too recently is made older.
  const threshold = traits.insuredKind === 'second' ? 40 : 65;
  const earliestNeed = period ? period.appliedOn : today - 400;
  while (addYears(birth, threshold) - 1 > earliestNeed) birth = addYears(birth, -1);

  let qualifiedOn = Math.max(addYears(birth, threshold) - 1, INSURANCE_START);
  let movedIn = false;
  if (rng.chance(0.05) && earliestNeed - qualifiedOn > 800) {
    qualifiedOn = qualifiedOn + rng.int(0, earliestNeed - qualifiedOn - 400);
    movedIn = true;
  }
  // 事業対象者: the 基本チェックリスト stands in for a certification.
  const checklistOn = programTarget ? Math.max(qualifiedOn + 1, today - rng.int(30, 700)) : null;

  const identity = drawIdentity(rng, ctx.town, sex, birth);
  const insuredNumber = drawInsuredNumber(rng, ctx.usedInsuredNumbers);
  const certification = planCertification(rng, today, traits, period);
  const assessedCareLevel = certification.status === 'decided' && certification.resultCareLevel ? certification.resultCareLevel : assessedLevel(traits);

  const eligibility = drawEligibility(rng, today, traits, period, checklistOn ?? qualifiedOn, qualifiedOn, ctx.town);
  const record: InsuredRecordContent = {
    insurerNumber: ctx.town.insurer.insurerNumber,
    insuredNumber,
    identity,
    eligibility,
    burdenRatio: drawBurdenRatio(rng, today, traits, qualifiedOn),
    costLimitCertification: traits.costLimit ? drawCostLimit(rng, today, qualifiedOn) : null,
    certification: certification.value,
    homeModification: drawHomeModification(rng, today, traits, qualifiedOn, movedIn),
    welfareEquipmentPurchases: drawWelfarePurchases(rng, today, traits),
  };
  return { record, assessedCareLevel, birthDay: birth };
}

function drawBirthDay(rng: SeededRandom, today: number, kind: DemoTraits['insuredKind']): number {
  const [low, high] =
    kind === 'second'
      ? rng.weighted<readonly [number, number]>([[[45, 54], 30], [[55, 64], 70]])
      : rng.weighted<readonly [number, number]>([
          [[65, 69], 5],
          [[70, 74], 10],
          [[75, 79], 17],
          [[80, 84], 24],
          [[85, 89], 25],
          [[90, 94], 14],
          [[95, 100], 5],
        ]);
  const age = rng.int(low, high);
  return addYears(today, -age) - rng.int(0, 364);
}

function drawIdentity(rng: SeededRandom, town: DemoTown, sex: Sex, birth: number): InsuredIdentity {
  const family = rng.pick(FAMILY_NAMES);
  const pool = sex === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
  let given: NamePart = rng.pick(pool);
  while (isFamousName(family, given)) given = rng.pick(pool);
  const { name, nameKana } = joinName(family, given);
  const district = rng.pick(town.districts);
  let street: string;
  if (district.chome > 0) {
    street = `${district.name}${rng.int(1, district.chome)}丁目${rng.int(1, 28)}番${rng.int(1, 20)}号`;
    if (rng.chance(0.08)) street += ` ${rng.pick(['コーポ', 'ハイツ', 'メゾン'])}${rng.pick(['さくら', '旭', 'みどり', '城山'])}${rng.int(1, 3)}0${rng.int(1, 6)}`;
  } else {
    street = `大字${district.name}${rng.int(1, 2400)}番地${rng.chance(0.3) ? `の${rng.int(1, 9)}` : ''}`;
  }
  return {
    name,
    nameKana,
    birthDate: iso(birth),
    sex,
    postalCode: district.postalCode,
    address: `${DEMO_PREFECTURE}${town.addressPrefix}${street}`,
  };
}

function drawInsuredNumber(rng: SeededRandom, used: Set<string>): string {
  for (;;) {
    const candidate = String(rng.int(10_000_000, 99_999_999)).padStart(10, '0');
    if (!used.has(candidate)) {
      used.add(candidate);
      return candidate;
    }
  }
}

/**
 * The current 認定有効期間: it ends at a month end chosen by the expiry bucket, and began `months` earlier
 * (on the 1st for a renewal, on the application day for a new or change application).
 */
function planPeriod(rng: SeededRandom, today: number, traits: DemoTraits): PeriodPlan {
  const m0 = monthIndexOf(today);
  const kind = rng.weighted<Certification['applicationKind']>([['renewal', 82], ['new', 12], ['change', 6]]);
  const months =
    kind === 'renewal'
      ? rng.weighted<number>([[12, 25], [24, 20], [36, 35], [48, 20]])
      : rng.weighted<number>([[6, 55], [12, 45]]);
  let k: number;
  if (traits.expiry === 'within30') {
    k = 0;
  } else if (traits.expiry === 'within60') {
    k = lastDayOfMonth(m0 + 1) - today <= 60 ? 1 : 0;
  } else {
    let kMin = 1;
    while (lastDayOfMonth(m0 + kMin) - today <= 60) kMin++;
    // A new/change period starts mid-month in month (end − months); its decision (≈40 days) must lie in the past.
    const kMax = kind === 'renewal' ? months - 1 : months - 2;
    k = rng.int(kMin, Math.max(kMin, kMax));
  }
  const to = lastDayOfMonth(m0 + k);
  if (kind === 'renewal') {
    const from = firstDayOfMonth(m0 + k - months + 1);
    const appliedOn = from - rng.int(35, 60);
    const decidedOn = Math.min(from - 1, appliedOn + rng.int(25, 35));
    return { from, to, kind, appliedOn, surveyOn: appliedOn + rng.int(7, 18), decidedOn };
  }
  const startMonth = m0 + k - months;
  const monthLength = lastDayOfMonth(startMonth) - firstDayOfMonth(startMonth) + 1;
  const from = Math.min(firstDayOfMonth(startMonth) + rng.int(0, monthLength - 1), today - 45);
  const decidedOn = Math.min(today - 1, from + rng.int(25, 40));
  return { from, to, kind, appliedOn: from, surveyOn: from + rng.int(7, 18), decidedOn };
}

function shiftLevel(rng: SeededRandom, level: CareLevel): CareLevel {
  const i = CARE_LEVELS.indexOf(level);
  const lowest = CARE_LEVELS.indexOf('support1');
  const j = Math.min(CARE_LEVELS.length - 1, Math.max(lowest, i + (rng.chance(0.65) ? 1 : -1)));
  return CARE_LEVELS[j === i ? (i === lowest ? i + 1 : i - 1) : j] as CareLevel;
}

/** The care level the survey describes when no decision has been made yet. */
function assessedLevel(traits: DemoTraits): CareLevel {
  if (traits.careLevel === 'programTarget') return 'support1';
  if (traits.changeInProgress) {
    const i = CARE_LEVELS.indexOf(traits.careLevel);
    return CARE_LEVELS[Math.min(CARE_LEVELS.length - 1, i + 1)] as CareLevel;
  }
  return traits.careLevel;
}

type StatusRange = readonly [CertificationStatus, number, number];

/** Days from application to each status (the law asks for a decision within 30 days; it often takes longer). */
const STATUS_ELAPSED: readonly StatusRange[] = [
  ['applied', 0, 3],
  ['surveyScheduled', 4, 11],
  ['surveyed', 12, 19],
  ['opinionReceived', 20, 27],
  ['reviewScheduled', 28, 37],
  ['decided', 30, 60],
];

/** Status of an undecided application `elapsed` days old. */
function statusAfter(elapsed: number): CertificationStatus {
  const found = STATUS_ELAPSED.find(([s, , high]) => s !== 'decided' && elapsed <= high);
  return found ? found[0] : 'reviewScheduled';
}

/** The certification to show: an application under way, or the decision behind the current period. */
function planCertification(
  rng: SeededRandom,
  today: number,
  traits: DemoTraits,
  period: PeriodPlan | null,
): { value: Certification | null; status: CertificationStatus | null; resultCareLevel: CareLevel | null } {
  let appliedOn: number | null = null;
  let kind: Certification['applicationKind'] = 'renewal';
  let status: CertificationStatus = 'applied';
  if (period && traits.renewalInProgress) {
    // 更新申請 may be filed from 60 days before the period ends; the status follows from the days since.
    const maxElapsed = today - Math.max(period.to - 60, period.from + 1);
    const feasible = STATUS_ELAPSED.filter(([s, low]) => s !== 'decided' && low <= maxElapsed);
    const [chosen, low, high] = traits.renewalDecided ? (STATUS_ELAPSED[STATUS_ELAPSED.length - 1] as StatusRange) : rng.pick(feasible);
    status = chosen;
    appliedOn = today - rng.int(Math.min(low, maxElapsed), Math.min(high, maxElapsed));
  } else if (period && traits.changeInProgress) {
    appliedOn = Math.max(period.from + 1, today - rng.int(0, 37));
    kind = 'change';
    status = statusAfter(today - appliedOn);
  } else if (!period && traits.newApplicationInProgress) {
    appliedOn = today - rng.int(0, 37);
    kind = 'new';
    status = statusAfter(today - appliedOn);
  }

  if (appliedOn === null) {
    if (!period) return { value: null, status: null, resultCareLevel: null };
    const value: Certification = {
      appliedOn: iso(period.appliedOn),
      applicationKind: period.kind,
      status: 'decided',
      surveyOn: iso(period.surveyOn),
      reviewBoardOn: iso(period.decidedOn),
      decidedOn: iso(period.decidedOn),
      resultCareLevel: traits.careLevel,
      resultPeriod: { from: iso(period.from), to: iso(period.to) },
    };
    return { value, status: 'decided', resultCareLevel: traits.careLevel };
  }

  const elapsed = today - appliedOn;
  const step = STATUS_ELAPSED.findIndex(([s]) => s === status);
  let surveyOn: number | null = null;
  if (status === 'surveyScheduled') surveyOn = today + rng.int(1, 10);
  else if (step >= 2) surveyOn = appliedOn + rng.int(Math.min(4, elapsed), Math.max(Math.min(4, elapsed), Math.min(15, elapsed - 1)));
  let reviewBoardOn: number | null = null;
  let decidedOn: number | null = null;
  let resultCareLevel: CareLevel | null = null;
  let resultPeriod: Certification['resultPeriod'] = null;
  if (status === 'reviewScheduled') reviewBoardOn = today + rng.int(1, 12);
  if (status === 'decided' && period) {
    decidedOn = appliedOn + rng.int(30, Math.max(30, elapsed));
    decidedOn = Math.min(decidedOn, today);
    reviewBoardOn = decidedOn;
    resultCareLevel = rng.chance(0.6) ? traits.careLevel : shiftLevel(rng, traits.careLevel);
    const months = resultCareLevel === traits.careLevel ? rng.weighted<number>([[12, 25], [24, 20], [36, 35], [48, 20]]) : 12;
    const from = period.to + 1;
    resultPeriod = { from: iso(from), to: iso(lastDayOfMonth(monthIndexOf(from) + months - 1)) };
  }
  const value: Certification = {
    appliedOn: iso(appliedOn),
    applicationKind: kind,
    status,
    surveyOn: surveyOn === null ? null : iso(surveyOn),
    reviewBoardOn: reviewBoardOn === null ? null : iso(reviewBoardOn),
    decidedOn: decidedOn === null ? null : iso(decidedOn),
    resultCareLevel,
    resultPeriod,
  };
  return { value, status, resultCareLevel };
}

const REVIEW_BOARD_OPINIONS = [
  '通所リハビリテーションの利用が望ましい。',
  '認知症の進行に留意し、通所系サービスの継続が望ましい。',
  '転倒予防のため、福祉用具の活用を検討すること。',
  '医療系サービスの利用を検討すること。',
];

const BENEFIT_RESTRICTIONS = [
  '支払方法変更（償還払い）',
  '保険給付の一時差止',
  '給付額減額（給付率7割）',
];

function drawEligibility(
  rng: SeededRandom,
  today: number,
  traits: DemoTraits,
  period: PeriodPlan | null,
  decisionOrChecklist: number,
  qualifiedOn: number,
  town: DemoTown,
): Eligibility {
  const certifiedOn = period ? period.decidedOn : null;
  const issuedBase = period ? period.decidedOn : decisionOrChecklist;
  const units = BENEFIT_LIMIT_UNITS[traits.careLevel];

  const offices: Eligibility['assignedCareManagementOffices'] = [];
  const currentOffice = pickAssignedOffice(rng, traits, town);
  // The 届出 is made once, when care management starts; renewals do not repeat it.
  const startedOn = period && period.kind === 'renewal' ? period.from - rng.int(0, 1500) : (period ? period.appliedOn : decisionOrChecklist) + rng.int(0, 10);
  const notifiedOn = Math.min(today, Math.max(qualifiedOn + 30, startedOn));
  if (rng.chance(0.08) && notifiedOn - qualifiedOn > 120) {
    // An earlier office, cancelled when the person changed to the current one.
    const earlier = currentOffice.previous;
    offices.push({
      providerNumber: earlier.providerNumber,
      name: earlier.name,
      notifiedOn: iso(notifiedOn - rng.int(90, Math.min(1500, notifiedOn - qualifiedOn))),
      cancelledOn: iso(notifiedOn - 1),
    });
  }
  offices.push({ providerNumber: currentOffice.office.providerNumber, name: currentOffice.office.name, notifiedOn: iso(notifiedOn), cancelledOn: null });

  const benefitRestrictions: Eligibility['benefitRestrictions'] = [];
  if (traits.benefitRestriction) {
    const from = firstDayOfMonth(monthIndexOf(today) - rng.int(1, 10));
    benefitRestrictions.push({ content: rng.pick(BENEFIT_RESTRICTIONS), period: { from: iso(from), to: iso(addMonths(from, 12) - 1) } });
  }

  const facilityStays: Eligibility['facilityStays'] = [];
  if (traits.facilityStayHistory && period) {
    const discharged = Math.max(qualifiedOn + 30, period.from - rng.int(10, 200));
    facilityStays.push({
      kind: '介護老人保健施設',
      name: '介護老人保健施設さくらの丘',
      admittedOn: iso(Math.max(qualifiedOn, discharged - rng.int(30, 150))),
      dischargedOn: iso(Math.min(today, discharged)),
    });
  }

  return {
    issuedOn: iso(Math.min(today, issuedBase + rng.int(3, 10))),
    qualifiedOn: iso(qualifiedOn),
    disqualifiedOn: null,
    careLevel: traits.careLevel,
    certifiedOn: certifiedOn === null ? null : iso(certifiedOn),
    certificationPeriod: period ? { from: iso(period.from), to: iso(period.to) } : null,
    benefitLimit: period && units !== undefined ? { period: { from: iso(period.from), to: iso(period.to) }, units } : null,
    serviceKindLimits: [],
    reviewBoardOpinion: rng.chance(0.06) ? rng.pick(REVIEW_BOARD_OPINIONS) : '',
    benefitRestrictions,
    assignedCareManagementOffices: offices,
    facilityStays,
  };
}

type OfficeRef = { readonly providerNumber: string; readonly name: string };

/**
 * Most people name the demo office in their 届出. Some 要支援 people (and every 事業対象者) name the town's
 * 地域包括支援センター, which entrusts their plan to the demo office. `previous` is the office an earlier,
 * cancelled row names: usually the centre (moving from 要支援 to 要介護 moves the person to an office).
 */
function pickAssignedOffice(rng: SeededRandom, traits: DemoTraits, town: DemoTown): { office: OfficeRef; previous: OfficeRef } {
  const centre = town.communityCareCentre;
  const lightNeed = traits.careLevel === 'support1' || traits.careLevel === 'support2';
  if (traits.careLevel === 'programTarget' || (lightNeed && rng.chance(0.25))) return { office: centre, previous: OTHER_CARE_MANAGEMENT_OFFICE };
  return { office: DEMO_CARE_MANAGEMENT_OFFICE, previous: rng.chance(0.6) ? centre : OTHER_CARE_MANAGEMENT_OFFICE };
}

/** Picks a ratio other than `ratio`, favouring the likely moves (1→2, 2→3, 3→2). */
function otherRatio(rng: SeededRandom, ratio: BurdenRatioValue): BurdenRatioValue {
  if (ratio === 1) return rng.weighted<BurdenRatioValue>([[2, 70], [3, 30]]);
  if (ratio === 2) return rng.weighted<BurdenRatioValue>([[3, 60], [1, 40]]);
  return rng.weighted<BurdenRatioValue>([[2, 80], [1, 20]]);
}

/**
 * 負担割合証: the 8/1–7/31 year containing today; a change that took effect on this year's 8/1 shows the old
 * year above it, and a change decided for the next 8/1 shows the next year below it.
 */
function drawBurdenRatio(rng: SeededRandom, today: number, traits: DemoTraits, qualifiedOn: number): BurdenRatioCertificate {
  const yearStart = burdenYearStart(today);
  const yearEnd = addYears(yearStart, 1) - 1;
  const currentFrom = Math.max(yearStart, qualifiedOn);
  const current = { ratio: traits.burdenRatio, period: { from: iso(currentFrom), to: iso(yearEnd) } };
  const julyBefore = (start: number): number => start - rng.int(8, 20);

  if (traits.burdenRatioChange === 'upcoming') {
    const nextStart = yearEnd + 1;
    return {
      issuedOn: iso(Math.max(currentFrom, today - rng.int(0, 20))),
      periods: [current, { ratio: otherRatio(rng, traits.burdenRatio), period: { from: iso(nextStart), to: iso(addYears(nextStart, 1) - 1) } }],
    };
  }
  const previousStart = addYears(yearStart, -1);
  if (traits.burdenRatioChange === 'thisYear' && qualifiedOn <= previousStart) {
    return {
      issuedOn: iso(Math.min(today, julyBefore(yearStart))),
      periods: [{ ratio: otherRatio(rng, traits.burdenRatio), period: { from: iso(previousStart), to: iso(yearStart - 1) } }, current],
    };
  }
  return { issuedOn: iso(Math.min(today, currentFrom === yearStart ? julyBefore(yearStart) : currentFrom)), periods: [current] };
}

function drawCostLimit(rng: SeededRandom, today: number, qualifiedOn: number): CostLimitCertification {
  const yearStart = burdenYearStart(today);
  const stage = rng.weighted<CostLimitStage>([['stage1', 5], ['stage2', 40], ['stage3a', 30], ['stage3b', 25]]);
  // Renewed each August; someone who applied later in the year holds it from the 1st of the application month.
  const lateMonths = monthIndexOf(today) - monthIndexOf(yearStart);
  const from = Math.max(
    rng.chance(0.3) && lateMonths > 0 ? firstDayOfMonth(monthIndexOf(yearStart) + rng.int(1, lateMonths)) : yearStart,
    firstDayOfMonth(monthIndexOf(qualifiedOn) + 1),
  );
  const to = addYears(yearStart, 1) - 1;
  const start = Math.min(from, to);
  return {
    stage,
    period: { from: iso(start), to: iso(to) },
    issuedOn: iso(Math.min(today, start === yearStart ? yearStart - rng.int(5, 12) : start + rng.int(3, 15))),
  };
}

function drawHomeModification(rng: SeededRandom, today: number, traits: DemoTraits, qualifiedOn: number, movedIn: boolean): InsuredRecordContent['homeModification'] {
  if (!traits.homeModification) return { usedYen: 0, countedSince: iso(qualifiedOn) };
  let countedSince = qualifiedOn;
  // The ¥200,000 count restarts after a move or when need rises three steps.
  if (!movedIn && rng.chance(0.15) && today - qualifiedOn > 400) countedSince = qualifiedOn + rng.int(200, today - qualifiedOn - 60);
  const usedYen = rng.weighted<number>([[rng.int(150, 800) * 100, 55], [rng.int(801, 1999) * 100, 35], [200_000, 10]]);
  return { usedYen, countedSince: iso(countedSince) };
}

function drawWelfarePurchases(rng: SeededRandom, today: number, traits: DemoTraits): InsuredRecordContent['welfareEquipmentPurchases'] {
  if (!traits.welfareEquipmentPurchase) return [];
  const fy = fiscalYearOf(today);
  const purchases: InsuredRecordContent['welfareEquipmentPurchases'] = [];
  if (rng.chance(0.3)) purchases.push({ fiscalYear: fy - 1, usedYen: rng.int(30, 1000) * 100 });
  purchases.push({ fiscalYear: fy, usedYen: rng.int(30, 1000) * 100 });
  return purchases;
}
