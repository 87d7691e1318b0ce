import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import { mayAcknowledgeNotices, namesOfPeople, noticesOfPerson, showsCareNetwork } from './create-notices.ts';
import type { NoticeItem } from './notice-view.ts';

const OFFICE = '1310100001';

const item = (eventId: number, insurerNumber: string, insuredNumber: string): NoticeItem => ({
  eventId,
  insurerNumber,
  insuredNumber,
  personName: null,
  change: { ja: '負担割合が変わりました', en: 'Burden ratio changed' },
  recordedAt: '2026-07-10T01:00:00.000Z',
  recordedAtLabel: '令和8年7月10日 10:00',
  mine: null,
  providers: [],
});

describe('mayAcknowledgeNotices', () => {
  it('offers 確認しました to staff of the device’s office, whatever their role, and to nobody else', () => {
    expect(mayAcknowledgeNotices({ providerNumber: OFFICE }, OFFICE)).toBe(true);
    expect(mayAcknowledgeNotices({ providerNumber: '1310100002' }, OFFICE)).toBe(false);
    expect(mayAcknowledgeNotices(undefined, OFFICE)).toBe(false);
  });
});

describe('showsCareNetwork', () => {
  it('shows the per-provider table to a care manager of a care-management office only', () => {
    expect(showsCareNetwork({ role: 'careManager' }, 'careManagementOffice')).toBe(true);
    expect(showsCareNetwork({ role: 'careManager' }, 'serviceProvider')).toBe(false);
    expect(showsCareNetwork({ role: 'helper' }, 'careManagementOffice')).toBe(false);
    expect(showsCareNetwork({ role: 'admin' }, 'careManagementOffice')).toBe(false);
    expect(showsCareNetwork(undefined, 'careManagementOffice')).toBe(false);
  });
});

describe('noticesOfPerson', () => {
  it('keeps one person’s notices, matching insurer and insured number both, in the given order', () => {
    const items = [item(3, '131016', '0000000001'), item(2, '131016', '0000000002'), item(1, '229013', '0000000001'), item(0, '131016', '0000000001')];
    expect(noticesOfPerson(items, '131016', '0000000001').map((i) => i.eventId)).toEqual([3, 0]);
    expect(noticesOfPerson(items, '131024', '0000000001')).toEqual([]);
  });
});

describe('namesOfPeople', () => {
  it('names each person by insurer and insured number', () => {
    const names = namesOfPeople([makeInsuredRecord({ insuredNumber: '0000000001', name: '試験 花子' }), makeInsuredRecord({ insurerNumber: '229013', insuredNumber: '0000000001', name: '見本 太郎' })]);
    expect(names.get('131016-0000000001')).toBe('試験 花子');
    expect(names.get('229013-0000000001')).toBe('見本 太郎');
    expect(names.size).toBe(2);
  });
});
