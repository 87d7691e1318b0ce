/**
 * Decides, before any record is written, which traits each synthetic person has (town, care level, burden
 * ratio, an expiring certification, a cost-limit certification, …). Rare traits are dealt like cards from a
 * deck: exactly round(share × size) people get them (at least one), so even a small dataset contains every
 * notable case and the shares in a large one are what the brief says, not a coin's luck.
 */
import type { BurdenRatioValue, CareLevel } from '../../src/domain/index.ts';
import type { SeededRandom } from './seeded-random.ts';

export type InsuredKind = 'first' | 'second';
export type ExpiryBucket = 'within30' | 'within60' | 'later';
export type BurdenRatioChange = 'none' | 'upcoming' | 'thisYear';

/** What one person will be like; the record generator turns it into dates and text. */
export interface DemoTraits {
  readonly townIndex: number;
  /** 第1号被保険者 (65+) or 第2号 (40–64, certified for a 特定疾病). */
  readonly insuredKind: InsuredKind;
  readonly careLevel: CareLevel;
  /** The ratio in force today. */
  readonly burdenRatio: BurdenRatioValue;
  readonly burdenRatioChange: BurdenRatioChange;
  /** When the current 認定有効期間 ends, seen from today (programTarget people have none). */
  readonly expiry: ExpiryBucket;
  /** A renewal application is under way (only for periods ending within 60 days). */
  readonly renewalInProgress: boolean;
  /** That renewal is already decided, its new period starting after the current one (within-30-days only). */
  readonly renewalDecided: boolean;
  /** A 区分変更 application is under way. */
  readonly changeInProgress: boolean;
  /** A 事業対象者 has applied for a first certification. */
  readonly newApplicationInProgress: boolean;
  readonly costLimit: boolean;
  readonly benefitRestriction: boolean;
  readonly homeModification: boolean;
  readonly welfareEquipmentPurchase: boolean;
  readonly facilityStayHistory: boolean;
}

/** The shares the demo aims for, as fractions of all people. */
export const DEMO_SHARES = {
  programTarget: 0.02,
  secondInsured: 0.03,
  burdenRatio2: 0.12,
  burdenRatio3: 0.07,
  burdenRatioUpcomingChange: 0.05,
  burdenRatioChangedThisYear: 0.04,
  expiringWithin30: 0.04,
  expiringWithin60: 0.04,
  /** Of those expiring within 60 days. */
  renewalInProgress: 0.6,
  /** Of renewals under way for periods ending within 30 days. */
  renewalDecided: 0.35,
  changeInProgress: 0.015,
  /** Of programTarget people. */
  newApplicationInProgress: 0.4,
  costLimit: 0.15,
  benefitRestriction: 0.01,
  homeModification: 0.1,
  welfareEquipmentPurchase: 0.1,
  facilityStayHistory: 0.03,
} as const;

/** 要支援1 … 要介護5 among certified people: more light need than heavy (national pattern). */
const CARE_LEVEL_WEIGHTS: readonly (readonly [CareLevel, number])[] = [
  ['support1', 14],
  ['support2', 14],
  ['care1', 21],
  ['care2', 17],
  ['care3', 13],
  ['care4', 12],
  ['care5', 9],
];

export function planDemoTraits(rng: SeededRandom, size: number, townShares: readonly number[]): DemoTraits[] {
  const all = Array.from({ length: size }, (_, i) => i);
  const count = (share: number, eligible: number): number => Math.min(eligible, Math.max(1, Math.round(share * size)));
  const deal = (eligible: readonly number[], share: number): Set<number> => new Set(rng.sample(eligible, count(share, eligible.length)));
  const dealFraction = (eligible: readonly number[], fraction: number): Set<number> =>
    new Set(rng.sample(eligible, Math.min(eligible.length, Math.max(1, Math.round(fraction * eligible.length)))));

  // Towns: contiguous quotas by share, then shuffled so towns interleave.
  const townOf: number[] = [];
  townShares.forEach((share, town) => {
    const n = town === townShares.length - 1 ? size - townOf.length : Math.round(share * size);
    for (let k = 0; k < n && townOf.length < size; k++) townOf.push(town);
  });
  const townOrder = rng.sample(townOf, townOf.length);

  const programTarget = deal(all, DEMO_SHARES.programTarget);
  const secondInsured = deal(all.filter((i) => !programTarget.has(i)), DEMO_SHARES.secondInsured);
  const firstInsured = all.filter((i) => !secondInsured.has(i));
  const certified = all.filter((i) => !programTarget.has(i));

  const ratio2 = deal(firstInsured, DEMO_SHARES.burdenRatio2);
  const ratio3 = deal(firstInsured.filter((i) => !ratio2.has(i)), DEMO_SHARES.burdenRatio3);
  const upcoming = deal(firstInsured, DEMO_SHARES.burdenRatioUpcomingChange);
  const thisYear = deal(firstInsured.filter((i) => !upcoming.has(i)), DEMO_SHARES.burdenRatioChangedThisYear);

  const within30 = deal(certified, DEMO_SHARES.expiringWithin30);
  const within60 = deal(certified.filter((i) => !within30.has(i)), DEMO_SHARES.expiringWithin60);
  const expiring = certified.filter((i) => within30.has(i) || within60.has(i));
  const renewal = dealFraction(expiring, DEMO_SHARES.renewalInProgress);
  const decided = dealFraction([...renewal].filter((i) => within30.has(i)), DEMO_SHARES.renewalDecided);
  const change = deal(certified.filter((i) => !within30.has(i) && !within60.has(i)), DEMO_SHARES.changeInProgress);
  const newApplication = dealFraction([...programTarget], DEMO_SHARES.newApplicationInProgress);

  const ratioOf = (i: number): BurdenRatioValue => (ratio3.has(i) ? 3 : ratio2.has(i) ? 2 : 1);
  // 負担限度額認定 needs a household exempt from resident tax, which also means 1割.
  const costLimit = deal(all.filter((i) => ratioOf(i) === 1), DEMO_SHARES.costLimit);
  const restriction = deal(firstInsured, DEMO_SHARES.benefitRestriction);
  const homeModification = deal(certified, DEMO_SHARES.homeModification);
  const welfare = deal(certified, DEMO_SHARES.welfareEquipmentPurchase);
  const facility = deal(certified, DEMO_SHARES.facilityStayHistory);

  return all.map((i) => ({
    townIndex: townOrder[i] ?? 0,
    insuredKind: secondInsured.has(i) ? 'second' : 'first',
    careLevel: programTarget.has(i) ? 'programTarget' : rng.weighted(CARE_LEVEL_WEIGHTS),
    burdenRatio: ratioOf(i),
    burdenRatioChange: upcoming.has(i) ? 'upcoming' : thisYear.has(i) ? 'thisYear' : 'none',
    expiry: within30.has(i) ? 'within30' : within60.has(i) ? 'within60' : 'later',
    renewalInProgress: renewal.has(i),
    renewalDecided: decided.has(i),
    changeInProgress: change.has(i),
    newApplicationInProgress: newApplication.has(i),
    costLimit: costLimit.has(i),
    benefitRestriction: restriction.has(i),
    homeModification: homeModification.has(i),
    welfareEquipmentPurchase: welfare.has(i),
    facilityStayHistory: facility.has(i),
  }));
}
