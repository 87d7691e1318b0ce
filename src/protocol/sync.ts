/**
 * The sync protocol between a tablet and the platform: the tablet's local intents travel as named mutations
 * in an outbox, pushed in batches and applied exactly once and in order (the server keeps each device's last
 * applied `seq` in the same transaction as the effects); what the server knows comes back through a paged,
 * cursor-based pull scoped to the staff member's office, with removals as tombstones.
 *
 * A mutation carries its own `version`, so the server keeps accepting the previous app version's shape.
 */
import { z } from 'zod';
import { InsuredNumber, InsuredRecord, InsuredRecordContent, Insurer, InsurerNumber, IsoInstant, Provider } from '../domain/index.ts';
import { StaffId } from './auth.ts';

/** A read of a person's record on the tablet (also offline): becomes an audit-log entry on the server. */
export const PersonViewedArgs = z.object({
  entryId: z.uuid(),
  occurredAt: IsoInstant,
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
});

/** The staff member saw a change notice (e.g. 負担割合 2割→3割) about a person their office serves. */
export const NoticeAcknowledgedArgs = z.object({
  eventId: z.number().int().positive(),
  acknowledgedAt: IsoInstant,
});

/**
 * A person's cards copied by hand from paper (紙から転記), for an insurer not yet on the platform: stored with
 * source `paper` (who entered it, when). Platform data replaces it once the insurer goes live; the replaced
 * version stays in the record history.
 */
export const PaperRecordEnteredArgs = z.object({
  entryId: z.uuid(),
  enteredAt: IsoInstant,
  content: InsuredRecordContent,
  /** The version of the paper record this entry corrects, or null for a person not yet recorded: a stale edit is refused. */
  replacesVersion: z.number().int().positive().nullable(),
});

export const MUTATION_ARGS = {
  personViewed: { 1: PersonViewedArgs },
  noticeAcknowledged: { 1: NoticeAcknowledgedArgs },
  paperRecordEntered: { 1: PaperRecordEnteredArgs },
} as const;
export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];

export const Mutation = z.object({
  /** Per device, 1, 2, 3, … with no gaps: the order of the tablet's writes. */
  seq: z.number().int().positive(),
  name: z.enum(['personViewed', 'noticeAcknowledged', 'paperRecordEntered']),
  version: z.number().int().positive(),
  /** Who did it on the tablet (a device may be shared by staff of one office). */
  staffId: StaffId,
  args: z.record(z.string(), z.unknown()),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z.object({ mutations: z.array(Mutation).min(1).max(500) });
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = z.object({
  seq: z.number().int().positive(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** Why it was refused, for the user (Japanese), with a stable code. */
  reason: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  /** The device's last applied seq after this push (the tablet drops outbox entries up to it). */
  lastAppliedSeq: z.number().int().nonnegative(),
  results: z.array(MutationResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** 409 body when the batch starts after a gap (the tablet must resend from `expectedSeq`). */
export const PushGap = z.object({ code: z.literal('seqGap'), message: z.string(), expectedSeq: z.number().int().positive() });

export const PullRequest = z.object({
  /** Opaque; null for a first sync. */
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().min(1).max(2000).default(500),
});
export type PullRequest = z.input<typeof PullRequest>;

export const PersonChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), record: InsuredRecord }),
  /** A tombstone: the person is no longer served by the office (or was removed); drop the local copy. */
  z.object({ op: z.literal('remove'), insurerNumber: InsurerNumber, insuredNumber: InsuredNumber }),
]);
export type PersonChange = z.infer<typeof PersonChange>;

export const PullResponse = z.object({
  provider: Provider,
  insurers: z.array(Insurer),
  changes: z.array(PersonChange),
  /** Pass back as `cursor`; stored by the tablet only once the page is applied. */
  cursor: z.string(),
  hasMore: z.boolean(),
  /** For a first sync: how many people the whole snapshot holds (for the progress bar). */
  snapshotTotal: z.number().int().nonnegative().nullable(),
  serverTime: IsoInstant,
});
export type PullResponse = z.infer<typeof PullResponse>;
