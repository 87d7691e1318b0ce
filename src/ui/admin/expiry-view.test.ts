import { describe, expect, it } from 'vitest';
import type { ExpiryWarning } from '../../protocol/admin.ts';
import { translate } from '../i18n/translate.ts';
import type { AdminMessage } from './admin-message.ts';
import { credentialBadge, expiryTone, toExpiryWarningViews } from './expiry-view.ts';

const ja = (m: AdminMessage | null): string | null => (m === null ? null : translate('ja', m.key, m.params));

describe('expiryTone', () => {
  it('steps from warning to alert at 15 days and to expired past the end', () => {
    expect([null, 90, 60, 30, 15, 7, 0].map((t) => expiryTone(t as 90 | 60 | 30 | 15 | 7 | 0 | null))).toEqual(['ok', 'warning', 'warning', 'warning', 'alert', 'alert', 'expired']);
  });
});

describe('credentialBadge', () => {
  it('counts Tokyo days to the credential end and names the threshold reached', () => {
    // 2026-12-24T15:00Z is 2026-12-25 00:00 in Tokyo: 30 days after 2026-11-25.
    const badge = credentialBadge('2026-12-24T15:00:00.000Z', '2026-11-25');
    expect(badge.tone).toBe('warning');
    expect(ja(badge.status)).toBe('残り30日');
    expect(ja(badge.threshold)).toBe('30日前の通知');
    expect(ja(badge.until)).toBe('2026/12/25まで');
  });

  it('is an alert a week out, and expired the day after the end', () => {
    expect(credentialBadge('2026-12-01T00:00:00.000Z', '2026-11-25').tone).toBe('alert');
    const expired = credentialBadge('2026-11-24T00:00:00.000Z', '2026-11-25');
    expect(expired.tone).toBe('expired');
    expect(ja(expired.status)).toBe('期限切れ');
    expect(expired.threshold).toBeNull();
    expect(ja(expired.until)).toBe('2026/11/24に期限切れ');
  });

  it('shows a far expiry as valid, with no threshold', () => {
    const badge = credentialBadge('2027-11-25T00:00:00.000Z', '2026-11-25');
    expect(badge.tone).toBe('ok');
    expect(ja(badge.status)).toBe('有効');
    expect(badge.threshold).toBeNull();
  });
});

describe('toExpiryWarningViews', () => {
  const warnings: ExpiryWarning[] = [
    { kind: 'deviceCredential', subject: 'dev-2', label: '訪問用タブレット2', expiresAt: '2027-01-20T00:00:00.000Z', daysLeft: 56, threshold: 60 },
    { kind: 'deviceCredential', subject: 'dev-1', label: '訪問用タブレット1', expiresAt: '2026-12-01T00:00:00.000Z', daysLeft: 6, threshold: 7 },
    { kind: 'officeCertificate', subject: '1312345678', label: '電子請求用証明書', expiresAt: '2026-11-20', daysLeft: -5, threshold: 0 },
  ];

  it('puts the most urgent first and writes each state in words', () => {
    const views = toExpiryWarningViews(warnings);
    expect(views.map((v) => v.id)).toEqual(['officeCertificate:1312345678', 'deviceCredential:dev-1', 'deviceCredential:dev-2']);
    expect(views.map((v) => translate('ja', v.kindKey))).toEqual(['事業所の証明書', '端末証明書', '端末証明書']);
    expect(views.map((v) => [v.badge.tone, ja(v.badge.status), ja(v.badge.threshold)])).toEqual([
      ['expired', '期限切れ', null],
      ['alert', '残り6日', '7日前の通知'],
      ['warning', '残り56日', '60日前の通知'],
    ]);
    expect(ja(views[0]?.badge.until ?? null)).toBe('2026/11/20に期限切れ');
  });
});
