import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../protocol/admin.ts';
import { translate } from '../i18n/translate.ts';
import { mergeAuditPages, toAuditRow } from './audit-row.ts';

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    recordedAt: '2026-11-25T00:06:00.000Z',
    occurredAt: '2026-11-25T00:05:00.000Z',
    origin: 'device',
    action: 'person.view',
    outcome: 'allowed',
    staffId: 'helper-sato',
    deviceId: 'dev-0001',
    providerNumber: '1312345678',
    insurerNumber: '131011',
    insuredNumber: '0000012345',
    detail: {},
    sourceAddress: null,
    hash: 'h'.repeat(64),
    ...overrides,
  };
}

const NAMES = { staff: new Map([['helper-sato', '佐藤 花子']]), devices: new Map([['dev-0001', '訪問用タブレット1']]) };

describe('toAuditRow', () => {
  it('shows names, Japan time, the action and outcome in words, and the person', () => {
    const row = toAuditRow(entry(7), NAMES);
    expect(row.occurredAt).toBe('2026/11/25 09:05');
    expect(row.staff).toBe('佐藤 花子');
    expect(row.device).toBe('訪問用タブレット1');
    expect(translate('ja', row.actionKey)).toBe('利用者画面の表示');
    expect(translate('ja', row.outcomeKey)).toBe('許可');
    expect(row.person && translate('ja', row.person.key, row.person.params)).toBe('保険者 131011 / 被保険者 0000012345');
  });

  it('falls back to ids for unknown staff and devices, and names server entries of no one', () => {
    const unknown = toAuditRow(entry(8, { staffId: 'former-staff', deviceId: 'dev-9', action: 'signIn', outcome: 'denied', insuredNumber: null, insurerNumber: null }), NAMES);
    expect(unknown.staff).toBe('former-staff');
    expect(unknown.device).toBe('dev-9');
    expect(unknown.person).toBeNull();
    expect(translate('ja', unknown.outcomeKey)).toBe('拒否');
    const system = toAuditRow(entry(9, { staffId: null, deviceId: null, origin: 'server' }), NAMES);
    expect(system.staff).toEqual({ key: 'adminAuditSystem' });
    expect(system.device).toBeNull();
  });
});

describe('mergeAuditPages', () => {
  it('appends an older page and ignores a page loaded twice', () => {
    const first = [entry(30), entry(29), entry(28)];
    const second = [entry(27), entry(26)];
    const merged = mergeAuditPages(first, second);
    expect(merged.map((e) => e.seq)).toEqual([30, 29, 28, 27, 26]);
    expect(mergeAuditPages(merged, second).map((e) => e.seq)).toEqual([30, 29, 28, 27, 26]);
  });
});
