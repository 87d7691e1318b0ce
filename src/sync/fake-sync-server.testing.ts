/**
 * An in-memory platform speaking the sync protocol (src/protocol/sync.ts) for unit tests, with faults to inject:
 * a request lost before the server saw it, a response lost after the server applied it, a 500. It applies each
 * device's mutations in seq order exactly once (replays answer `duplicate`), answers a batch that starts after
 * a gap with 409 `seqGap`, and serves a change log in pages with opaque cursors. Change notices are served in
 * pages from two streams (notices by event id, acknowledgements by ackSeq); an applied `noticeAcknowledged`
 * mutation adds an acknowledgement, as the platform does.
 */
import type { ApiFetch } from '../auth/api-fetch.ts';
import { makeProvider, TEST_INSURER } from '../data/insured-record.testing.ts';
import { NOTICES_PULL_PATH, NoticesPullRequest, type Notice, type NoticeAcknowledgement, type NoticesPullResponse } from '../protocol/notices.ts';
import { NoticeAcknowledgedArgs, PullRequest, PushRequest, type Mutation, type MutationResult, type PersonChange, type PullResponse, type PushResponse } from '../protocol/sync.ts';
import { PULL_PATH, PUSH_PATH } from './sync-engine.ts';

export type Fault = 'lostRequest' | 'lostResponse' | 'status500';

export interface FakeSyncServer {
  readonly apiFetch: ApiFetch;
  /** Mutations the server applied or rejected, in the order it did (each seq at most once if correct). */
  readonly processed: Mutation[];
  /** Faults for the next requests to a path, used up in order. */
  readonly faults: { push: Fault[]; pull: Fault[]; notices: Fault[] };
  /** The office's change log the pull pages through. */
  readonly changes: PersonChange[];
  lastAppliedSeq: number;
  /** Refuses a mutation (still counts as processed): return the reason, or undefined to apply it. */
  rejectWhen: (mutation: Mutation) => { code: string; message: string } | undefined;
  /** Requests that reached the server, by path. */
  readonly requests: { push: number; pull: number; notices: number };
  /** The notices stream (ascending event ids) and the acknowledgements stream (ascending ackSeq). */
  readonly notices: Notice[];
  readonly acknowledgements: NoticeAcknowledgement[];
  /** False: the server predates notices and answers 404 on their path. */
  noticesSupported: boolean;
  /** The cursors the notices requests carried, in order. */
  readonly noticeCursors: (NoticesPullRequest['cursor'] | undefined)[];
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Staff names the fake server knows (for acknowledgements it records). */
const STAFF_NAMES: Record<string, string> = { 'staff-0001': '試験 ヘルパー', 'staff-0002': '見本 ケアマネ' };

export function createFakeSyncServer(options: { office: string; changes?: PersonChange[]; notices?: Notice[] }): FakeSyncServer {
  const server: FakeSyncServer = {
    processed: [],
    faults: { push: [], pull: [], notices: [] },
    notices: [...(options.notices ?? [])],
    acknowledgements: [],
    noticesSupported: true,
    noticeCursors: [],
    changes: [...(options.changes ?? [])],
    lastAppliedSeq: 0,
    rejectWhen: () => undefined,
    requests: { push: 0, pull: 0, notices: 0 },
    apiFetch: async (path, init) => {
      const kind = path === PUSH_PATH ? 'push' : path === PULL_PATH ? 'pull' : path === NOTICES_PULL_PATH && server.noticesSupported ? 'notices' : undefined;
      if (!kind || init?.method !== 'POST' || typeof init.body !== 'string') return json(404, { code: 'notFound', message: 'not found' });
      const fault = server.faults[kind].shift();
      if (fault === 'lostRequest') throw new TypeError('Failed to fetch');
      if (fault === 'status500') return json(500, { code: 'internal', message: 'サーバー内部エラー' });
      server.requests[kind]++;
      const body: unknown = JSON.parse(init.body);
      const response = kind === 'push' ? push(body) : kind === 'pull' ? pull(body) : pullNotices(body);
      if (fault === 'lostResponse') throw new TypeError('Failed to fetch');
      return response;
    },
  };

  function push(body: unknown): Response {
    const request = PushRequest.safeParse(body);
    if (!request.success) return json(400, { code: 'invalidRequest', message: '形式が正しくありません' });
    const mutations = [...request.data.mutations].sort((a, b) => a.seq - b.seq);
    const first = mutations[0];
    if (first && first.seq > server.lastAppliedSeq + 1) {
      return json(409, { code: 'seqGap', message: '送信順序に抜けがあります', expectedSeq: server.lastAppliedSeq + 1 });
    }
    const results: MutationResult[] = [];
    for (const mutation of mutations) {
      if (mutation.seq <= server.lastAppliedSeq) {
        results.push({ seq: mutation.seq, status: 'duplicate' });
        continue;
      }
      // Inside a batch a gap stops the batch: the rest waits for the missing seq.
      if (mutation.seq !== server.lastAppliedSeq + 1) break;
      const reason = server.rejectWhen(mutation);
      if (!reason && mutation.name === 'noticeAcknowledged') acknowledge(mutation);
      server.processed.push(mutation);
      server.lastAppliedSeq = mutation.seq;
      results.push(reason ? { seq: mutation.seq, status: 'rejected', reason } : { seq: mutation.seq, status: 'applied' });
    }
    const response: PushResponse = { lastAppliedSeq: server.lastAppliedSeq, results };
    return json(200, response);
  }

  function acknowledge(mutation: Mutation): void {
    const args = NoticeAcknowledgedArgs.parse(mutation.args);
    // One acknowledgement per staff member and notice: the first one stands.
    if (server.acknowledgements.some((a) => a.eventId === args.eventId && a.staffId === mutation.staffId)) return;
    server.acknowledgements.push({
      ackSeq: server.acknowledgements.length + 1,
      eventId: args.eventId,
      providerNumber: options.office,
      staffId: mutation.staffId,
      staffName: STAFF_NAMES[mutation.staffId] ?? '試験 職員',
      acknowledgedAt: args.acknowledgedAt,
    });
  }

  function pullNotices(body: unknown): Response {
    const request = NoticesPullRequest.safeParse(body);
    server.noticeCursors.push(request.success ? request.data.cursor : undefined);
    if (!request.success) return json(400, { code: 'invalidRequest', message: '形式が正しくありません' });
    const after = request.data.cursor ?? { eventId: 0, ackSeq: 0 };
    const notices = server.notices.filter((n) => n.eventId > after.eventId).slice(0, request.data.limit);
    const acknowledgements = server.acknowledgements.filter((a) => a.ackSeq > after.ackSeq).slice(0, request.data.limit);
    const cursor = { eventId: notices.at(-1)?.eventId ?? after.eventId, ackSeq: acknowledgements.at(-1)?.ackSeq ?? after.ackSeq };
    const hasMore = server.notices.some((n) => n.eventId > cursor.eventId) || server.acknowledgements.some((a) => a.ackSeq > cursor.ackSeq);
    const response: NoticesPullResponse = { notices, acknowledgements, cursor, hasMore };
    return json(200, response);
  }

  // A first sync (from a null cursor) reports the snapshot's size on each of its pages.
  let firstSyncEnd: number | undefined;

  function pull(body: unknown): Response {
    const request = PullRequest.safeParse(body);
    if (!request.success) return json(400, { code: 'invalidRequest', message: '形式が正しくありません' });
    const from = request.data.cursor === null ? 0 : Number(request.data.cursor.replace(/^c/, ''));
    if (!Number.isInteger(from) || from < 0) return json(400, { code: 'invalidRequest', message: 'cursor: 同期カーソルが正しくありません' });
    if (request.data.cursor === null) firstSyncEnd = server.changes.length;
    const to = Math.min(from + request.data.limit, server.changes.length);
    const response: PullResponse = {
      provider: makeProvider(options.office),
      insurers: [TEST_INSURER],
      changes: server.changes.slice(from, to),
      cursor: `c${to}`,
      hasMore: to < server.changes.length,
      snapshotTotal: firstSyncEnd !== undefined && from < firstSyncEnd ? firstSyncEnd : null,
      serverTime: '2025-09-01T00:00:00.000Z',
    };
    return json(200, response);
  }

  return server;
}
