/**
 * An in-memory platform speaking the sync protocol (src/protocol/sync.ts) for unit tests, with faults to inject:
 * a request lost before the server saw it, a response lost after the server applied it, a 500. It applies each
 * device's mutations in seq order exactly once (replays answer `duplicate`), answers a batch that starts after
 * a gap with 409 `seqGap`, and serves a change log in pages with opaque cursors.
 */
import type { ApiFetch } from '../auth/api-fetch.ts';
import { makeProvider, TEST_INSURER } from '../data/insured-record.testing.ts';
import { PullRequest, PushRequest, type Mutation, type MutationResult, type PersonChange, type PullResponse, type PushResponse } from '../protocol/sync.ts';
import { PULL_PATH, PUSH_PATH } from './sync-engine.ts';

export type Fault = 'lostRequest' | 'lostResponse' | 'status500';

export interface FakeSyncServer {
  readonly apiFetch: ApiFetch;
  /** Mutations the server applied or rejected, in the order it did (each seq at most once if correct). */
  readonly processed: Mutation[];
  /** Faults for the next requests to a path, used up in order. */
  readonly faults: { push: Fault[]; pull: Fault[] };
  /** The office's change log the pull pages through. */
  readonly changes: PersonChange[];
  lastAppliedSeq: number;
  /** Refuses a mutation (still counts as processed): return the reason, or undefined to apply it. */
  rejectWhen: (mutation: Mutation) => { code: string; message: string } | undefined;
  /** Requests that reached the server, by path. */
  readonly requests: { push: number; pull: number };
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export function createFakeSyncServer(options: { office: string; changes?: PersonChange[] }): FakeSyncServer {
  const server: FakeSyncServer = {
    processed: [],
    faults: { push: [], pull: [] },
    changes: [...(options.changes ?? [])],
    lastAppliedSeq: 0,
    rejectWhen: () => undefined,
    requests: { push: 0, pull: 0 },
    apiFetch: async (path, init) => {
      const kind = path === PUSH_PATH ? 'push' : path === PULL_PATH ? 'pull' : undefined;
      if (!kind || init?.method !== 'POST' || typeof init.body !== 'string') return json(404, { code: 'notFound', message: 'not found' });
      const fault = server.faults[kind].shift();
      if (fault === 'lostRequest') throw new TypeError('Failed to fetch');
      if (fault === 'status500') return json(500, { code: 'internal', message: 'サーバー内部エラー' });
      server.requests[kind]++;
      const body: unknown = JSON.parse(init.body);
      const response = kind === 'push' ? push(body) : pull(body);
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
      server.processed.push(mutation);
      server.lastAppliedSeq = mutation.seq;
      results.push(reason ? { seq: mutation.seq, status: 'rejected', reason } : { seq: mutation.seq, status: 'applied' });
    }
    const response: PushResponse = { lastAppliedSeq: server.lastAppliedSeq, results };
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
