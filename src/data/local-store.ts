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
import type { SettingKey, SettingValue, StoredFetchInfo, StoredRead } from './stored-rows.ts';

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
}
