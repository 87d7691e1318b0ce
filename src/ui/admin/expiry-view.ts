/**
 * Expiry warnings as the admin reads them: what expires (office certificate or a device credential), how many
 * days are left, which notice threshold (90/60/30/15/7 days, or expired) was reached, and a tone. The tone only
 * adds colour; every state is also written out, so colour is never the only signal (WCAG 1.4.1).
 */
import { daysUntilExpiry, expiryThreshold, type ExpiryThreshold } from '../../domain/credential-expiry.ts';
import type { ExpiryWarning } from '../../protocol/admin.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { AdminMessage } from './admin-message.ts';
import { adminDate, adminDayOf } from './admin-time.ts';

/** expired: past; alert: 15 days or fewer; warning: 90 days or fewer; ok: further away. */
export type ExpiryTone = 'expired' | 'alert' | 'warning' | 'ok';

export function expiryTone(threshold: ExpiryThreshold | null): ExpiryTone {
  if (threshold === null) return 'ok';
  if (threshold === 0) return 'expired';
  return threshold <= 15 ? 'alert' : 'warning';
}

export interface ExpiryBadge {
  tone: ExpiryTone;
  /** 残り12日 / 期限切れ / 有効 */
  status: AdminMessage;
  /** 30日前の通知, or null when expired or no threshold is reached. */
  threshold: AdminMessage | null;
  /** 2027/04/01まで / 2026/11/20に期限切れ */
  until: AdminMessage;
}

export function expiryBadge(daysLeft: number, threshold: ExpiryThreshold | null, expiresAt: string): ExpiryBadge {
  const tone = expiryTone(threshold);
  const date = adminDate(expiresAt);
  if (tone === 'expired') {
    return { tone, status: { key: 'adminExpiryExpired' }, threshold: null, until: { key: 'adminExpiryExpiredOn', params: { date } } };
  }
  return {
    tone,
    status: tone === 'ok' ? { key: 'adminExpiryOk' } : { key: 'adminExpiryDaysLeft', params: { days: daysLeft } },
    threshold: threshold === null ? null : { key: 'adminExpiryThreshold', params: { days: threshold } },
    until: { key: 'adminExpiryUntil', params: { date } },
  };
}

/** A device credential's badge in the device list, counted in Tokyo calendar days from `today`. */
export function credentialBadge(credentialExpiresAt: string, today: string): ExpiryBadge {
  const daysLeft = daysUntilExpiry(today, adminDayOf(credentialExpiresAt));
  return expiryBadge(daysLeft, expiryThreshold(daysLeft), credentialExpiresAt);
}

export interface ExpiryWarningView {
  id: string;
  kindKey: MessageKey;
  label: string;
  badge: ExpiryBadge;
}

/** The server's warnings, the most urgent first (the office certificate first among equals). */
export function toExpiryWarningViews(warnings: readonly ExpiryWarning[]): ExpiryWarningView[] {
  return [...warnings]
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.kind === b.kind ? a.label.localeCompare(b.label, 'ja') : a.kind === 'officeCertificate' ? -1 : 1))
    .map((warning) => ({
      id: `${warning.kind}:${warning.subject}`,
      kindKey: warning.kind === 'officeCertificate' ? 'adminExpiryOffice' : 'adminExpiryDevice',
      label: warning.label,
      badge: expiryBadge(warning.daysLeft, warning.threshold, warning.expiresAt),
    }));
}
