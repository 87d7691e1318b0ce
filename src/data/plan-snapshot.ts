/**
 * How a fresh snapshot of one office's people list is merged into the stored people: the pure decision,
 * shared by every LocalStore implementation. A person can be on several offices' lists, so a person who left
 * this office's list is deleted only when no other office still lists them.
 */
import type { InsuredRecord } from '../domain/insured.ts';
import { personKey, toStoredPerson, type PersonKey, type StoredMembership, type StoredPerson } from './stored-rows.ts';

export interface SnapshotPlan {
  /** Rows to write whole (everyone in the snapshot). */
  readonly puts: StoredPerson[];
  /** People on no office's list any more. */
  readonly deletes: PersonKey[];
  /** People who stay for other offices: only their membership changes. */
  readonly memberships: { key: PersonKey; providerNumbers: string[] }[];
}

const keyText = (k: { insurerNumber: string; insuredNumber: string }): string => `${k.insurerNumber}-${k.insuredNumber}`;

/**
 * @param providerNumber the office the snapshot is for
 * @param people everyone on its list now
 * @param listedBefore stored people whose membership includes this office
 * @param storedIncoming stored memberships of the people in the snapshot (those already on the device)
 */
export function planSnapshot(
  providerNumber: string,
  people: readonly InsuredRecord[],
  listedBefore: readonly StoredMembership[],
  storedIncoming: readonly StoredMembership[],
): SnapshotPlan {
  const storedByKey = new Map(storedIncoming.map((m) => [keyText(m), m]));
  // Keyed, so a snapshot listing the same person twice keeps the last copy.
  const incoming = new Map<string, StoredPerson>();
  for (const record of people) {
    const key = keyText(record);
    const others = storedByKey.get(key)?.providerNumbers ?? [];
    incoming.delete(key);
    incoming.set(key, toStoredPerson(record, [...new Set([...others, providerNumber])]));
  }
  const puts = [...incoming.values()];
  const deletes: PersonKey[] = [];
  const memberships: SnapshotPlan['memberships'] = [];
  for (const before of listedBefore) {
    if (incoming.has(keyText(before))) continue;
    const remaining = before.providerNumbers.filter((p) => p !== providerNumber);
    if (remaining.length === 0) deletes.push(personKey(before));
    else memberships.push({ key: personKey(before), providerNumbers: remaining.sort() });
  }
  return { puts, deletes, memberships };
}
