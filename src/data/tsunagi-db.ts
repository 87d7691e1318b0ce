/**
 * The Dexie database `tsunagi`: its versioned schema and how it is opened. Every version ever shipped stays
 * declared here (Dexie upgrades from any earlier one); a new version adds `this.version(n)` below the others,
 * with an `upgrade` when rows must change, and a test that opens a database of each older version.
 *
 * Another tab opening a newer version sends `versionchange`: this connection closes at once (or it would block
 * that upgrade) and `onVersionChange` lets the UI ask the user to reload.
 */
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { SealedRow } from '../security/vault.ts';
import type { DeviceIdentity, KeyringRow } from './device-keyring-rows.ts';
import type { OutboxRow, StoredFetchInfo } from './stored-rows.ts';

export const DATABASE_NAME = 'tsunagi';

export interface TsunagiTables {
  /** Personal data, encrypted by the vault (src/security/vault.ts); no index on anything personal. */
  sealed: Table<SealedRow, string>;
  /** Wraps of the data key, the lease share and the unlock failure count (device-keyring.ts). */
  keyring: Table<KeyringRow, string>;
  /** The device's identity and signing key: one row, id 'self'. */
  device: Table<DeviceIdentity, string>;
  /** Public organisation data and counts only, unencrypted. */
  insurers: Table<unknown, string>;
  providers: Table<unknown, string>;
  settings: Table<{ key: string; value: unknown }, string>;
  meta: Table<StoredFetchInfo, string>;
  /** Mutations not yet acknowledged by the server, by seq; the mutation itself is sealed (kind 'outboxMutation'). */
  outbox: Table<OutboxRow, number>;
  /** The sync bookkeeping: nextSeq, lastAppliedSeq, pullCursor, lastSyncAt, lastError, rejected. */
  syncState: Table<{ key: string; value: unknown }, string>;
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

  // Version 2 encrypts personal data at rest. The plaintext people table is dropped with its rows (they are
  // fetched again after sign-in, into `sealed`); the fetch info goes too, so no office looks already fetched.
  db.version(2)
    .stores({ people: null, sealed: 'id, kind', keyring: 'id', device: 'id' })
    .upgrade((tx) => tx.table('meta').clear());

  // Version 3 adds the sync outbox and its bookkeeping; nothing existing changes.
  db.version(3).stores({ outbox: 'seq', syncState: 'key' });

  // Outbox writes ask IndexedDB for strict durability (committed only once flushed to disk): Chromium's default
  // is 'relaxed' since 121, which can lose the last seconds of writes on power loss. Dexie 4 only offers
  // durability per database (`chromeTransactionDurability`), so this middleware sets it per transaction.
  db.use({
    stack: 'dbcore',
    name: 'outbox-strict-durability',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, txOptions) =>
        down.transaction(stores, mode, mode === 'readwrite' && stores.includes('outbox') ? { durability: 'strict' } : txOptions),
    }),
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
