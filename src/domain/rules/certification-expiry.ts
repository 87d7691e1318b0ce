/**
 * How close a 認定有効期間 is to its end, for the renewal reminders: renewal applications are accepted from
 * 60 days before the end, so the warning starts there.
 */
import { daysBetween } from '../dates.ts';
import type { DatePeriod, IsoDate } from '../identifiers.ts';

/** Days from `today` to the last day of the period: 0 on the last day, negative once it has passed. */
export function daysUntilCertificationExpires(period: DatePeriod, today: IsoDate): number {
  return daysBetween(today, period.to);
}

export type CertificationUrgency = 'ok' | 'warning' | 'alert' | 'expired';

/** Thresholds of the classifier, in days left. */
export const CERTIFICATION_URGENCY_DAYS = { warning: 60, alert: 30 } as const;

/** 'expired' below 0 days left, 'alert' below 30, 'warning' below 60, else 'ok'. */
export function certificationUrgency(daysLeft: number): CertificationUrgency {
  if (daysLeft < 0) return 'expired';
  if (daysLeft < CERTIFICATION_URGENCY_DAYS.alert) return 'alert';
  if (daysLeft < CERTIFICATION_URGENCY_DAYS.warning) return 'warning';
  return 'ok';
}
