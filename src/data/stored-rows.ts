/**
 * The shapes of the rows in the device database and how they are read back. Stored data is a boundary like
 * the network: a row written by an older build, or damaged, is parsed with zod on every read; a row that does
 * not parse is skipped and counted (never a crash, and never its content in a log).
 */
import { z } from 'zod';
import { InsuredNumber, InsurerNumber, IsoInstant, ProviderNumber } from '../domain/identifiers.ts';
import { InsuredRecord } from '../domain/insured.ts';

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
