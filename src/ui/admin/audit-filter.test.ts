import { describe, expect, it } from 'vitest';
import { auditSearchParams } from '../../data/admin-api.ts';
import { translate } from '../i18n/translate.ts';
import { defaultAuditFilter, exportQuery, nextPageQuery, normaliseInsuredNumber, toAuditQuery, type AuditFilterForm } from './audit-filter.ts';

const EMPTY: AuditFilterForm = { from: '', to: '', staffId: '', action: '', insuredNumber: '' };

describe('defaultAuditFilter', () => {
  it('covers the last seven days, across a month end', () => {
    expect(defaultAuditFilter('2026-11-25')).toEqual({ ...EMPTY, from: '2026-11-19', to: '2026-11-25' });
    expect(defaultAuditFilter('2026-03-03')).toMatchObject({ from: '2026-02-25', to: '2026-03-03' });
  });
});

describe('toAuditQuery', () => {
  it('keeps only the filled filters and asks for one page', () => {
    const result = toAuditQuery({ ...EMPTY, from: '2026-11-01', action: 'person.view', staffId: 'helper-sato' });
    expect(result).toEqual({ ok: true, query: { limit: '50', from: '2026-11-01', staffId: 'helper-sato', action: 'person.view' } });
    if (!result.ok) return;
    expect(auditSearchParams(result.query)).toBe('?from=2026-11-01&staffId=helper-sato&action=person.view&limit=50');
  });

  it('accepts an insured number typed with full-width digits and a hyphen', () => {
    const result = toAuditQuery({ ...EMPTY, insuredNumber: '０００００-１２３４５' });
    expect(result.ok && result.query.insuredNumber).toBe('0000012345');
  });

  it('names the field and the reason for a wrong filter', () => {
    const short = toAuditQuery({ ...EMPTY, insuredNumber: '12345' });
    expect(short).toEqual({ ok: false, field: 'insuredNumber', errorKey: 'adminAuditInsuredInvalid' });
    const reversed = toAuditQuery({ ...EMPTY, from: '2026-11-25', to: '2026-11-01' });
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(translate('ja', reversed.errorKey)).toBe('開始日は終了日以前の日付にしてください。');
    expect(toAuditQuery({ ...EMPTY, to: '2026-02-30' })).toMatchObject({ ok: false, field: 'to' });
    expect(toAuditQuery({ ...EMPTY, action: 'card.read' })).toMatchObject({ ok: false, field: 'action' });
  });

  it('lets the same day be both ends', () => {
    expect(toAuditQuery({ ...EMPTY, from: '2026-11-25', to: '2026-11-25' }).ok).toBe(true);
  });
});

describe('normaliseInsuredNumber', () => {
  it('drops spaces and dashes of either width', () => {
    expect(normaliseInsuredNumber(' 0000 012345 ')).toBe('0000012345');
    expect(normaliseInsuredNumber('00000－12345')).toBe('0000012345');
    expect(normaliseInsuredNumber('')).toBe('');
  });
});

describe('paging and export', () => {
  it('continues below the previous page and exports the filters without paging', () => {
    const query = { from: '2026-11-01', limit: '50' };
    expect(nextPageQuery(query, 812)).toEqual({ from: '2026-11-01', limit: '50', before: '812' });
    expect(exportQuery(nextPageQuery(query, 812))).toEqual({ from: '2026-11-01' });
  });
});
