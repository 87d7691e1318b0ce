/**
 * One sync run between this device and the platform (src/protocol/sync.ts): first push the outbox, then pull
 * the office's changes page by page.
 *
 * Push sends queued mutations oldest first in batches of at most 500 and drops them only once the server's
 * `lastAppliedSeq` covers them, so a lost request or a lost response just means the same batch is sent again
 * (the server answers `duplicate` for what it already applied: one effect each). A 409 `seqGap` names the seq
 * the server expects next; the push resumes from there when the outbox still holds it. Rejected mutations are
 * kept (with the server's Japanese reason) for the user, and count as done.
 *
 * Pull starts from the stored cursor and stores each page together with its cursor (LocalStore.applyPull), so
 * a break resumes after the last page stored; a cursor the server refuses (400) starts over from a snapshot.
 * Push runs first so the device never pulls over local intents the
 * server has not seen yet.
 *
 * After the people, the change notices (src/protocol/notices.ts) are pulled the same way from the stored notice
 * cursor, each page stored with its cursor (LocalStore.applyNoticesPull). A server older than notices answers
 * 404: the run then finishes without them.
 *
 * Concurrent calls of `syncNow` share one run. The device clock is used only for "last synced" on screen.
 */
import type { ApiFetch } from '../auth/api-fetch.ts';
import type { LocalStore, RefusedPaperEntry } from '../data/local-store.ts';
import type { RejectedMutation, StoredMutation } from '../data/stored-rows.ts';
import { DEVICE_STATUS_PATH } from '../protocol/auth.ts';
import { NOTICES_PULL_PATH, NoticesPullResponse, type NoticesPullRequest } from '../protocol/notices.ts';
import { PaperRecordEnteredArgs, PullResponse, PushGap, PushResponse, type Mutation, type PersonChange, type PullRequest, type PushRequest } from '../protocol/sync.ts';
import { mergeRejected, rejectedFromResults } from './rejected-mutations.ts';
import { isSyncErrorCode, readSyncJson, SyncError, syncProblem, toSyncProblem, type SyncProblem } from './sync-error.ts';

export const PUSH_PATH = '/api/v1/sync/push';
export const PULL_PATH = '/api/v1/sync/pull';
/** The protocol's largest push batch. */
export const PUSH_BATCH = 500;
export const PULL_LIMIT = 500;

export interface SyncProgress {
  readonly applied: number;
  readonly total: number;
}

export interface SyncEngineState {
  readonly running: boolean;
  /** When the last run finished without error (device time, ISO). */
  readonly lastSyncAt: string | null;
  /** Mutations in the outbox. */
  readonly pending: number;
  /** Mutations the server refused, with its reason, until the user dismisses them. */
  readonly rejected: readonly RejectedMutation[];
  /** Why the last run stopped; null after a run that finished. */
  readonly error: SyncProblem | null;
  /** During a first sync (the server gives the snapshot's size): people stored so far of the total. */
  readonly progress: SyncProgress | null;
}

export const INITIAL_SYNC_ENGINE_STATE: SyncEngineState = { running: false, lastSyncAt: null, pending: 0, rejected: [], error: null, progress: null };

export type SyncStore = Pick<
  LocalStore,
  'readOutbox' | 'ackOutbox' | 'outboxCount' | 'readSyncState' | 'writeSyncState' | 'applyPull' | 'applyNoticesPull' | 'dropRefusedPaperRecord' | 'settleSealedRefusals'
>;

export interface SyncEngineDeps {
  readonly store: SyncStore;
  readonly apiFetch: ApiFetch;
  readonly now: () => Date;
  readonly onState?: (state: SyncEngineState) => void;
  /**
   * Called after each pull page is stored, with its changes in order and the page itself, so a screen can
   * patch what it shows instead of reading every person back (see OfficeController.applyPulled).
   */
  readonly onPulled?: (changes: readonly PersonChange[], page: PullResponse) => void;
  /**
   * Runs the push alone among this device's pushes (the Web Lock PUSH_LOCK_NAME, shared with the service
   * worker's courier); directly where there is none. Concurrent pushes are safe anyway (the server applies each
   * seq once); the lock saves the second one's requests.
   */
  readonly exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Present while the page was unlocked offline (no session token, so no push or pull of its own): a run then
   * delivers the outbox through the courier with the device key (courier-delivery.ts), as the service worker
   * does, and stops with 'signInForLatest'.
   */
  readonly deliverWithoutSession?: () => Promise<unknown>;
  /**
   * Called with removals of people this run dropped from the store itself: new paper entries the server
   * refused, whose person only this device listed (see LocalStore.dropRefusedPaperRecord).
   */
  readonly onRemovedLocally?: (changes: readonly PersonChange[]) => void;
  /** For tests; the protocol's maximum otherwise. */
  readonly pushBatch?: number;
  readonly pullLimit?: number;
}

export interface SyncEngine {
  getState(): SyncEngineState;
  /** Reads the stored bookkeeping (last sync, pending count, rejected, last error) without any request. */
  load(): Promise<SyncEngineState>;
  /** Pushes, then pulls. Never rejects: a failure is in the returned state's `error`. */
  syncNow(): Promise<SyncEngineState>;
  /** Re-counts the outbox (after a local write). */
  refreshPending(): Promise<void>;
  /** Forgets the rejected mutations shown to the user. */
  dismissRejected(): Promise<void>;
}

function toMutation(stored: StoredMutation): Mutation {
  return { seq: stored.seq, name: stored.name, version: stored.version, staffId: stored.staffId, args: stored.args };
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const pushBatch = Math.min(deps.pushBatch ?? PUSH_BATCH, PUSH_BATCH);
  const pullLimit = deps.pullLimit ?? PULL_LIMIT;
  let state = INITIAL_SYNC_ENGINE_STATE;
  let current: Promise<SyncEngineState> | undefined;
  // People stored by earlier runs of an unfinished first sync in this page's life (for the progress bar).
  let firstSyncApplied = 0;

  const set = (patch: Partial<SyncEngineState>): void => {
    state = { ...state, ...patch };
    deps.onState?.(state);
  };

  async function post(path: string, body: PushRequest | PullRequest | NoticesPullRequest): Promise<Response> {
    try {
      return await deps.apiFetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    } catch (cause) {
      // fetch rejects only when no response arrived (offline, DNS, connection reset).
      throw new SyncError('network', { cause });
    }
  }

  async function probe(): Promise<void> {
    try {
      await deps.apiFetch(DEVICE_STATUS_PATH, { method: 'GET' });
    } catch (cause) {
      throw new SyncError('network', { cause });
    }
  }

  function failIfNotOk(response: Response): void {
    if (response.ok) return;
    if (response.status === 401 || response.status === 403) throw new SyncError('unauthorized', { status: response.status });
    throw new SyncError('http', { status: response.status });
  }

  async function recordRejected(batch: readonly StoredMutation[], results: PushResponse['results']): Promise<void> {
    const fresh = rejectedFromResults(new Map(batch.map((m) => [m.seq, m.name])), results);
    if (fresh.length === 0) return;
    // Merged with what is stored, which the service worker's courier may have added to since this page read it.
    const rejected = mergeRejected((await deps.store.readSyncState()).rejected, fresh);
    // Stored before the batch is acknowledged (the server answers a replay with the same refusal, but an
    // acknowledged mutation is never sent again). Keyed by seq, so a replayed refusal is shown once.
    await deps.store.writeSyncState({ rejected });
    set({ rejected });
    const refused = new Set(fresh.map((r) => r.seq));
    const paper = batch.filter((m) => m.name === 'paperRecordEntered' && refused.has(m.seq)).map((m) => PaperRecordEnteredArgs.safeParse(m.args));
    await undoRefusedPaper(paper.flatMap((args) => (args.success ? [args.data] : [])));
  }

  /** Drops the local records of refused new paper entries and tells the screen. */
  async function undoRefusedPaper(entries: readonly RefusedPaperEntry[]): Promise<void> {
    const removed: PersonChange[] = [];
    for (const entry of entries) {
      if (await deps.store.dropRefusedPaperRecord(entry)) removed.push({ op: 'remove', insurerNumber: entry.content.insurerNumber, insuredNumber: entry.content.insuredNumber });
    }
    if (removed.length > 0) deps.onRemovedLocally?.(removed);
  }

  async function push(): Promise<void> {
    let fromSeq = 1;
    let gapRetried = false;
    for (;;) {
      const batch = await deps.store.readOutbox(pushBatch, fromSeq);
      if (batch.skipped > 0) throw new SyncError('outboxUnreadable');
      const first = batch.items[0];
      const last = batch.items.at(-1);
      if (!first || !last) {
        // Jumped to a seq past everything queued: the server claims mutations this device still holds.
        if (gapRetried) throw new SyncError('seqGap');
        return;
      }
      const response = await post(PUSH_PATH, { mutations: batch.items.map(toMutation) });
      if (response.status === 409) {
        const gap = PushGap.safeParse(await readSyncJson(response));
        if (!gap.success) throw new SyncError('http', { status: 409 });
        // The server expects an earlier seq than the outbox holds (it lost mutations this device dropped), or
        // keeps asking for the same one: resending cannot help.
        if (gapRetried || gap.data.expectedSeq <= first.seq) throw new SyncError('seqGap');
        gapRetried = true;
        fromSeq = gap.data.expectedSeq;
        continue;
      }
      failIfNotOk(response);
      const parsed = PushResponse.safeParse(await readSyncJson(response));
      if (!parsed.success) throw new SyncError('invalidResponse');
      const { lastAppliedSeq } = parsed.data;
      // The server claims seqs this device never gave out (its record belongs to an older copy of the device):
      // acknowledging would silently drop every mutation queued here up to that seq.
      if (lastAppliedSeq >= (await deps.store.readSyncState()).nextSeq) throw new SyncError('seqGap');
      await recordRejected(batch.items, parsed.data.results);
      if (lastAppliedSeq > 0) await deps.store.ackOutbox(lastAppliedSeq);
      set({ pending: await deps.store.outboxCount() });
      // The server stopped before this batch's first mutation: sending it again would go round in circles.
      if (lastAppliedSeq < first.seq) throw new SyncError('http', { status: response.status });
      gapRetried = false;
      fromSeq = lastAppliedSeq + 1;
    }
  }

  async function pull(): Promise<void> {
    let cursor = (await deps.store.readSyncState()).pullCursor;
    if (cursor === null) firstSyncApplied = 0;
    let restarted = false;
    for (;;) {
      const response = await post(PULL_PATH, { cursor, limit: pullLimit });
      // The server no longer understands the stored cursor (e.g. a newer cursor format): start over from a
      // snapshot. The stored cursor is replaced once the first page of it is stored.
      if (response.status === 400 && cursor !== null && !restarted) {
        restarted = true;
        cursor = null;
        firstSyncApplied = 0;
        continue;
      }
      failIfNotOk(response);
      const page = PullResponse.safeParse(await readSyncJson(response));
      if (!page.success) throw new SyncError('invalidResponse');
      await deps.store.applyPull(page.data);
      deps.onPulled?.(page.data.changes, page.data);
      cursor = page.data.cursor;
      const total = page.data.snapshotTotal;
      if (total !== null) {
        firstSyncApplied += page.data.changes.length;
        set({ progress: { applied: Math.min(firstSyncApplied, total), total } });
      }
      if (!page.data.hasMore) {
        firstSyncApplied = 0;
        return;
      }
    }
  }

  async function pullNotices(): Promise<void> {
    let cursor = (await deps.store.readSyncState()).noticeCursor;
    let restarted = false;
    for (;;) {
      const response = await post(NOTICES_PULL_PATH, { cursor, limit: pullLimit });
      // A server from before notices: nothing to pull, and not worth an error on screen.
      if (response.status === 404) return;
      // A cursor the server refuses starts both streams over; pages replace rows by key, so nothing doubles.
      if (response.status === 400 && cursor !== null && !restarted) {
        restarted = true;
        cursor = null;
        continue;
      }
      failIfNotOk(response);
      const page = NoticesPullResponse.safeParse(await readSyncJson(response));
      if (!page.success) throw new SyncError('invalidResponse');
      const before = cursor;
      await deps.store.applyNoticesPull(page.data);
      cursor = page.data.cursor;
      if (!page.data.hasMore) return;
      // More to come but the cursor did not move: asking again would loop forever.
      if (before !== null && before.eventId === cursor.eventId && before.ackSeq === cursor.ackSeq) throw new SyncError('invalidResponse');
    }
  }

  async function run(): Promise<SyncEngineState> {
    set({ running: true });
    try {
      // Refusals the service worker's courier recorded (sealed, as it cannot read them) since the last run.
      await undoRefusedPaper(await deps.store.settleSealedRefusals());
      const deliver = deps.deliverWithoutSession;
      if (deliver) {
        await (deps.exclusive ? deps.exclusive(deliver) : deliver());
        // With nothing to deliver no request was made: ask the device's status (device key only) so that a
        // server out of reach still shows as offline.
        await probe();
        throw new SyncError('signInForLatest');
      }
      await (deps.exclusive ? deps.exclusive(push) : push());
      await pull();
      await pullNotices();
      const lastSyncAt = deps.now().toISOString();
      await deps.store.writeSyncState({ lastSyncAt, lastError: null });
      set({ lastSyncAt, error: null });
    } catch (error) {
      const problem = toSyncProblem(error);
      set({ error: problem });
      // Best effort: when storage itself failed, this may fail too, and the state above still shows it.
      await deps.store.writeSyncState({ lastError: problem }).catch(() => undefined);
    }
    const pending = await deps.store.outboxCount().catch(() => state.pending);
    // The service worker's courier may have stored refusals while no page ran.
    const rejected = await deps.store
      .readSyncState()
      .then((stored) => stored.rejected)
      .catch(() => state.rejected);
    set({ running: false, progress: null, pending, rejected });
    return state;
  }

  return {
    getState: () => state,

    async load() {
      try {
        const [stored, pending] = await Promise.all([deps.store.readSyncState(), deps.store.outboxCount()]);
        const lastError = stored.lastError && isSyncErrorCode(stored.lastError.code) ? syncProblem(stored.lastError.code) : null;
        set({ lastSyncAt: stored.lastSyncAt, rejected: stored.rejected, error: lastError, pending });
      } catch (error) {
        set({ error: toSyncProblem(error) });
      }
      return state;
    },

    syncNow() {
      current ??= run().finally(() => {
        current = undefined;
      });
      return current;
    },

    async refreshPending() {
      set({ pending: await deps.store.outboxCount() });
    },

    async dismissRejected() {
      await deps.store.writeSyncState({ rejected: [] });
      set({ rejected: [] });
    },
  };
}
