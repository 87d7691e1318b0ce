/**
 * Expiry warnings for credentials (device credentials and the office's 電子請求 client certificate): as the
 * オンライン資格確認 rules do, a warning from 90 days before, stepping up at 60, 30, 15 and 7 days, and 0 once
 * expired. Days are counted between Tokyo calendar dates.
 */
import { toDayNumber } from './dates.ts';
import type { IsoDate } from './identifiers.ts';

export const EXPIRY_THRESHOLDS = [90, 60, 30, 15, 7] as const;
export type ExpiryThreshold = (typeof EXPIRY_THRESHOLDS)[number] | 0;

/** The smallest threshold reached, or null while more than 90 days remain. */
export function expiryThreshold(daysLeft: number): ExpiryThreshold | null {
  if (daysLeft < 0) return 0;
  let reached: ExpiryThreshold | null = null;
  for (const threshold of EXPIRY_THRESHOLDS) if (daysLeft <= threshold) reached = threshold;
  return reached;
}

/** Days from `today` to `expiresOn` (both YYYY-MM-DD); negative once past. */
export function daysUntilExpiry(today: IsoDate, expiresOn: IsoDate): number {
  return toDayNumber(expiresOn) - toDayNumber(today);
}
