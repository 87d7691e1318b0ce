/**
 * The shapes of the rows in the device database and how they are read back. Stored data is a boundary like
 * the network: a row written by an older build, or damaged, is parsed with zod on every read; a row that does
 * not parse is skipped and counted (never a crash, and never its content in a log).
 */
import { z } from 'zod';
import { InsuredNumber, InsurerNumber, IsoInstant, ProviderNumber } from '../domain/identifiers.ts';
import { InsuredRecord } from '../domain/insured.ts';
import { Notice, NoticeAcknowledgement, NoticeCursor } from '../protocol/notices.ts';
import { CourierEnvelope } from '../protocol/courier.ts';
import { Mutation, MUTATION_ARGS, type MutationName, type PersonChange } from '../protocol/sync.ts';
import { SealedRow } from '../security/vault.ts';

/**
 * One insured person as stored (sealed by the vault as kind 'person', natural key personNaturalKey): the record
 * as the server sent it, and the offices whose list the person is on.
 */
export const StoredPerson = z.object({
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  providerNumbers: z.array(ProviderNumber).min(1),
  record: InsuredRecord,
});
export type StoredPerson = z.infer<typeof StoredPerson>;

/** Just the membership part of a person row: enough to merge a new snapshot into what is stored. */
export const StoredMembership = z.object({
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  providerNumbers: z.array(ProviderNumber),
});
export type StoredMembership = z.infer<typeof StoredMembership>;

/** When an office's list was last fetched. */
export const StoredFetchInfo = z.object({
  providerNumber: ProviderNumber,
  /** The server's time of the snapshot. */
  fetchedAt: IsoInstant,
  /** The device's time when it was stored. */
  receivedAt: IsoInstant,
  peopleCount: z.number().int().nonnegative(),
});
export type StoredFetchInfo = z.infer<typeof StoredFetchInfo>;

/** The settings, each with its own schema. */
export const SETTINGS = {
  /** The office (事業所) this device works for. */
  officeProviderNumber: ProviderNumber,
  /** When `navigator.storage.persist()` was last asked. */
  storagePersistRequestedAt: IsoInstant,
} as const;
export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]>;

export const StoredSetting = z.object({ key: z.string(), value: z.unknown() });

/** The result of reading stored rows: the good ones, and how many were skipped. */
export interface StoredRead<T> {
  readonly items: T[];
  /** Rows that did not parse; their content is not kept. */
  readonly skipped: number;
  /** Paths of the first problems found (e.g. "record.burdenRatio.periods"), for diagnostics without data. */
  readonly problems: string[];
}

const MAX_PROBLEMS = 5;

/** Parses raw rows with `schema`, keeping the valid ones. */
export function parseRows<S extends z.ZodType>(schema: S, rows: readonly unknown[]): StoredRead<z.infer<S>> {
  const items: z.infer<S>[] = [];
  const problems = new Set<string>();
  let skipped = 0;
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) {
      items.push(parsed.data);
    } else {
      skipped++;
      for (const issue of parsed.error.issues) {
        if (problems.size < MAX_PROBLEMS) problems.add(issue.path.join('.') || '(row)');
      }
    }
  }
  return { items, skipped, problems: [...problems] };
}

/** A person's identifying pair (insurer number, insured number). */
export type PersonKey = [insurerNumber: string, insuredNumber: string];

/** The natural key of a person's sealed row, e.g. "131016-0000000001" (the row id is its HMAC). */
export function personNaturalKey(person: { insurerNumber: string; insuredNumber: string }): string {
  return `${person.insurerNumber}-${person.insuredNumber}`;
}

export function personKey(person: { insurerNumber: string; insuredNumber: string }): PersonKey {
  return [person.insurerNumber, person.insuredNumber];
}

/** Builds the stored row for a record. */
export function toStoredPerson(record: InsuredRecord, providerNumbers: readonly string[]): StoredPerson {
  return {
    insurerNumber: record.insurerNumber,
    insuredNumber: record.insuredNumber,
    providerNumbers: [...providerNumbers].sort(),
    record,
  };
}

/** Pending audit entries oldest first (instants compared as times: offsets may differ), then by id. */
export function compareAuditEntries(a: { occurredAt: string; entryId: string }, b: { occurredAt: string; entryId: string }): number {
  return Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.entryId.localeCompare(b.entryId);
}

/**
 * A row of the outbox table: the mutation's seq in the clear (its order), the mutation itself sealed by the
 * vault, and, when the staff member had a courier key, its envelope for the service worker to deliver
 * (src/protocol/courier.ts; rows queued before courier keys, or without one, have none).
 */
export const OutboxRow = z.object({
  seq: z.number().int().positive(),
  sealed: SealedRow,
  courier: CourierEnvelope.optional(),
});
export type OutboxRow = z.infer<typeof OutboxRow>;

/** A queued mutation as the device keeps it (the wire's Mutation, as sealed in an outbox row plus its seq). */
export const StoredMutation = z.object({
  seq: z.number().int().positive(),
  name: Mutation.shape.name,
  version: z.number().int().positive(),
  staffId: z.string().min(1),
  args: z.record(z.string(), z.unknown()),
});
export type StoredMutation = z.infer<typeof StoredMutation>;

/** A mutation the server refused, kept for the user until dismissed. */
export const RejectedMutation = z.object({
  seq: z.number().int().positive(),
  name: z.string(),
  code: z.string(),
  message: z.string(),
  /**
   * The refused mutation as its outbox row sealed it, kept when the service worker's courier (which cannot open
   * it) recorded the refusal of a paper entry, until the page undoes the entry's local record (LocalStore.settleSealedRefusals).
   */
  sealed: SealedRow.optional(),
});
export type RejectedMutation = z.infer<typeof RejectedMutation>;

/** The sync bookkeeping, each key with its own schema (rows of `syncState`). */
export const SYNC_STATE = {
  /** The seq the next queued mutation gets (1 on a new device). */
  nextSeq: z.number().int().positive(),
  /** The server's last applied seq for this device, as last acknowledged. */
  lastAppliedSeq: z.number().int().nonnegative(),
  /** Where the next pull starts; null before the first page was applied. */
  pullCursor: z.string().nullable(),
  /** Where the next notices pull starts (both streams); null before the first notices page was applied. */
  noticeCursor: NoticeCursor.nullable(),
  lastSyncAt: IsoInstant.nullable(),
  lastError: z.object({ code: z.string(), messageJa: z.string(), messageEn: z.string() }).nullable(),
  rejected: z.array(RejectedMutation),
} as const;
export type SyncStateKey = keyof typeof SYNC_STATE;
export type StoredSyncState = { [K in SyncStateKey]: z.infer<(typeof SYNC_STATE)[K]> };

export const INITIAL_SYNC_STATE: StoredSyncState = {
  nextSeq: 1,
  lastAppliedSeq: 0,
  pullCursor: null,
  noticeCursor: null,
  lastSyncAt: null,
  lastError: null,
  rejected: [],
};

/** Reads the bookkeeping from its raw rows: a missing or damaged value falls back to its initial value. */
export function parseSyncState(rows: readonly { key: string; value: unknown }[]): StoredSyncState {
  const out: Record<string, unknown> = { ...INITIAL_SYNC_STATE };
  for (const row of rows) {
    if (!(row.key in SYNC_STATE)) continue;
    const parsed = SYNC_STATE[row.key as SyncStateKey].safeParse(row.value);
    if (parsed.success) out[row.key] = parsed.data;
  }
  return out as StoredSyncState;
}

/**
 * Checks a mutation against its declared args schema before it is queued (a mutation the server cannot parse
 * would block every later one); returns what the outbox row seals, without the seq.
 */
export function checkMutation(name: MutationName, version: number, staffId: string, args: Record<string, unknown>): Omit<StoredMutation, 'seq'> {
  const versions: Record<number, z.ZodType | undefined> = MUTATION_ARGS[name];
  const schema = versions[version];
  if (!schema) throw new TypeError(`unknown mutation version ${name} v${version}`);
  const parsedArgs = schema.parse(args) as Record<string, unknown>;
  return StoredMutation.omit({ seq: true }).parse({ name, version, staffId, args: parsedArgs });
}

/** The seq the next mutation gets: never one already used, even if the stored counter was lost or damaged. */
export function nextSeqFrom(state: StoredSyncState, newestQueued: number | undefined): number {
  return Math.max(state.nextSeq, state.lastAppliedSeq + 1, (newestQueued ?? 0) + 1);
}

/** A stored person row as read back before a pull page is applied: its value and the offices that list it. */
export interface StoredPersonEntry {
  readonly value: unknown;
  readonly membership: StoredMembership;
}

export interface PullPlan {
  /** Rows to write, by natural key (the value to seal). */
  readonly puts: { naturalKey: string; row: unknown }[];
  readonly deletes: string[];
}

/**
 * What one pull page does to the stored people of `providerNumber`: an upsert stores the record with the office
 * added to its list; a tombstone takes the office off, and drops the row when no other office lists the person.
 * Changes apply in order (a person may appear twice in a page: the later change wins).
 */
export function planPull(providerNumber: string, changes: readonly PersonChange[], stored: ReadonlyMap<string, StoredPersonEntry>): PullPlan {
  const after = new Map<string, unknown | null>();
  const current = (key: string): StoredPersonEntry | undefined => {
    if (!after.has(key)) return stored.get(key);
    const value = after.get(key);
    const membership = StoredMembership.safeParse(value);
    return membership.success ? { value, membership: membership.data } : undefined;
  };
  for (const change of changes) {
    const key = personNaturalKey(change.op === 'upsert' ? change.record : change);
    const before = current(key);
    if (change.op === 'upsert') {
      after.set(key, toStoredPerson(change.record, [...new Set([...(before?.membership.providerNumbers ?? []), providerNumber])]));
      continue;
    }
    const others = (before?.membership.providerNumbers ?? []).filter((p) => p !== providerNumber);
    after.set(key, before && others.length > 0 ? { ...(before.value as object), providerNumbers: others } : null);
  }
  const puts: PullPlan['puts'] = [];
  const deletes: string[] = [];
  for (const [naturalKey, row] of after) {
    if (row === null) deletes.push(naturalKey);
    else puts.push({ naturalKey, row });
  }
  return { puts, deletes };
}

/** A change notice as stored (sealed as kind 'notice', natural key noticeNaturalKey): as the server sent it. */
export const StoredNotice = Notice;
export type StoredNotice = Notice;

/**
 * An acknowledgement as stored (sealed as kind 'noticeAcknowledgement', natural key
 * noticeAcknowledgementNaturalKey): one pulled from the server, or this device's own before the server has
 * it (`ackSeq` null). A pulled one replaces the local one: same key.
 */
export const StoredNoticeAcknowledgement = NoticeAcknowledgement.extend({ ackSeq: z.number().int().positive().nullable() });
export type StoredNoticeAcknowledgement = z.infer<typeof StoredNoticeAcknowledgement>;

/** The natural key of a notice's sealed row: its event id, e.g. "42". */
export function noticeNaturalKey(notice: { eventId: number }): string {
  return String(notice.eventId);
}

/** The natural key of an acknowledgement's sealed row: "eventId/staffId", e.g. "42/staff-0001". */
export function noticeAcknowledgementNaturalKey(ack: { eventId: number; staffId: string }): string {
  return `${ack.eventId}/${ack.staffId}`;
}

/** What readNotices returns: the stored notices and acknowledgements, with rows skipped across both. */
export interface StoredNotices {
  readonly notices: Notice[];
  readonly acknowledgements: StoredNoticeAcknowledgement[];
  readonly skipped: number;
  readonly problems: string[];
}

/** Joins the two reads of readNotices into one result. */
export function joinNoticeReads(notices: StoredRead<Notice>, acknowledgements: StoredRead<StoredNoticeAcknowledgement>): StoredNotices {
  return {
    notices: notices.items,
    acknowledgements: acknowledgements.items,
    skipped: notices.skipped + acknowledgements.skipped,
    problems: [...notices.problems, ...acknowledgements.problems].slice(0, MAX_PROBLEMS),
  };
}

/**
 * Whether `stored` (a person row) is still the record a refused new paper entry wrote on this device: from
 * paper, entered at the entry's time, never replaced by what the server sent. Such a person the server never
 * accepted, and only this device lists.
 */
export function isRefusedNewPaperRecord(stored: unknown, entry: { readonly enteredAt: string; readonly replacesVersion: number | null }): boolean {
  if (entry.replacesVersion !== null) return false;
  const parsed = StoredPerson.safeParse(stored);
  if (!parsed.success) return false;
  const source = parsed.data.record.source;
  return source.kind === 'paper' && source.enteredAt === entry.enteredAt && parsed.data.record.version === 1;
}
