/**
 * One audit log entry as a table row: the time in Japan, who and which device by name (the entry stores ids),
 * the action and outcome as words, and the person by insurer and insured number. Pages arrive newest first and
 * are merged by `seq`, so a repeated page (a double tap on 「さらに読み込む」) never doubles a row.
 */
import type { AuditEntry } from '../../protocol/admin.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { AdminMessage } from './admin-message.ts';
import { auditActionKey, auditOutcomeKey } from './admin-labels.ts';
import { adminDateTime } from './admin-time.ts';

export interface AuditRow {
  seq: number;
  occurredAt: string;
  /** A name, the id when the name is unknown, or a message for entries of no staff member (システム). */
  staff: string | AdminMessage;
  device: string | null;
  actionKey: MessageKey;
  outcome: AuditEntry['outcome'];
  outcomeKey: MessageKey;
  person: AdminMessage | null;
}

export interface AuditNames {
  staff: ReadonlyMap<string, string>;
  devices: ReadonlyMap<string, string>;
}

export function toAuditRow(entry: AuditEntry, names: AuditNames): AuditRow {
  return {
    seq: entry.seq,
    occurredAt: adminDateTime(entry.occurredAt),
    staff: entry.staffId === null ? { key: 'adminAuditSystem' } : (names.staff.get(entry.staffId) ?? entry.staffId),
    device: entry.deviceId === null ? null : (names.devices.get(entry.deviceId) ?? entry.deviceId),
    actionKey: auditActionKey(entry.action),
    outcome: entry.outcome,
    outcomeKey: auditOutcomeKey(entry.outcome),
    person:
      entry.insuredNumber === null
        ? null
        : { key: 'adminAuditPerson', params: { insurer: entry.insurerNumber ?? '—', insured: entry.insuredNumber } },
  };
}

/** The entries shown so far plus a new page: one row per seq, newest (highest seq) first. */
export function mergeAuditPages(shown: readonly AuditEntry[], page: readonly AuditEntry[]): AuditEntry[] {
  const bySeq = new Map<number, AuditEntry>();
  for (const entry of shown) bySeq.set(entry.seq, entry);
  for (const entry of page) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq);
}
