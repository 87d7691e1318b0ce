/**
 * Reading a 負担割合証: which ratio is in force on a day, and the next change to show ahead of time
 * ("8/1から3割"). A card holds (usually) two periods of 8/1–7/31; the ratio can also change mid-year.
 */
import { compareDates, isWithinPeriod } from '../dates.ts';
import type { IsoDate } from '../identifiers.ts';
import type { BurdenRatioCertificate, BurdenRatioPeriod } from '../insured.ts';

/**
 * The period of the certificate in force on `date`, or null when none covers it (a gap, or before the first
 * period). Should periods overlap, the one that started last wins: it is the newer decision.
 */
export function burdenRatioOn(certificate: BurdenRatioCertificate, date: IsoDate): BurdenRatioPeriod | null {
  let found: BurdenRatioPeriod | null = null;
  for (const period of certificate.periods) {
    if (!isWithinPeriod(date, period.period)) continue;
    if (!found || compareDates(period.period.from, found.period.from) > 0) found = period;
  }
  return found;
}

/**
 * The first period starting after `date` whose ratio differs from the one in force on `date` (with none in
 * force, simply the next period to start), or null when the ratio stays as it is. A following period with
 * the same ratio is not a change and is passed over.
 */
export function nextBurdenRatioChange(certificate: BurdenRatioCertificate, date: IsoDate): BurdenRatioPeriod | null {
  const current = burdenRatioOn(certificate, date);
  const upcoming = certificate.periods
    .filter((p) => compareDates(p.period.from, date) > 0)
    .sort((a, b) => compareDates(a.period.from, b.period.from));
  return upcoming.find((p) => current === null || p.ratio !== current.ratio) ?? null;
}
