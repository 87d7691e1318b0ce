import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../protocol/admin.ts';
import { translate } from '../i18n/translate.ts';
import { AUDIT_ACTION_OPTIONS, auditActionKey, auditOutcomeKey, roleKey } from './admin-labels.ts';

describe('admin labels', () => {
  it('names the roles in Japanese with English beneath', () => {
    expect(translate('ja', roleKey('careManager'))).toBe('ケアマネジャー');
    expect(translate('ja', roleKey('helper'))).toBe('ヘルパー');
    expect(translate('ja', roleKey('admin'))).toBe('管理者');
    expect(translate('en', roleKey('careManager'))).toBe('Care manager');
  });

  it('gives every audit action its own Japanese label', () => {
    expect(translate('ja', auditActionKey('person.view'))).toBe('利用者画面の表示');
    expect(translate('ja', auditActionKey('staff.offboard'))).toBe('退職・端末回収');
    expect(translate('ja', auditActionKey('activationCode.issue'))).toBe('端末登録コードの発行');
    const labels = AUDIT_ACTIONS.map((action) => translate('ja', auditActionKey(action)));
    expect(new Set(labels).size).toBe(AUDIT_ACTIONS.length);
  });

  it('lists the filter options in the contract order', () => {
    expect(AUDIT_ACTION_OPTIONS.map((o) => o.action)).toEqual([...AUDIT_ACTIONS]);
    expect(AUDIT_ACTION_OPTIONS[0]).toEqual({ action: 'people.list', key: 'adminActionPeopleList' });
  });

  it('names the outcomes', () => {
    expect(['allowed', 'denied', 'failed'].map((o) => translate('ja', auditOutcomeKey(o as 'allowed' | 'denied' | 'failed')))).toEqual(['許可', '拒否', '失敗']);
  });
});
