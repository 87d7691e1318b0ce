/**
 * The Dexie database `tsunagi`: its versioned schema and how it is opened. Every version ever shipped stays
 * declared here (Dexie upgrades from any earlier one); a new version adds `this.version(n)` below the others,
 * with an `upgrade` when rows must change, and a test that opens a database of each older version.
 *
 * Another tab opening a newer version sends `versionchange`: this connection closes at once (or it would block
 * that upgrade) and `onVersionChange` lets the UI ask the user to reload.
 */
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { PersonKey, StoredFetchInfo, StoredPerson } from './stored-rows.ts';

export const DATABASE_NAME = 'tsunagi';

export interface TsunagiTables {
  people: Table<StoredPerson, PersonKey>;
  insurers: Table<unknown, string>;
  providers: Table<unknown, string>;
  settings: Table<{ key: string; value: unknown }, string>;
  meta: Table<StoredFetchInfo, string>;
}

export type TsunagiDb = Dexie & TsunagiTables;

export interface OpenOptions {
  name?: string;
  /** For tests: an IndexedDB implementation (e.g. fake-indexeddb) instead of the browser's. */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
  /** Another connection wants a newer version (or to delete the database); this one is already closed. */
  onVersionChange?: () => void;
}

/** Declares the schema; the database opens on first use (or `await db.open()`). */
export function createTsunagiDb(options: OpenOptions = {}): TsunagiDb {
  const db = new Dexie(options.name ?? DATABASE_NAME, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as TsunagiDb;

  db.version(1).stores({
    people: '[insurerNumber+insuredNumber], nameKana, insuredNumber, insurerNumber, careLevel, *providerNumbers',
    insurers: 'insurerNumber',
    providers: 'providerNumber',
    settings: 'key',
    meta: 'providerNumber',
  });

  db.on('versionchange', () => {
    // Stay closed: Dexie's own handler would reopen on the next query with this (older) schema. Returning false
    // stops Dexie's event chain, where the built-in handler runs after this one.
    db.close({ disableAutoOpen: true });
    options.onVersionChange?.();
    return false;
  });
  return db;
}
