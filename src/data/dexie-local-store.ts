/**
 * LocalStore on IndexedDB through Dexie. Reads parse every row (stored-rows.ts); a snapshot is written in one
 * read-write transaction, people in chunks so progress can be shown and no single request clones 10,000 rows.
 */
import { Insurer, Provider } from '../domain/organisations.ts';
import type { InsuredRecord } from '../domain/insured.ts';
import type { PeopleResponse } from '../protocol/people.ts';
import { storageError } from './data-error.ts';
import type { LocalStore, SaveProgress } from './local-store.ts';
import { planSnapshot } from './plan-snapshot.ts';
import {
  parseRows,
  personKey,
  SETTINGS,
  StoredFetchInfo,
  StoredMembership,
  StoredPerson,
  type PersonKey,
  type SettingKey,
  type SettingValue,
  type StoredRead,
} from './stored-rows.ts';
import type { TsunagiDb } from './tsunagi-db.ts';

/** Rows per bulkPut inside the snapshot transaction. */
export const SNAPSHOT_CHUNK = 500;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageError(error);
  }
}

export function createDexieLocalStore(db: TsunagiDb): LocalStore {
  return {
    readPeople: (providerNumber) =>
      guarded(async (): Promise<StoredRead<InsuredRecord>> => {
        const rows: unknown[] = await db.people.where('providerNumbers').equals(providerNumber).toArray();
        const parsed = parseRows(StoredPerson, rows);
        return { ...parsed, items: parsed.items.map((row) => row.record) };
      }),

    readInsurers: () => guarded(async () => parseRows(Insurer, await db.insurers.toArray())),

    readProviders: () => guarded(async () => parseRows(Provider, await db.providers.toArray())),

    readFetchInfo: (providerNumber) =>
      guarded(async () => {
        const row: unknown = await db.meta.get(providerNumber);
        const parsed = StoredFetchInfo.safeParse(row);
        return parsed.success ? parsed.data : undefined;
      }),

    readSetting: <K extends SettingKey>(key: K) =>
      guarded(async (): Promise<SettingValue<K> | undefined> => {
        const row = await db.settings.get(key);
        if (!row) return undefined;
        const parsed = SETTINGS[key].safeParse(row.value);
        return parsed.success ? (parsed.data as SettingValue<K>) : undefined;
      }),

    writeSetting: (key, value) =>
      guarded(async () => {
        await db.settings.put({ key, value });
      }),

    saveProviders: (providers) =>
      guarded(() =>
        db.transaction('rw', db.providers, async () => {
          await db.providers.clear();
          await db.providers.bulkPut([...providers]);
        }),
      ),

    saveOfficeSnapshot: (snapshot: PeopleResponse, receivedAt: Date, onProgress?: (progress: SaveProgress) => void) =>
      guarded(() =>
        db.transaction('rw', [db.people, db.insurers, db.providers, db.meta], async () => {
          const providerNumber = snapshot.provider.providerNumber;
          // Rows listed under this office; one too damaged to merge is dropped (the snapshot replaces it).
          const listedKeys = await db.people.where('providerNumbers').equals(providerNumber).primaryKeys();
          const listedRows = await db.people.bulkGet(listedKeys);
          const listedBefore: StoredMembership[] = [];
          const damaged: PersonKey[] = [];
          listedRows.forEach((row, i) => {
            const membership = StoredMembership.safeParse(row);
            if (membership.success) listedBefore.push(membership.data);
            else damaged.push(listedKeys[i] as PersonKey);
          });
          const stored = await db.people.bulkGet(snapshot.people.map(personKey));
          const storedIncoming = parseRows(StoredMembership, stored.filter((row) => row !== undefined)).items;
          const plan = planSnapshot(providerNumber, snapshot.people, listedBefore, storedIncoming);

          await db.people.bulkDelete([...damaged, ...plan.deletes]);
          for (const { key, providerNumbers } of plan.memberships) await db.people.update(key, { providerNumbers });
          const total = plan.puts.length;
          onProgress?.({ written: 0, total });
          for (let at = 0; at < total; at += SNAPSHOT_CHUNK) {
            await db.people.bulkPut(plan.puts.slice(at, at + SNAPSHOT_CHUNK));
            onProgress?.({ written: Math.min(at + SNAPSHOT_CHUNK, total), total });
          }
          await db.insurers.bulkPut(snapshot.insurers);
          await db.providers.put(snapshot.provider);
          await db.meta.put({
            providerNumber,
            fetchedAt: snapshot.fetchedAt,
            receivedAt: receivedAt.toISOString(),
            peopleCount: total,
          });
        }),
      ),
  };
}
