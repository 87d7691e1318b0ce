/**
 * The audit log's filter form → the AuditQuery the API sends. Dates are Tokyo calendar days (the server reads
 * them so), an insured number may be typed with full-width digits, spaces or hyphens, and paging continues
 * with `before` = the previous page's `nextBefore` so later inserts never shift a page.
 */
import { addDays, compareDates, isIsoDate } from '../../domain/dates.ts';
import { AUDIT_ACTIONS, type AuditAction, type AuditQuery } from '../../protocol/admin.ts';
import type { MessageKey } from '../i18n/translate.ts';

export const AUDIT_PAGE_SIZE = 50;

/** What the form fields hold: strings, '' for no filter. */
export interface AuditFilterForm {
  from: string;
  to: string;
  staffId: string;
  action: string;
  insuredNumber: string;
}

export type AuditFilterResult = { ok: true; query: AuditQuery } | { ok: false; field: keyof AuditFilterForm; errorKey: MessageKey };

/** The last seven days up to `today`. */
export function defaultAuditFilter(today: string): AuditFilterForm {
  return { from: addDays(today, -6), to: today, staffId: '', action: '', insuredNumber: '' };
}

/** Full-width digits to ASCII, spaces and hyphens dropped: ０１２３-４５ → 012345. */
export function normaliseInsuredNumber(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).replace(/[\s\-－ー‐]/g, '');
}

function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function toAuditQuery(form: AuditFilterForm): AuditFilterResult {
  const query: AuditQuery = { limit: String(AUDIT_PAGE_SIZE) };
  for (const field of ['from', 'to'] as const) {
    const value = form[field].trim();
    if (value === '') continue;
    if (!isIsoDate(value)) return { ok: false, field, errorKey: 'adminAuditDateInvalid' };
    query[field] = value;
  }
  if (query.from !== undefined && query.to !== undefined && compareDates(query.from, query.to) > 0) {
    return { ok: false, field: 'from', errorKey: 'adminAuditFromAfterTo' };
  }
  if (form.staffId !== '') query.staffId = form.staffId;
  if (form.action !== '') {
    if (!isAuditAction(form.action)) return { ok: false, field: 'action', errorKey: 'adminAuditActionInvalid' };
    query.action = form.action;
  }
  const insured = normaliseInsuredNumber(form.insuredNumber);
  if (insured !== '') {
    if (!/^\d{10}$/.test(insured)) return { ok: false, field: 'insuredNumber', errorKey: 'adminAuditInsuredInvalid' };
    query.insuredNumber = insured;
  }
  return { ok: true, query };
}

/** The query of the page after one that ended with `nextBefore`. */
export function nextPageQuery(query: AuditQuery, nextBefore: number): AuditQuery {
  return { ...query, before: String(nextBefore) };
}

/** The filters without paging, for the CSV export (the file holds the whole filtered period). */
export function exportQuery(query: AuditQuery): AuditQuery {
  const { before: _before, limit: _limit, ...filters } = query;
  return filters;
}
