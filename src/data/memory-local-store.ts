/**
 * LocalStore in memory, for unit tests of code that uses a store. Rows are kept unencrypted, as structured
 * clones, and parsed on read exactly like the Dexie store, so `raw` lets a test plant a damaged row.
 */
import { Insurer, Provider } from '../domain/organisations.ts';
import { DeviceAuditEntry } from '../protocol/admin.ts';
import type { PeopleResponse } from '../protocol/people.ts';
import type { PersonChange } from '../protocol/sync.ts';
import { storageError } from './data-error.ts';
import type { EffectRow, LocalStore } from './local-store.ts';
import { planSnapshot } from './plan-snapshot.ts';
import {
  checkMutation,
  nextSeqFrom,
  parseSyncState,
  planPull,
  type StoredPersonEntry,
  StoredMutation,
  compareAuditEntries,
  parseRows,
  isRefusedNewPaperRecord,
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
} from './stored-rows.ts';

export interface MemoryTables {
  /** People by their natural key ("insurer-insured"), as the Dexie store seals them. */
  people: Map<string, unknown>;
  insurers: Map<string, unknown>;
  providers: Map<string, unknown>;
  settings: Map<string, unknown>;
  meta: Map<string, unknown>;
  /** Pending audit entries by entryId. */
  audit: Map<string, unknown>;
  /** Change notices by event id, and acknowledgements by natural key (unsealed here). */
  notices: Map<string, unknown>;
  noticeAcknowledgements: Map<string, unknown>;
  /** Queued mutations by seq (unsealed here). */
  outbox: Map<number, unknown>;
  syncState: Map<string, unknown>;
}

export interface MemoryLocalStore extends LocalStore {
  /** The stored rows as written. */
  readonly raw: MemoryTables;
  /** Makes the next write fail with this error (then behaves normally again). */
  failNextWrite(error: unknown): void;
}

function listsOffice(row: unknown, providerNumber: string): boolean {
  const parsed = StoredMembership.safeParse(row);
  // A row too damaged to say which offices list it is returned to readPeople, which skips and counts it.
  return parsed.success ? parsed.data.providerNumbers.includes(providerNumber) : true;
}

export function createMemoryLocalStore(): MemoryLocalStore {
  const raw: MemoryTables = { people: new Map(), insurers: new Map(), providers: new Map(), settings: new Map(), meta: new Map(), audit: new Map(), notices: new Map(), noticeAcknowledgements: new Map(), outbox: new Map(), syncState: new Map() };
  const syncState = () => parseSyncState([...raw.syncState].map(([key, value]) => ({ key, value })));
  const effectTables: Record<EffectRow['kind'], Map<string, unknown>> = {
    person: raw.people,
    auditEntry: raw.audit,
    notice: raw.notices,
    noticeAcknowledgement: raw.noticeAcknowledgements,
  };
  const effectTable = (kind: EffectRow['kind']): Map<string, unknown> => effectTables[kind];
  let pendingFailure: { error: unknown } | undefined;
  /** The stored rows of the people `changes` name, as planPull reads them. */
  const storedPeople = (changes: readonly PersonChange[]): Map<string, StoredPersonEntry> => {
    const stored = new Map<string, StoredPersonEntry>();
    for (const change of changes) {
      const key = personNaturalKey(change.op === 'upsert' ? change.record : change);
      const value = raw.people.get(key);
      const membership = StoredMembership.safeParse(value);
      if (membership.success) stored.set(key, { value, membership: membership.data });
    }
    return stored;
  };

  const beginWrite = (): void => {
    if (pendingFailure) {
      const { error } = pendingFailure;
      pendingFailure = undefined;
      throw storageError(error);
    }
  };

  return {
    raw,
    failNextWrite(error) {
      pendingFailure = { error };
    },

    async readPeople(providerNumber) {
      const rows = [...raw.people.values()].filter((row) => listsOffice(row, providerNumber));
      const parsed = parseRows(StoredPerson, rows);
      return { ...parsed, items: parsed.items.map((row) => row.record) };
    },
    async readInsurers() {
      return parseRows(Insurer, [...raw.insurers.values()]);
    },
    async readProviders() {
      return parseRows(Provider, [...raw.providers.values()]);
    },
    async readFetchInfo(providerNumber) {
      const parsed = StoredFetchInfo.safeParse(raw.meta.get(providerNumber));
      return parsed.success ? parsed.data : undefined;
    },
    async readSetting<K extends SettingKey>(key: K): Promise<SettingValue<K> | undefined> {
      const parsed = SETTINGS[key].safeParse(raw.settings.get(key));
      return parsed.success ? (parsed.data as SettingValue<K>) : undefined;
    },
    async writeSetting(key, value) {
      beginWrite();
      raw.settings.set(key, structuredClone(value));
    },
    async saveProviders(providers) {
      beginWrite();
      raw.providers.clear();
      for (const p of providers) raw.providers.set(p.providerNumber, structuredClone(p));
    },
    async saveOfficeSnapshot(snapshot: PeopleResponse, receivedAt, onProgress) {
      beginWrite();
      const providerNumber = snapshot.provider.providerNumber;
      const listedBefore = parseRows(StoredMembership, [...raw.people.values()]).items.filter((m) => m.providerNumbers.includes(providerNumber));
      // Rows listed under this office but too damaged to merge: the snapshot replaces them.
      const damaged = [...raw.people].filter(([, row]) => listsOffice(row, providerNumber) && !StoredMembership.safeParse(row).success).map(([key]) => key);
      const storedIncoming = parseRows(
        StoredMembership,
        snapshot.people.map((p) => raw.people.get(personNaturalKey(p))).filter((row) => row !== undefined),
      ).items;
      const plan = planSnapshot(providerNumber, snapshot.people, listedBefore, storedIncoming);
      // Applied to copies and swapped in at the end: all or nothing, like the Dexie transaction.
      const people = new Map(raw.people);
      for (const key of damaged) people.delete(key);
      for (const [insurerNumber, insuredNumber] of plan.deletes) people.delete(personNaturalKey({ insurerNumber, insuredNumber }));
      for (const { key: [insurerNumber, insuredNumber], providerNumbers } of plan.memberships) {
        const id = personNaturalKey({ insurerNumber, insuredNumber });
        people.set(id, { ...(people.get(id) as object), providerNumbers });
      }
      for (const row of plan.puts) people.set(personNaturalKey(row), structuredClone(row));
      raw.people.clear();
      for (const [k, v] of people) raw.people.set(k, v);
      for (const insurer of snapshot.insurers) raw.insurers.set(insurer.insurerNumber, structuredClone(insurer));
      raw.providers.set(providerNumber, structuredClone(snapshot.provider));
      raw.meta.set(providerNumber, {
        providerNumber,
        fetchedAt: snapshot.fetchedAt,
        receivedAt: receivedAt.toISOString(),
        peopleCount: plan.puts.length,
      });
      onProgress?.({ written: plan.puts.length, total: plan.puts.length });
    },
    async recordAudit(entries) {
      beginWrite();
      let parsed: DeviceAuditEntry[];
      try {
        parsed = entries.map((entry) => DeviceAuditEntry.parse(entry));
      } catch (error) {
        throw storageError(error);
      }
      for (const entry of parsed) raw.audit.set(entry.entryId, structuredClone(entry));
    },
    async readPendingAudit(limit) {
      const parsed = parseRows(DeviceAuditEntry, [...raw.audit.values()]);
      return { ...parsed, items: parsed.items.sort(compareAuditEntries).slice(0, limit) };
    },
    async dropRefusedPaperRecord(entry) {
      const key = personNaturalKey(entry.content);
      if (!isRefusedNewPaperRecord(raw.people.get(key), entry)) return false;
      beginWrite();
      raw.people.delete(key);
      return true;
    },
    async settleSealedRefusals() {
      // Nothing here is sealed: the outbox keeps mutations as they are, and the page's push records refusals.
      return [];
    },
    async removeAudit(entryIds) {
      beginWrite();
      for (const id of entryIds) raw.audit.delete(id);
    },
    async enqueueMutation(name, version, staffId, args, effect) {
      let mutation: ReturnType<typeof checkMutation>;
      try {
        mutation = checkMutation(name, version, staffId, args);
      } catch (error) {
        throw storageError(error);
      }
      beginWrite();
      const seq = nextSeqFrom(syncState(), Math.max(0, ...raw.outbox.keys()));
      for (const put of effect?.puts ?? []) effectTable(put.kind).set(put.naturalKey, structuredClone(put.value));
      for (const gone of effect?.deletes ?? []) effectTable(gone.kind).delete(gone.naturalKey);
      if (effect?.people) {
        const changes = effect.people.records.map((record) => ({ op: 'upsert' as const, record }));
        for (const put of planPull(effect.people.providerNumber, changes, storedPeople(changes)).puts) raw.people.set(put.naturalKey, structuredClone(put.row));
      }
      raw.outbox.set(seq, { seq, ...structuredClone(mutation) });
      raw.syncState.set('nextSeq', seq + 1);
      return seq;
    },
    async readOutbox(limit, fromSeq = 1) {
      const rows = [...raw.outbox].filter(([seq]) => seq >= fromSeq).sort(([a], [b]) => a - b).slice(0, limit);
      return parseRows(StoredMutation, rows.map(([, row]) => row));
    },
    async ackOutbox(uptoSeq) {
      beginWrite();
      for (const seq of [...raw.outbox.keys()]) if (seq <= uptoSeq) raw.outbox.delete(seq);
      raw.syncState.set('lastAppliedSeq', Math.max(syncState().lastAppliedSeq, uptoSeq));
    },
    async outboxCount() {
      return raw.outbox.size;
    },
    async readSyncState() {
      return syncState();
    },
    async writeSyncState(patch) {
      beginWrite();
      for (const [key, value] of Object.entries(patch)) raw.syncState.set(key, structuredClone(value));
    },
    async applyPull(response) {
      beginWrite();
      const providerNumber = response.provider.providerNumber;
      const plan = planPull(providerNumber, response.changes, storedPeople(response.changes));
      // Applied to a copy and swapped in at the end: all or nothing, like the Dexie transaction.
      const people = new Map(raw.people);
      for (const key of plan.deletes) people.delete(key);
      for (const put of plan.puts) people.set(put.naturalKey, structuredClone(put.row));
      raw.people.clear();
      for (const [k, v] of people) raw.people.set(k, v);
      for (const insurer of response.insurers) raw.insurers.set(insurer.insurerNumber, structuredClone(insurer));
      raw.providers.set(providerNumber, structuredClone(response.provider));
      raw.syncState.set('pullCursor', response.cursor);
    },
    async applyNoticesPull(page) {
      beginWrite();
      for (const notice of page.notices) raw.notices.set(noticeNaturalKey(notice), structuredClone(notice));
      for (const ack of page.acknowledgements) raw.noticeAcknowledgements.set(noticeAcknowledgementNaturalKey(ack), structuredClone(ack));
      raw.syncState.set('noticeCursor', structuredClone(page.cursor));
    },
    async readNotices() {
      return joinNoticeReads(parseRows(StoredNotice, [...raw.notices.values()]), parseRows(StoredNoticeAcknowledgement, [...raw.noticeAcknowledgements.values()]));
    },
  };
}
