/**
 * LocalStore on IndexedDB through Dexie, with personal data sealed by the vault (src/security/vault.ts): people
 * and pending audit entries live only in the `sealed` table as `{ id, kind, iv, data }`, so no name or insured
 * number reaches IndexedDB in the clear, in a value or in a key. Organisation data and fetch info stay plain.
 *
 * Every person row is decrypted to read a list (there is no index on anything personal; search runs in memory),
 * in parallel batches. A snapshot is sealed completely before its write transaction opens: an IndexedDB
 * transaction commits itself as soon as it waits on anything but IndexedDB (such as WebCrypto), so no
 * encryption may happen inside it. Because the rows the plan was made from were read before the transaction,
 * the transaction first checks that they are unchanged (another tab may have saved meanwhile) and otherwise
 * starts over from fresh rows.
 *
 * The outbox follows the same rule: the mutation (and its local effect) is sealed first, then one transaction
 * reads the next seq, writes the effect, the outbox row and the new counter. IndexedDB runs read-write
 * transactions over the same tables one at a time, across tabs, so two writers never get the same seq.
 * A pull page is applied the same way as a snapshot: read, seal, then one transaction that checks the rows
 * it was planned from are unchanged, writes people, insurers, the office and the cursor together.
 */
import { DeviceAuditEntry } from '../protocol/admin.ts';
import { Insurer, Provider } from '../domain/organisations.ts';
import type { InsuredRecord } from '../domain/insured.ts';
import type { PeopleResponse } from '../protocol/people.ts';
import { toBase64Url } from '../security/base64url.ts';
import { SealedRow, type SealedKind, type Vault } from '../security/vault.ts';
import { sealCourierEnvelope } from '../security/courier-seal.ts';
import { readCourierSealing } from './courier-keys.ts';
import { ackOutboxRows } from './outbox-ack.ts';
import { DataError, storageError } from './data-error.ts';
import type { LocalStore, RefusedPaperEntry, SaveProgress } from './local-store.ts';
import { planSnapshot } from './plan-snapshot.ts';
import {
  checkMutation,
  isRefusedNewPaperRecord,
  nextSeqFrom,
  parseSyncState,
  planPull,
  StoredMutation,
  type StoredPersonEntry,
  compareAuditEntries,
  parseRows,
  personNaturalKey,
  SETTINGS,
  StoredFetchInfo,
  StoredMembership,
  StoredPerson,
  joinNoticeReads,
  noticeAcknowledgementNaturalKey,
  noticeNaturalKey,
  StoredNotice,
  StoredNoticeAcknowledgement,
  type SettingKey,
  type SettingValue,
  type StoredRead,
} from './stored-rows.ts';
import type { TsunagiDb } from './tsunagi-db.ts';
import { PaperRecordEnteredArgs, type PullResponse } from '../protocol/sync.ts';

/** Rows per bulkPut inside the snapshot transaction. */
export const SNAPSHOT_CHUNK = 500;
/** Rows sealed or opened at once: enough to keep WebCrypto busy without thousands of pending promises. */
export const CRYPTO_BATCH = 256;
/** Tries of a snapshot save that other tabs keep overtaking. */
const SNAPSHOT_ATTEMPTS = 3;
/** Tries of a queued write that other writes keep overtaking (each try loses only to one that took the seq). */
const ENQUEUE_ATTEMPTS = 10;
const MAX_PROBLEMS = 5;

/** The seq the next queued mutation gets (inside a transaction over the outbox and the sync state). */
async function nextQueuedSeq(db: TsunagiDb): Promise<number> {
  const state = parseSyncState(await db.syncState.toArray());
  const newest = await db.outbox.toCollection().lastKey();
  return nextSeqFrom(state, typeof newest === 'number' ? newest : undefined);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageError(error);
  }
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let at = 0; at < items.length; at += CRYPTO_BATCH) out.push(...(await Promise.all(items.slice(at, at + CRYPTO_BATCH).map(work))));
  return out;
}

type Opened = { readonly id: string; readonly ok: true; readonly value: unknown } | { readonly id: string | undefined; readonly ok: false };

/** Decrypts rows; one damaged, moved or sealed by another key is reported, never thrown. */
function openRows(vault: Vault, rows: readonly unknown[]): Promise<Opened[]> {
  return inBatches(rows, async (raw): Promise<Opened> => {
    const row = SealedRow.safeParse(raw);
    if (!row.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
      return { id, ok: false };
    }
    try {
      return { id: row.data.id, ok: true, value: await vault.open(row.data) };
    } catch {
      return { id: row.data.id, ok: false };
    }
  });
}

/** Parses opened rows with `schema`; rows that did not open count as skipped with the problem "(sealed)". */
function parseOpened<T>(opened: readonly Opened[], parse: (values: unknown[]) => StoredRead<T>): StoredRead<T> {
  const values: unknown[] = [];
  let unreadable = 0;
  for (const row of opened) {
    if (row.ok) values.push(row.value);
    else unreadable++;
  }
  const parsed = parse(values);
  if (unreadable === 0) return parsed;
  return { items: parsed.items, skipped: parsed.skipped + unreadable, problems: ['(sealed)', ...parsed.problems].slice(0, MAX_PROBLEMS) };
}

function listsOffice(value: unknown, providerNumber: string): boolean {
  const parsed = StoredMembership.safeParse(value);
  // A row too damaged to say which offices list it is returned to readPeople, which skips and counts it.
  return parsed.success ? parsed.data.providerNumbers.includes(providerNumber) : true;
}

/** What the person rows looked like when read: id → IV (a fresh IV every time a row is sealed). */
function fingerprint(rows: readonly unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of rows) {
    const row = SealedRow.safeParse(raw);
    if (row.success) out.set(row.data.id, toBase64Url(row.data.iv));
    else out.set(`(damaged ${out.size})`, '');
  }
  return out;
}

function sameFingerprint(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, iv] of a) if (b.get(id) !== iv) return false;
  return true;
}

interface PreparedSnapshot {
  readonly basis: Map<string, string>;
  readonly deletes: string[];
  /** Sealed rows to write: everyone in the snapshot, then people kept for other offices with a new membership. */
  readonly puts: SealedRow[];
  readonly peopleCount: number;
}

const readRows = (db: TsunagiDb, kind: SealedKind): Promise<unknown[]> => db.sealed.where('kind').equals(kind).toArray();

async function prepareSnapshot(db: TsunagiDb, vault: Vault, snapshot: PeopleResponse): Promise<PreparedSnapshot> {
  const providerNumber = snapshot.provider.providerNumber;
  const rows = await readRows(db, 'person');
  const opened = await openRows(vault, rows);
  const storedByKey = new Map<string, { value: unknown; membership: StoredMembership }>();
  const damaged: string[] = [];
  for (const row of opened) {
    const membership = row.ok ? StoredMembership.safeParse(row.value) : undefined;
    if (row.ok && membership?.success) storedByKey.set(personNaturalKey(membership.data), { value: row.value, membership: membership.data });
    // A row that does not open or says nothing of its offices cannot be merged: the snapshot replaces it.
    else if (row.id !== undefined) damaged.push(row.id);
  }
  const stored = [...storedByKey.values()].map((s) => s.membership);
  const plan = planSnapshot(
    providerNumber,
    snapshot.people,
    stored.filter((m) => m.providerNumbers.includes(providerNumber)),
    snapshot.people.map((p) => storedByKey.get(personNaturalKey(p))?.membership).filter((m) => m !== undefined),
  );
  const deletes = [...damaged, ...(await inBatches(plan.deletes, ([insurerNumber, insuredNumber]) => vault.rowId('person', personNaturalKey({ insurerNumber, insuredNumber }))))];
  const kept = plan.memberships.map(({ key: [insurerNumber, insuredNumber], providerNumbers }) => {
    const naturalKey = personNaturalKey({ insurerNumber, insuredNumber });
    return { naturalKey, value: { ...(storedByKey.get(naturalKey)?.value as object), providerNumbers } };
  });
  const toSeal = [...plan.puts.map((row) => ({ naturalKey: personNaturalKey(row), value: row as unknown })), ...kept];
  const puts = await inBatches(toSeal, ({ naturalKey, value }) => vault.seal('person', naturalKey, value));
  return { basis: fingerprint(rows), deletes, puts, peopleCount: plan.puts.length };
}

interface PreparedPeople {
  readonly basis: Map<string, string>;
  readonly readBasis: () => Promise<unknown[]>;
  readonly puts: SealedRow[];
}

/** Seals people put on `providerNumber`'s list as pulled upserts, merged with their stored rows (read now). */
async function preparePeople(db: TsunagiDb, vault: Vault, providerNumber: string, records: readonly InsuredRecord[]): Promise<PreparedPeople> {
  const changes = records.map((record) => ({ op: 'upsert' as const, record }));
  const keys = [...new Set(records.map(personNaturalKey))];
  const ids = await inBatches(keys, (key) => vault.rowId('person', key));
  const keyOfId = new Map(ids.map((id, i) => [id, keys[i] ?? '']));
  const readBasis = async (): Promise<unknown[]> => (await db.sealed.bulkGet(ids)).filter((row) => row !== undefined);
  const rows = await readBasis();
  const stored = new Map<string, StoredPersonEntry>();
  for (const row of await openRows(vault, rows)) {
    const membership = row.ok ? StoredMembership.safeParse(row.value) : undefined;
    if (row.ok && membership?.success) stored.set(keyOfId.get(row.id) ?? '', { value: row.value, membership: membership.data });
  }
  const plan = planPull(providerNumber, changes, stored);
  const puts = await inBatches(plan.puts, ({ naturalKey, row }) => vault.seal('person', naturalKey, row));
  return { basis: fingerprint(rows), readBasis, puts };
}

/**
 * @param vault opened after the staff member unlocked the device; the store never sees the data key itself.
 */
export interface DexieLocalStoreOptions {
  /** The device clock, for a courier key's expiry; the system clock otherwise. */
  readonly now?: () => Date;
}

export function createDexieLocalStore(db: TsunagiDb, vault: Vault, options: DexieLocalStoreOptions = {}): LocalStore {
  const now = options.now ?? (() => new Date());
  return {
    readPeople: (providerNumber) =>
      guarded(async (): Promise<StoredRead<InsuredRecord>> => {
        const opened = await openRows(vault, await readRows(db, 'person'));
        const parsed = parseOpened(opened, (values) => parseRows(StoredPerson, values.filter((value) => listsOffice(value, providerNumber))));
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
      guarded(async () => {
        const providerNumber = snapshot.provider.providerNumber;
        for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
          const prepared = await prepareSnapshot(db, vault, snapshot);
          const written = await db.transaction('rw', [db.sealed, db.insurers, db.providers, db.meta], async () => {
            if (!sameFingerprint(prepared.basis, fingerprint(await readRows(db, 'person')))) return false;
            await db.sealed.bulkDelete(prepared.deletes);
            const total = prepared.peopleCount;
            onProgress?.({ written: 0, total });
            for (let at = 0; at < prepared.puts.length; at += SNAPSHOT_CHUNK) {
              await db.sealed.bulkPut(prepared.puts.slice(at, at + SNAPSHOT_CHUNK));
              onProgress?.({ written: Math.min(at + SNAPSHOT_CHUNK, total), total });
            }
            await db.insurers.bulkPut(snapshot.insurers);
            await db.providers.put(snapshot.provider);
            await db.meta.put({ providerNumber, fetchedAt: snapshot.fetchedAt, receivedAt: receivedAt.toISOString(), peopleCount: total });
            return true;
          });
          if (written) return;
        }
        throw new DataError('storage');
      }),

    recordAudit: (entries) =>
      guarded(async () => {
        const rows = await inBatches(entries, (entry) => vault.seal('auditEntry', entry.entryId, DeviceAuditEntry.parse(entry)));
        await db.sealed.bulkPut(rows);
      }),

    readPendingAudit: (limit) =>
      guarded(async () => {
        const opened = await openRows(vault, await readRows(db, 'auditEntry'));
        const parsed = parseOpened(opened, (values) => parseRows(DeviceAuditEntry, values));
        const items = parsed.items.sort(compareAuditEntries).slice(0, limit);
        return { ...parsed, items };
      }),

    removeAudit: (entryIds) =>
      guarded(async () => {
        await db.sealed.bulkDelete(await inBatches(entryIds, (entryId) => vault.rowId('auditEntry', entryId)));
      }),

    enqueueMutation: (name, version, staffId, args, effect) =>
      guarded(async () => {
        const mutation = checkMutation(name, version, staffId, args);
        // The seq is known only inside the transaction, so the sealed row's id comes from a random key; the
        // order lives in the row's `seq`, and the seal binds the content to that id.
        const sealed = await vault.seal('outboxMutation', crypto.randomUUID(), mutation);
        const puts = await inBatches(effect?.puts ?? [], (row) => vault.seal(row.kind, row.naturalKey, row.value));
        const deletes = await inBatches(effect?.deletes ?? [], (row) => vault.rowId(row.kind, row.naturalKey));
        // People rows are merged with what is stored (the offices listing them), so, as for a pull page, the
        // transaction checks that the rows it was planned from are unchanged and otherwise plans again.
        const sealing = await readCourierSealing(db, vault, staffId, now());
        for (let attempt = 1; attempt <= ENQUEUE_ATTEMPTS; attempt++) {
          const people = effect?.people ? await preparePeople(db, vault, effect.people.providerNumber, effect.people.records) : undefined;
          // The envelope binds its seq, and no sealing may happen inside the transaction: it is sealed for the seq
          // expected now, and the transaction starts over if another tab took that seq meanwhile.
          const expected = sealing ? await db.transaction('r', [db.outbox, db.syncState], () => nextQueuedSeq(db)) : undefined;
          const courier =
            sealing && expected !== undefined
              ? await sealCourierEnvelope(sealing.key, sealing.deviceId, { keyId: sealing.keyId, staffId, seq: expected }, mutation)
              : undefined;
          const seq = await db.transaction('rw', [db.outbox, db.syncState, db.sealed], async () => {
            if (people && !sameFingerprint(people.basis, fingerprint(await people.readBasis()))) return null;
            const seq = await nextQueuedSeq(db);
            if (courier && seq !== courier.seq) return null;
            if (deletes.length > 0) await db.sealed.bulkDelete(deletes);
            if (puts.length > 0) await db.sealed.bulkPut(puts);
            if (people && people.puts.length > 0) await db.sealed.bulkPut(people.puts);
            // add, not put: a seq already taken fails the transaction instead of replacing a queued mutation.
            await db.outbox.add(courier ? { seq, sealed, courier } : { seq, sealed });
            await db.syncState.put({ key: 'nextSeq', value: seq + 1 });
            return seq;
          });
          if (seq !== null) return seq;
        }
        throw new DataError('storage');
      }),

    readOutbox: (limit, fromSeq = 1) =>
      guarded(async () => {
        const rows = await db.outbox.where('seq').aboveOrEqual(fromSeq).limit(limit).toArray();
        const opened = await openRows(
          vault,
          rows.map((row) => row.sealed),
        );
        const withSeq = opened.map((row, i): Opened => (row.ok ? { ...row, value: { ...(row.value as object), seq: rows[i]?.seq } } : row));
        return parseOpened(withSeq, (values) => parseRows(StoredMutation, values));
      }),

    ackOutbox: (uptoSeq) => guarded(() => ackOutboxRows(db, uptoSeq)),

    outboxCount: () => guarded(() => db.outbox.count()),

    dropRefusedPaperRecord: (entry) =>
      guarded(async () => {
        const id = await vault.rowId('person', personNaturalKey(entry.content));
        const row = await db.sealed.get(id);
        if (!row) return false;
        const opened = await openRows(vault, [row]);
        const first = opened[0];
        if (!first?.ok || !isRefusedNewPaperRecord(first.value, entry)) return false;
        // Opened outside the transaction (no crypto inside one): delete only the very row that was checked.
        return db.transaction('rw', [db.sealed], async () => {
          const now = await db.sealed.get(id);
          if (!now || !sameBytes(now.iv, row.iv)) return false;
          await db.sealed.delete(id);
          return true;
        });
      }),

    settleSealedRefusals: () =>
      guarded(async () => {
        const kept = parseSyncState(await db.syncState.toArray()).rejected.filter((r) => r.sealed !== undefined);
        if (kept.length === 0) return [];
        const entries: RefusedPaperEntry[] = [];
        for (const refusal of kept) {
          const sealed = refusal.sealed;
          if (!sealed) continue;
          const [opened] = await openRows(vault, [sealed]);
          const mutation = opened?.ok ? StoredMutation.omit({ seq: true }).safeParse(opened.value) : undefined;
          if (mutation?.success && mutation.data.name === 'paperRecordEntered') {
            const args = PaperRecordEnteredArgs.safeParse(mutation.data.args);
            if (args.success) entries.push(args.data);
          }
        }
        const settled = new Set(kept.map((r) => r.seq));
        await db.transaction('rw', [db.syncState], async () => {
          const rejected = parseSyncState(await db.syncState.toArray()).rejected.map((r) => (settled.has(r.seq) ? { seq: r.seq, name: r.name, code: r.code, message: r.message } : r));
          await db.syncState.put({ key: 'rejected', value: rejected });
        });
        return entries;
      }),

    readSyncState: () => guarded(async () => parseSyncState(await db.syncState.toArray())),

    writeSyncState: (patch) =>
      guarded(async () => {
        await db.syncState.bulkPut(Object.entries(patch).map(([key, value]) => ({ key, value: value as unknown })));
      }),

    applyPull: (response: PullResponse) =>
      guarded(async () => {
        const providerNumber = response.provider.providerNumber;
        const keys = [...new Set(response.changes.map((change) => personNaturalKey(change.op === 'upsert' ? change.record : change)))];
        const ids = await inBatches(keys, (key) => vault.rowId('person', key));
        const keyOfId = new Map(ids.map((id, i) => [id, keys[i] ?? '']));
        const readBasis = async (): Promise<unknown[]> => (await db.sealed.bulkGet(ids)).filter((row) => row !== undefined);
        for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
          const rows = await readBasis();
          const stored = new Map<string, StoredPersonEntry>();
          for (const row of await openRows(vault, rows)) {
            const membership = row.ok ? StoredMembership.safeParse(row.value) : undefined;
            if (row.ok && membership?.success) stored.set(keyOfId.get(row.id) ?? '', { value: row.value, membership: membership.data });
          }
          const plan = planPull(providerNumber, response.changes, stored);
          const puts = await inBatches(plan.puts, ({ naturalKey, row }) => vault.seal('person', naturalKey, row));
          const deletes = await inBatches(plan.deletes, (key) => vault.rowId('person', key));
          const basis = fingerprint(rows);
          const written = await db.transaction('rw', [db.sealed, db.insurers, db.providers, db.syncState], async () => {
            if (!sameFingerprint(basis, fingerprint(await readBasis()))) return false;
            await db.sealed.bulkDelete(deletes);
            for (let at = 0; at < puts.length; at += SNAPSHOT_CHUNK) await db.sealed.bulkPut(puts.slice(at, at + SNAPSHOT_CHUNK));
            await db.insurers.bulkPut(response.insurers);
            await db.providers.put(response.provider);
            await db.syncState.put({ key: 'pullCursor', value: response.cursor });
            return true;
          });
          if (written) return;
        }
        throw new DataError('storage');
      }),

    applyNoticesPull: (page) =>
      guarded(async () => {
        // Sealed before the transaction opens (see the header); every row replaces its key whole, so there is
        // nothing read to plan from and no basis to check.
        const notices = await inBatches(page.notices, (notice) => vault.seal('notice', noticeNaturalKey(notice), notice));
        const acks = await inBatches(page.acknowledgements, (ack) => vault.seal('noticeAcknowledgement', noticeAcknowledgementNaturalKey(ack), ack));
        await db.transaction('rw', [db.sealed, db.syncState], async () => {
          const rows = [...notices, ...acks];
          for (let at = 0; at < rows.length; at += SNAPSHOT_CHUNK) await db.sealed.bulkPut(rows.slice(at, at + SNAPSHOT_CHUNK));
          await db.syncState.put({ key: 'noticeCursor', value: page.cursor });
        });
      }),

    readNotices: () =>
      guarded(async () => {
        const [notices, acks] = await Promise.all([openRows(vault, await readRows(db, 'notice')), openRows(vault, await readRows(db, 'noticeAcknowledgement'))]);
        return joinNoticeReads(
          parseOpened(notices, (values) => parseRows(StoredNotice, values)),
          parseOpened(acks, (values) => parseRows(StoredNoticeAcknowledgement, values)),
        );
      }),
  };
}
