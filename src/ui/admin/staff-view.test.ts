import { describe, expect, it } from 'vitest';
import type { StaffSummary } from '../../protocol/admin.ts';
import { translate } from '../i18n/translate.ts';
import { compareStaffRows, offboardPreview, offboardResult, offboardRule, pinState, toStaffRow } from './staff-view.ts';

const NOW = new Date('2026-11-25T01:00:00.000Z');

function staff(overrides: Partial<StaffSummary> = {}): StaffSummary {
  return {
    staffId: 'helper-sato',
    name: '佐藤 花子',
    role: 'helper',
    retiredAt: null,
    hasPin: true,
    pinLockedUntil: null,
    passkeys: 1,
    activeDevices: 2,
    activeSessions: 3,
    ...overrides,
  };
}

describe('offboardRule', () => {
  it('lets an admin offboard someone else who still works here', () => {
    expect(offboardRule(staff(), 'admin-tanaka')).toEqual({ allowed: true });
  });

  it('refuses the admin themself, with the reason in Japanese', () => {
    const rule = offboardRule(staff({ staffId: 'admin-tanaka', role: 'admin' }), 'admin-tanaka');
    expect(rule.allowed).toBe(false);
    if (rule.allowed) return;
    expect(rule.reason).toBe('self');
    expect(translate('ja', rule.reasonKey)).toBe('自分自身は退職・端末回収できません。別の管理者に依頼してください。');
  });

  it('refuses someone already retired, even oneself', () => {
    const rule = offboardRule(staff({ staffId: 'admin-tanaka', retiredAt: '2026-10-31T09:00:00.000Z' }), 'admin-tanaka');
    expect(rule).toMatchObject({ allowed: false, reason: 'retired' });
  });
});

describe('pinState', () => {
  it('shows a lock only while it lasts, with its end in Japan time', () => {
    const locked = pinState(staff({ pinLockedUntil: '2026-11-25T01:15:00.000Z' }), NOW);
    expect(locked.state).toBe('locked');
    expect(translate('ja', locked.message.key, locked.message.params)).toBe('ロック中（2026/11/25 10:15まで）');
    expect(pinState(staff({ pinLockedUntil: '2026-11-25T00:59:59.000Z' }), NOW).state).toBe('set');
    expect(pinState(staff({ hasPin: false }), NOW).message.key).toBe('adminPinNotSet');
  });
});

describe('toStaffRow', () => {
  it('turns a summary into words and rules', () => {
    const row = toStaffRow(staff({ role: 'careManager' }), 'admin-tanaka', NOW);
    expect(translate('ja', row.roleKey)).toBe('ケアマネジャー');
    expect(row).toMatchObject({ isSelf: false, pinState: 'set', passkeys: 1, activeDevices: 2, activeSessions: 3, retiredOn: null, canIssueCode: true });
    expect(row.offboard.allowed).toBe(true);
  });

  it('shows the 退職 day in Japan time and offers no code to a retired person', () => {
    const row = toStaffRow(staff({ retiredAt: '2026-10-31T15:30:00.000Z' }), 'admin-tanaka', NOW);
    expect(row.retiredOn).toBe('2026/11/01');
    expect(row.canIssueCode).toBe(false);
  });

  it('sorts employed staff before retired, then by name', () => {
    const rows = [
      toStaffRow(staff({ staffId: 'c', name: 'い', retiredAt: '2026-01-01T00:00:00Z' }), 'x', NOW),
      toStaffRow(staff({ staffId: 'b', name: 'う' }), 'x', NOW),
      toStaffRow(staff({ staffId: 'a', name: 'あ' }), 'x', NOW),
    ].sort(compareStaffRows);
    expect(rows.map((r) => r.staffId)).toEqual(['a', 'b', 'c']);
  });
});

describe('offboard texts', () => {
  it('lists what will be revoked, the PIN only when one is set', () => {
    const withPin = offboardPreview(staff()).map((m) => translate('ja', m.key, m.params));
    expect(withPin).toEqual(['利用中の端末 2台（端末証明書を失効）', 'パスキー 1件', 'サインイン中のセッション 3件', '暗証番号によるサインイン']);
    expect(offboardPreview(staff({ hasPin: false }))).toHaveLength(3);
  });

  it('reports the counts the server revoked', () => {
    const texts = offboardResult('佐藤 花子', {
      staffId: 'helper-sato',
      retiredAt: '2026-11-25T02:30:00.000Z',
      revokedDevices: ['dev-1', 'dev-2'],
      revokedPasskeys: 1,
      revokedSessions: 4,
    }).map((m) => translate('ja', m.key, m.params));
    expect(texts).toEqual(['佐藤 花子さんを退職処理しました（2026/11/25 11:30）。', '端末 2台・パスキー 1件・セッション 4件を無効にしました。']);
  });
});
