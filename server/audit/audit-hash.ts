/**
 * The hash chain of the audit log (監査ログ), as pure functions. Each entry's hash is
 *   hex(SHA-256(prevHash + "\n" + canonical bytes of the entry)),
 * where prevHash is the hash of the entry before it (64 zeros for the first). The canonical bytes are a JSON
 * array of every stored field except the two hashes, in the fixed order of `AUDIT_HASH_FIELDS`, led by a
 * format label; instants are ISO 8601 UTC with milliseconds and `detail` is canonical JSON (sorted keys), so
 * the same row read back from either database engine gives the same bytes. JSON quoting keeps fields apart
 * (no separator can be smuggled inside a value). A hash chain is tamper-evident, in the sense of RFC 9162's
 * logs: changing, removing or inserting an entry breaks the hashes from there on.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../db/canonical-json.ts';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the canonical form, so that a future change of it cannot be mistaken for this one. */
export const AUDIT_HASH_FORMAT = 'tsunagi-audit/1';

/** Every stored field that the hash covers (all but prev_hash, which leads the hashed text, and hash). */
export interface AuditHashInput {
  readonly seq: number;
  readonly recordedAt: Date;
  readonly occurredAt: Date;
  readonly origin: string;
  readonly action: string;
  readonly outcome: string;
  readonly staffId: string | null;
  readonly deviceId: string | null;
  readonly providerNumber: string | null;
  readonly insurerNumber: string | null;
  readonly insuredNumber: string | null;
  /** Any JSON value as stored (jsonb); written entries hold a flat record of strings, numbers, booleans, null. */
  readonly detail: unknown;
  readonly sourceAddress: string | null;
  readonly deviceEntryId: string | null;
}

export const AUDIT_HASH_FIELDS = [
  'seq',
  'recordedAt',
  'occurredAt',
  'origin',
  'action',
  'outcome',
  'staffId',
  'deviceId',
  'providerNumber',
  'insurerNumber',
  'insuredNumber',
  'detail',
  'sourceAddress',
  'deviceEntryId',
] as const satisfies readonly (keyof AuditHashInput)[];

/** The canonical text of an entry (UTF-8 encoded when hashed). */
export function auditCanonical(entry: AuditHashInput): string {
  const values = AUDIT_HASH_FIELDS.map((field) => {
    const value = entry[field];
    return value instanceof Date ? value.toISOString() : value;
  });
  return canonicalJson([AUDIT_HASH_FORMAT, ...values]);
}

/** The entry's hash: lowercase hex SHA-256 of `prevHash + "\n" + canonical`. */
export function auditEntryHash(prevHash: string, entry: AuditHashInput): string {
  return createHash('sha256').update(`${prevHash}\n${auditCanonical(entry)}`, 'utf8').digest('hex');
}
