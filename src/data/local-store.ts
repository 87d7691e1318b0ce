/**
 * The contract of the device's local store: what the app reads and writes, independent of IndexedDB.
 * Two implementations are typed against it: createDexieLocalStore (the real one, personal data sealed by the
 * vault) and createMemoryLocalStore (for unit tests); local-store-contract.testing.ts checks both against the
 * same expectations.
 */
import type { InsuredRecord } from '../domain/insured.ts';
import type { Insurer, Provider } from '../domain/organisations.ts';
import type { DeviceAuditEntry } from '../protocol/admin.ts';
import type { PeopleResponse } from '../protocol/people.ts';
import type { NoticesPullResponse } from '../protocol/notices.ts';
import type { MutationName, PullResponse } from '../protocol/sync.ts';
import type { SealedKind } from '../security/vault.ts';
import type { SettingKey, SettingValue, StoredFetchInfo, StoredMutation, StoredNotices, StoredRead, StoredSyncState } from './stored-rows.ts';

/** A paper entry the server refused, as far as undoing its local record needs it. */
export interface RefusedPaperEntry {
  readonly content: { readonly insurerNumber: string; readonly insuredNumber: string };
  readonly enteredAt: string;
  readonly replacesVersion: number | null;
}

/** A personal-data row a mutation writes or removes on the device, in the same transaction as its outbox row. */
export interface EffectRow {
  readonly kind: Exclude<SealedKind, 'outboxMutation' | 'courierKey'>;
  readonly naturalKey: string;
}

/** The optimistic local effect of a mutation (e.g. the audit entry of a read), applied with it or not at all. */
export interface LocalEffect {
  readonly puts?: readonly (EffectRow & { readonly value: unknown })[];
  readonly deletes?: readonly EffectRow[];
  /**
   * People put on an office's list (a paper entry, 紙から転記): each record replaces the person's stored one,
   * and the offices that list the person already keep them, as a pulled upsert would.
   */
  readonly people?: { readonly providerNumber: string; readonly records: readonly InsuredRecord[] };
}

/** The parts of the sync bookkeeping the sync engine writes directly (seq and cursor move only with their data). */
export type SyncStatePatch = Partial<Pick<StoredSyncState, 'lastSyncAt' | 'lastError' | 'rejected'>>;

export interface SaveProgress {
  readonly written: number;
  readonly total: number;
}

export interface LocalStore {
  /** Everyone on the office's list, in no particular order. */
  readPeople(providerNumber: string): Promise<StoredRead<InsuredRecord>>;
  readInsurers(): Promise<StoredRead<Insurer>>;
  readProviders(): Promise<StoredRead<Provider>>;
  readFetchInfo(providerNumber: string): Promise<StoredFetchInfo | undefined>;
  readSetting<K extends SettingKey>(key: K): Promise<SettingValue<K> | undefined>;
  writeSetting<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void>;
  /** Replaces the stored list of offices. */
  saveProviders(providers: readonly Provider[]): Promise<void>;
  /**
   * Stores an office's snapshot atomically: its people (merged with other offices' lists), the insurers, the
   * office itself and the fetch time. Either all of it is stored or none of it (one transaction).
   */
  saveOfficeSnapshot(snapshot: PeopleResponse, receivedAt: Date, onProgress?: (progress: SaveProgress) => void): Promise<void>;
  /** Keeps audit entries of reads on this device until they are uploaded; an entry kept already stays one entry. */
  recordAudit(entries: readonly DeviceAuditEntry[]): Promise<void>;
  /** Up to `limit` kept entries, oldest first (by occurredAt). */
  readPendingAudit(limit: number): Promise<StoredRead<DeviceAuditEntry>>;
  /** Forgets entries the server has accepted; unknown ids are ignored. */
  removeAudit(entryIds: readonly string[]): Promise<void>;

  /**
   * Queues a mutation: assigns the next seq and writes the outbox row (and `effect`) in one strict-durability
   * transaction. Returns the seq. Seqs are 1, 2, 3, … per device with no gap and no repeat, across tabs and
   * restarts. A full disk rejects with DataError 'quota' and leaves the outbox as it was.
   */
  enqueueMutation(name: MutationName, version: number, staffId: string, args: Record<string, unknown>, effect?: LocalEffect): Promise<number>;
  /** Up to `limit` queued mutations with seq ≥ `fromSeq` (default: all), oldest first. */
  readOutbox(limit: number, fromSeq?: number): Promise<StoredRead<StoredMutation>>;
  /** Drops queued mutations up to and including `uptoSeq` and records it as the last applied seq. */
  ackOutbox(uptoSeq: number): Promise<void>;
  outboxCount(): Promise<number>;
  /**
   * Undoes the local record of a new paper entry the server refused: the person's row goes if it is still the
   * one the entry wrote (stored-rows.ts isRefusedNewPaperRecord). True when a row was removed.
   */
  dropRefusedPaperRecord(entry: RefusedPaperEntry): Promise<boolean>;
  /**
   * Opens the refused mutations the service worker's courier kept sealed (it cannot open them), returns the
   * paper entries among them and forgets the sealed copies; the refusals stay listed for the user.
   */
  settleSealedRefusals(): Promise<RefusedPaperEntry[]>;
  readSyncState(): Promise<StoredSyncState>;
  writeSyncState(patch: SyncStatePatch): Promise<void>;
  /**
   * Applies one pull page atomically: upserts and removes the office's people (a person another office still
   * lists keeps their row), stores the insurers, the office and the new cursor. All of it or none of it.
   */
  applyPull(response: PullResponse): Promise<void>;
  /**
   * Applies one notices page atomically: stores its notices (by event id) and acknowledgements (by event and
   * staff: a pulled acknowledgement replaces this device's own) and the new notice cursor. All of it or none.
   */
  applyNoticesPull(page: NoticesPullResponse): Promise<void>;
  /** Every stored notice and acknowledgement (this device's own not yet synced have `ackSeq` null), in no order. */
  readNotices(): Promise<StoredNotices>;
}
