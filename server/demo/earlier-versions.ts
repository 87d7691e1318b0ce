/**
 * The demo's history: for some people of insurers on the platform, the version of their record the insurer sent
 * before today's. Seeding that earlier feed first and today's feed after it leaves exactly today's records, and
 * gives the platform the change events a working office sees — and so notices to acknowledge:
 *  - burdenRatio: a 負担割合証 whose ratio changes (e.g. 2割 until 7/31, 3割 from 8/1) was first sent with its
 *    first period only → burdenRatioChanged;
 *  - renewal: a certification period that began within the last 30 days replaced the year before it →
 *    certificationRenewed, and for every other such person one care level step apart → careLevelChanged.
 * Pure and deterministic: the same records and `today` give the same history.
 */
import { CARE_LEVELS, type CareLevel } from '../../src/domain/care-level.ts';
import { benefitLimitUnitsFor } from '../../src/domain/rules/benefit-limit.ts';
import type { InsuredRecordContent } from '../../src/domain/index.ts';
import { addYears, formatIsoDate, parseIsoDate } from './demo-dates.ts';

export type EarlierChange = 'burdenRatio' | 'renewal' | 'renewalWithCareLevel';

export interface EarlierVersion {
  readonly change: EarlierChange;
  /** The record as the insurer sent it before today's version. */
  readonly record: InsuredRecordContent;
}

/** How far back a certification period may have begun to count as a recent renewal. */
export const RECENT_RENEWAL_DAYS = 30;

/** Care levels a certification moves between (the 要支援/要介護 steps; not 非該当 or 事業対象者). */
const STEPPED_LEVELS: readonly CareLevel[] = CARE_LEVELS.filter((level) => level.startsWith('support') || level.startsWith('care'));

export function planEarlierVersions(records: readonly InsuredRecordContent[], today: string): EarlierVersion[] {
  const todayNumber = parseIsoDate(today);
  const versions: EarlierVersion[] = [];
  let renewals = 0;
  for (const record of records) {
    const ratioChange = earlierBurdenRatio(record);
    if (ratioChange) {
      versions.push({ change: 'burdenRatio', record: ratioChange });
      continue;
    }
    const period = record.eligibility.certificationPeriod;
    if (period === null || !STEPPED_LEVELS.includes(record.eligibility.careLevel)) continue;
    const from = parseIsoDate(period.from);
    if (from > todayNumber || todayNumber - from > RECENT_RENEWAL_DAYS) continue;
    const withLevel = renewals++ % 2 === 1;
    versions.push({ change: withLevel ? 'renewalWithCareLevel' : 'renewal', record: earlierCertification(record, withLevel) });
  }
  return versions;
}

/** The certificate without its last period, when that period's ratio differs from the one before it. */
function earlierBurdenRatio(record: InsuredRecordContent): InsuredRecordContent | null {
  const periods = [...record.burdenRatio.periods].sort((a, b) => (a.period.from < b.period.from ? -1 : 1));
  const last = periods.at(-1);
  const before = periods.at(-2);
  if (!last || !before || last.ratio === before.ratio) return null;
  return { ...record, burdenRatio: { ...record.burdenRatio, periods: periods.slice(0, -1) } };
}

/** The certification of the year before the current period (one level step apart when `withLevel`). */
function earlierCertification(record: InsuredRecordContent, withLevel: boolean): InsuredRecordContent {
  const eligibility = record.eligibility;
  const period = eligibility.certificationPeriod;
  if (period === null) throw new Error('earlierCertification needs a certification period');
  const from = parseIsoDate(period.from);
  const earlierPeriod = { from: formatIsoDate(addYears(from, -1)), to: formatIsoDate(from - 1) };
  const careLevel = withLevel ? neighbourLevel(eligibility.careLevel) : eligibility.careLevel;
  return {
    ...record,
    eligibility: {
      ...eligibility,
      careLevel,
      certifiedOn: eligibility.certifiedOn === null ? null : formatIsoDate(addYears(parseIsoDate(eligibility.certifiedOn), -1)),
      certificationPeriod: earlierPeriod,
      benefitLimit:
        eligibility.benefitLimit === null ? null : { period: earlierPeriod, units: benefitLimitUnitsFor(careLevel, earlierPeriod.from) },
    },
  };
}

/** The level one step below (or above, for the lowest). */
function neighbourLevel(level: CareLevel): CareLevel {
  const index = STEPPED_LEVELS.indexOf(level);
  return (index > 0 ? STEPPED_LEVELS[index - 1] : STEPPED_LEVELS[index + 1]) ?? level;
}
