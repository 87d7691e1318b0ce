/**
 * Applies a device's pushed mutations exactly once and in order (the Replicache rule): in one transaction,
 * lock the device's last applied seq; mutations at or below it are duplicates (a retry of a batch whose answer
 * was lost) and change nothing; a batch whose first new seq is not the next one is a gap and changes nothing
 * at all; the rest are applied in seq order, and the new last seq is stored in the same transaction as their
 * effects. So a push that fails, is repeated, or races its own retry still has each mutation's effect once.
 *
 * A mutation the server refuses (unknown version, malformed args, a staff member who may not act for the
 * device's office, a person or notice outside the office, a paper entry the platform must not take) is
 * answered `rejected` with a reason and still advances the seq: one bad entry must never block the tablet's
 * outbox behind it. The reason is kept (rejected-mutation-store.ts), so a replay is answered `rejected` again.
 *
 * Locks: the device's sync state first; people whose records a paper entry changed are logged in the sync log
 * once, after every mutation of the batch, and the audit log's lock is taken last. A notice acknowledgement
 * takes the sync log's lock where it stands in the batch, so a paper entry after it in the same batch locks
 * its record while holding that lock, the reverse of a feed's order; a feed touches paper records only as
 * its insurer goes live, and should the two ever meet, PostgreSQL ends the cycle by failing one transaction
 * (a failed push changes nothing and is retried).
 */
import type { z } from 'zod';
import { MUTATION_ARGS, type Mutation, type MutationResult, type PushResponse } from '../../src/protocol/sync.ts';
import { appendAuditInTransaction, type NewAuditEntry } from '../audit/audit-log.ts';
import { findStaffMember, type StaffMember } from '../auth/staff-store.ts';
import type { Database, Queryable } from '../db/database.ts';
import { applyPaperRecord } from './apply-paper-record.ts';
import { lockDeviceSyncState, storeLastAppliedSeq } from './device-sync-state-store.ts';
import { findNoticeOfProvider, insertNoticeAcknowledgement } from './notice-acknowledgement-store.ts';
import { readRejections, recordRejections } from './rejected-mutation-store.ts';
import { logPeopleChanged } from './sync-log-store.ts';
import { rejectionReason, type RejectionCode } from './sync-reasons.ts';

export interface PushingDevice {
  readonly deviceId: string;
  /** The device's office: every mutation acts for it. */
  readonly providerNumber: string;
  readonly sourceAddress: string | null;
}

export type PushOutcome = { readonly status: 'pushed'; readonly response: PushResponse } | { readonly status: 'seqGap'; readonly expectedSeq: number };

/** Seqs within one batch must rise by one (the outbox sends a contiguous run); else a Japanese problem. */
export function batchSeqProblem(mutations: readonly Pick<Mutation, 'seq'>[]): string | null {
  for (let i = 1; i < mutations.length; i++) {
    const previous = mutations[i - 1]?.seq ?? 0;
    if (mutations[i]?.seq !== previous + 1) return `mutations.${i}.seq: 連番ではありません（${previous} の次は ${previous + 1} です）`;
  }
  return null;
}

/** Thrown inside the transaction so that nothing of a gapped batch (not even the new state row) is kept. */
class SeqGap extends Error {
  constructor(readonly expectedSeq: number) {
    super(`seq gap: expected ${expectedSeq}`);
  }
}

type Applied = { readonly status: 'applied' } | { readonly status: 'rejected'; readonly code: RejectionCode };

export async function applyPush(db: Database, device: PushingDevice, mutations: readonly Mutation[], clock: () => Date): Promise<PushOutcome> {
  const problem = batchSeqProblem(mutations);
  if (problem !== null) throw new RangeError(problem);
  try {
    return await db.transaction(async (tx) => {
      const now = clock();
      const last = await lockDeviceSyncState(tx, device.deviceId, now);
      const fresh = mutations.filter((m) => m.seq > last);
      const first = fresh[0];
      if (first !== undefined && first.seq !== last + 1) throw new SeqGap(last + 1);

      const apply = mutationApplier(tx, device, now);
      // A replay is answered as it was the first time: refused mutations with their reason, the rest duplicate.
      const replayed = mutations.filter((m) => m.seq <= last).map((m) => m.seq);
      const refusedBefore = await readRejections(tx, device.deviceId, replayed);
      const results: MutationResult[] = replayed.map((seq) => {
        const code = refusedBefore.get(seq);
        return code === undefined ? { seq, status: 'duplicate' } : { seq, status: 'rejected', reason: rejectionReason(code) };
      });
      const refused: { seq: number; code: RejectionCode }[] = [];
      for (const mutation of fresh) {
        const outcome = await apply(mutation);
        if (outcome.status === 'rejected') refused.push({ seq: mutation.seq, code: outcome.code });
        results.push(
          outcome.status === 'applied' ? { seq: mutation.seq, status: 'applied' } : { seq: mutation.seq, status: 'rejected', reason: rejectionReason(outcome.code) },
        );
      }
      await recordRejections(tx, device.deviceId, refused, now);
      // Records a paper entry changed reach every linked office's devices through the sync log (see the lock order above).
      for (const [insurerNumber, insuredNumbers] of apply.changedPeople) await logPeopleChanged(tx, insurerNumber, [...insuredNumbers], now);
      // One append for the batch: the entries keep seq order in the chain, under one hold of the audit lock.
      await appendAuditInTransaction(tx, apply.auditEntries, clock);
      const lastAppliedSeq = fresh.at(-1)?.seq ?? last;
      if (lastAppliedSeq !== last) await storeLastAppliedSeq(tx, device.deviceId, lastAppliedSeq, now);
      return { status: 'pushed', response: { lastAppliedSeq, results } } as const;
    });
  } catch (error) {
    if (error instanceof SeqGap) return { status: 'seqGap', expectedSeq: error.expectedSeq };
    throw error;
  }
}

/** The args schema for (name, version), or null for a version this server does not know. */
function argsSchema(name: Mutation['name'], version: number): z.ZodType | null {
  const versions: Record<number, z.ZodType | undefined> = MUTATION_ARGS[name];
  return versions[version] ?? null;
}

interface MutationApplier {
  (mutation: Mutation): Promise<Applied>;
  readonly auditEntries: NewAuditEntry[];
  /** People whose records the batch changed, by insurer: logged for their offices' devices at the end. */
  readonly changedPeople: Map<string, Set<string>>;
}

/**
 * Applies one mutation inside the push's transaction; audit entries and changed people are collected for one
 * append each at the end.
 */
function mutationApplier(tx: Queryable, device: PushingDevice, now: Date): MutationApplier {
  const auditEntries: NewAuditEntry[] = [];
  const changedPeople = new Map<string, Set<string>>();
  const actingStaff = new Map<string, StaffMember | null>();
  const rejected = (code: RejectionCode): Applied => ({ status: 'rejected', code });

  /** The staff member, if they may act for the device's office (same office, not retired). */
  const staffActing = async (staffId: string): Promise<StaffMember | null> => {
    const known = actingStaff.get(staffId);
    if (known !== undefined) return known;
    const staff = await findStaffMember(tx, staffId);
    const acting = staff !== null && staff.providerNumber === device.providerNumber && staff.retiredAt === null ? staff : null;
    actingStaff.set(staffId, acting);
    return acting;
  };

  const apply = async (mutation: Mutation): Promise<Applied> => {
    const schema = argsSchema(mutation.name, mutation.version);
    if (schema === null) return rejected('unsupportedVersion');
    const parsed = schema.safeParse(mutation.args);
    if (!parsed.success) return rejected('invalidArgs');
    const staff = await staffActing(mutation.staffId);
    if (staff === null) return rejected('staffNotAllowed');

    switch (mutation.name) {
      case 'personViewed':
        return personViewed(mutation, parsed.data);
      case 'noticeAcknowledged':
        return noticeAcknowledged(mutation, parsed.data);
      case 'paperRecordEntered':
        return paperRecordEntered(staff, parsed.data);
    }
  };

  const personViewed = async (mutation: Mutation, data: unknown): Promise<Applied> => {
    const args = MUTATION_ARGS.personViewed[1].parse(data);
    const links = await tx.query('SELECT 1 AS linked FROM provider_links WHERE provider_number = $1 AND insurer_number = $2 AND insured_number = $3', [
      device.providerNumber,
      args.insurerNumber,
      args.insuredNumber,
    ]);
    const served = links.length > 0;
    auditEntries.push({
      occurredAt: new Date(args.occurredAt),
      origin: 'device',
      action: 'person.view',
      outcome: served ? 'allowed' : 'denied',
      staffId: mutation.staffId,
      deviceId: device.deviceId,
      providerNumber: device.providerNumber,
      insurerNumber: args.insurerNumber,
      insuredNumber: args.insuredNumber,
      sourceAddress: device.sourceAddress,
      deviceEntryId: args.entryId,
      ...(served ? {} : { detail: { reason: 'notLinked' } }),
    });
    return served ? { status: 'applied' } : rejected('personNotServed');
  };

  const noticeAcknowledged = async (mutation: Mutation, data: unknown): Promise<Applied> => {
    const args = MUTATION_ARGS.noticeAcknowledged[1].parse(data);
    const notice = await findNoticeOfProvider(tx, device.providerNumber, args.eventId);
    if (notice === null) return rejected('noticeNotFound');
    await insertNoticeAcknowledgement(tx, {
      insurerNumber: notice.insurerNumber,
      eventId: args.eventId,
      providerNumber: device.providerNumber,
      staffId: mutation.staffId,
      acknowledgedAt: args.acknowledgedAt,
      deviceId: device.deviceId,
    });
    return { status: 'applied' };
  };

  const paperRecordEntered = async (staff: StaffMember, data: unknown): Promise<Applied> => {
    const args = MUTATION_ARGS.paperRecordEntered[1].parse(data);
    const outcome = await applyPaperRecord(tx, { providerNumber: device.providerNumber, staff }, args, now);
    if (outcome.status === 'rejected') return rejected(outcome.code);
    const { insurerNumber, insuredNumber } = outcome.record;
    const people = changedPeople.get(insurerNumber) ?? new Set<string>();
    changedPeople.set(insurerNumber, people.add(insuredNumber));
    return { status: 'applied' };
  };

  return Object.assign(apply, { auditEntries, changedPeople });
}
