/**
 * What changed between two versions of an insured person's record, as change events (see change-event.ts):
 * the facts a care manager or helper should be told about when a feed updates someone. Pure: the caller
 * passes both versions and gets the events in a fixed order.
 *
 * 負担割合 is compared period by period: each period of the new certificate that the old one did not have
 * (a new period, or a period whose ratio or dates changed) is an event when its ratio differs from the ratio
 * the person had on its first day before (from the old certificate, or, for a period beyond the old one,
 * the ratio in force the day before it starts) — e.g. 2割 until 2026-07-31, then 3割 from 2026-08-01.
 */
import type { BurdenRatioPeriod, BurdenRatioValue, InsuredRecordContent } from './insured.ts';
import type { ChangeEventDetail } from './change-event.ts';

export function diffInsuredRecords(before: InsuredRecordContent | null, after: InsuredRecordContent): ChangeEventDetail[] {
  if (before === null) return [{ kind: 'insuredAdded' }];
  const events: ChangeEventDetail[] = [];
  const was = before.eligibility;
  const now = after.eligibility;

  if (!sameJson(before.identity, after.identity)) events.push({ kind: 'identityChanged' });
  if (now.disqualifiedOn !== null && now.disqualifiedOn !== was.disqualifiedOn) {
    events.push({ kind: 'disqualified', disqualifiedOn: now.disqualifiedOn });
  }
  if (now.careLevel !== was.careLevel) events.push({ kind: 'careLevelChanged', from: was.careLevel, to: now.careLevel });
  if (now.certificationPeriod !== null && !sameJson(was.certificationPeriod, now.certificationPeriod)) {
    events.push({ kind: 'certificationRenewed', previousPeriod: was.certificationPeriod, period: now.certificationPeriod });
  }
  const application = after.certification;
  if (application !== null) {
    const previous = before.certification;
    if (previous === null || previous.status !== application.status || previous.appliedOn !== application.appliedOn) {
      events.push({ kind: 'certificationProgress', from: previous?.status ?? null, to: application.status });
    }
  }
  events.push(...burdenRatioEvents(before.burdenRatio.periods, after.burdenRatio.periods));
  if (!sameJson(before.costLimitCertification, after.costLimitCertification)) events.push({ kind: 'costLimitChanged' });
  if (!sameJson(was.benefitRestrictions, now.benefitRestrictions)) events.push({ kind: 'benefitRestrictionChanged' });
  return events;
}

function burdenRatioEvents(before: readonly BurdenRatioPeriod[], after: readonly BurdenRatioPeriod[]): ChangeEventDetail[] {
  const events: ChangeEventDetail[] = [];
  const sorted = [...after].sort((a, b) => (a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : 0));
  for (const period of sorted) {
    if (before.some((old) => sameJson(old, period))) continue;
    const start = period.period.from;
    const from = ratioOn(before, start) ?? ratioOn(after, previousDay(start)) ?? ratioOn(before, previousDay(start));
    if (from === period.ratio) continue;
    events.push({ kind: 'burdenRatioChanged', from, to: period.ratio, effectiveOn: start });
  }
  return events;
}

function ratioOn(periods: readonly BurdenRatioPeriod[], day: string): BurdenRatioValue | null {
  return periods.find((p) => p.period.from <= day && day <= p.period.to)?.ratio ?? null;
}

/** The calendar day before an ISO date (UTC arithmetic: dates carry no time zone). */
function previousDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Deep equality of JSON values, independent of key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  if (keys.length !== Object.keys(right).filter((k) => right[k] !== undefined).length) return false;
  return keys.every((k) => Object.hasOwn(right, k) && sameJson(left[k], right[k]));
}
