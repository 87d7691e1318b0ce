/**
 * The columns every read of `audit_log` shares, as a zod shape, and their camel-case form: the listing and the
 * chain verification each add what only they need (the hash; the device entry id and previous hash).
 */
import { z } from 'zod';

export const AUDIT_ROW_COLUMNS = {
  seq: z.number().int(),
  recorded_at: z.date(),
  occurred_at: z.date(),
  origin: z.string(),
  action: z.string(),
  outcome: z.string(),
  staff_id: z.string().nullable(),
  device_id: z.string().nullable(),
  provider_number: z.string().nullable(),
  insurer_number: z.string().nullable(),
  insured_number: z.string().nullable(),
  detail: z.unknown(),
  source_address: z.string().nullable(),
};

type AuditRowColumns = z.output<z.ZodObject<typeof AUDIT_ROW_COLUMNS>>;

export function auditFieldsOf(r: AuditRowColumns) {
  return {
    seq: r.seq,
    recordedAt: r.recorded_at,
    occurredAt: r.occurred_at,
    origin: r.origin,
    action: r.action,
    outcome: r.outcome,
    staffId: r.staff_id,
    deviceId: r.device_id,
    providerNumber: r.provider_number,
    insurerNumber: r.insurer_number,
    insuredNumber: r.insured_number,
    detail: r.detail,
    sourceAddress: r.source_address,
  };
}
