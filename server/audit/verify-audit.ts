/**
 * Verifies the audit log's hash chain from the first entry to the head, reading it in pages by seq (a million
 * entries never sit in memory at once). Every entry's hash is recomputed from its stored fields, every seq
 * must follow the one before, and every prev_hash must be the hash before it. The first break found is named
 * by its seq, with a guess at what happened:
 *  - altered:    the entry's own fields no longer give its hash (it was changed);
 *  - missing:    a seq is absent (deleted), or the entries after a deletion were renumbered down;
 *  - inserted:   an entry was put into the chain, found because the entry after it links to the same
 *                predecessor, or was renumbered up by one to make room;
 *  - brokenLink: the entry is intact but does not link to the one before (one of the two was replaced).
 * A chain cannot show entries cut off its end, nor a forged entry appended after the head with a correct
 * hash: only a head hash kept elsewhere (a checkpoint, as in RFC 9162) shows those.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';
import { AUDIT_ROW_COLUMNS, auditFieldsOf } from './audit-row.ts';
import { auditEntryHash, GENESIS_HASH, type AuditHashInput } from './audit-hash.ts';

export type AuditProblemKind = 'altered' | 'missing' | 'inserted' | 'brokenLink';

export interface AuditProblem {
  readonly seq: number;
  readonly kind: AuditProblemKind;
  /** Japanese, naming the entry by its 連番. */
  readonly message: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | { readonly ok: false; readonly entries: number; readonly problem: AuditProblem };

export const VERIFY_PAGE_SIZE = 2000;

const VerifyRow = z
  .object({ ...AUDIT_ROW_COLUMNS, device_entry_id: z.string().nullable(), prev_hash: z.string(), hash: z.string() })
  .transform((r) => ({
    entry: { ...auditFieldsOf(r), deviceEntryId: r.device_entry_id } satisfies AuditHashInput,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
type VerifyRow = z.output<typeof VerifyRow>;

/** `entries` counts the entries checked and found sound (all of them when ok). */
export async function verifyAuditChain(db: Queryable, pageSize = VERIFY_PAGE_SIZE): Promise<AuditVerification> {
  let previous: VerifyRow | null = null;
  let checked = 0;
  for (;;) {
    const after: number = previous === null ? 0 : previous.entry.seq;
    const rows: readonly unknown[] = await db.query(
      `SELECT seq, recorded_at, occurred_at, origin, action, outcome, staff_id, device_id, provider_number, insurer_number,
         insured_number, detail, source_address, device_entry_id, prev_hash, hash
       FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of parseRows('audit_log', VerifyRow, rows) as VerifyRow[]) {
      const problem = checkRow(previous, row);
      if (problem) return { ok: false, entries: problem.kind === 'inserted' && problem.seq < row.entry.seq ? checked - 1 : checked, problem };
      checked++;
      previous = row;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, entries: checked, headHash: previous?.hash ?? GENESIS_HASH };
}

/** The first problem of `row`, given the sound entry before it (null: `row` should be the first). */
function checkRow(previous: VerifyRow | null, row: VerifyRow): AuditProblem | null {
  const seq = row.entry.seq;
  const expectedSeq = (previous?.entry.seq ?? 0) + 1;
  if (seq > expectedSeq) {
    const range = seq - 1 === expectedSeq ? `連番 ${expectedSeq}` : `連番 ${expectedSeq}〜${seq - 1}`;
    return { seq: expectedSeq, kind: 'missing', message: `${range} の記録がありません（削除された可能性があります）。` };
  }
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  const selfOk = auditEntryHash(row.prevHash, row.entry) === row.hash;
  const linkOk = row.prevHash === expectedPrev;
  if (selfOk && linkOk) return null;

  if (!selfOk && previous !== null && hashesAs(row, seq - 1)) {
    return inserted(seq - 1, seq);
  }
  if (!selfOk && hashesAs(row, seq + 1)) {
    return {
      seq,
      kind: 'missing',
      message: `連番 ${seq} の記録がありません（削除され、後の記録の連番が詰められています。この位置の記録は元は連番 ${seq + 1} でした）。`,
    };
  }
  if (!linkOk && selfOk && previous !== null && row.prevHash === previous.prevHash) {
    return inserted(seq - 1, seq);
  }
  if (!selfOk) {
    return { seq, kind: 'altered', message: `連番 ${seq} の記録が変更されています（内容がハッシュと一致しません）。` };
  }
  return {
    seq,
    kind: 'brokenLink',
    message: `連番 ${seq} の記録が直前の記録（連番 ${seq - 1}）とつながっていません（どちらかが差し替えられたか、記録が挿入された可能性があります）。`,
  };
}

function hashesAs(row: VerifyRow, seq: number): boolean {
  return auditEntryHash(row.prevHash, { ...row.entry, seq }) === row.hash;
}

function inserted(seq: number, next: number): AuditProblem {
  return { seq, kind: 'inserted', message: `連番 ${seq} の記録は後から挿入されたものです（連番 ${next} の記録は、その前の記録につながっています）。` };
}
