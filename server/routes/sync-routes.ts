/**
 * The sync API of a signed-in staff member's device (see src/protocol/sync.ts):
 *  - POST /api/v1/sync/push: the device's outbox mutations, applied exactly once and in seq order
 *    (server/sync/apply-push.ts); a batch starting after a gap is 409 PushGap with the seq to resend from.
 *  - POST /api/v1/sync/pull: a page of the people the staff member's office serves: a snapshot on first sync,
 *    then the office's sync log (upserts and tombstones), behind an opaque cursor (server/sync/sync-cursor.ts).
 *  - POST /api/v1/sync/notices: a page of the office's change notices and of the acknowledgements its staff may
 *    see, after a two-part cursor (server/sync/read-notices-page.ts).
 * POST /api/v1/sync/courier shares the prefix but not the staff gate (courier-routes.ts).
 * The office is always the session's, never one named by the caller. A pull page that carries people's records
 * is audit-logged as one `people.list` entry, a notices page that carries notices as one `notices.list` entry.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { except } from 'hono/combine';
import { COURIER_PUSH_PATH } from '../../src/protocol/courier.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { NOTICES_PULL_PATH, NoticesPullRequest, NoticesPullResponse } from '../../src/protocol/notices.ts';
import { PullRequest, PullResponse, PushGap, PushRequest, PushResponse } from '../../src/protocol/sync.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { followsCareNetwork, roleMay } from '../auth/access-rules.ts';
import type { Database } from '../db/database.ts';
import { findProvider, listInsurersOfProvider } from '../db/organisation-store.ts';
import { applyPush, batchSeqProblem } from '../sync/apply-push.ts';
import { readNoticesPage } from '../sync/read-notices-page.ts';
import { readPullPage } from '../sync/read-pull-page.ts';
import { decodeSyncCursor } from '../sync/sync-cursor.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export interface SyncRouteDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** requireDevice then requireStaff. */
  readonly signedIn: readonly MiddlewareHandler[];
}

/** The message of a 409 PushGap (the tablet resends from `expectedSeq`). */
export const SEQ_GAP_MESSAGE = '送信待ちの変更に抜けがあります。指定の番号から送り直してください。';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const errors = {
  400: json(ApiError, 'Malformed request or cursor'),
  401: json(ApiError, 'Not signed in, unknown device, or bad signature'),
  403: json(ApiError, 'Device revoked or role not allowed'),
};

const pushRoute = createRoute({
  method: 'post',
  path: '/api/v1/sync/push',
  tags: ['sync'],
  summary: '送信待ちの変更の送信（端末ごとの連番で1回だけ適用）',
  request: body(PushRequest),
  responses: { 200: json(PushResponse, 'Each mutation applied, duplicate or rejected'), 409: json(PushGap, 'The batch starts after a gap'), ...errors },
});

const pullRoute = createRoute({
  method: 'post',
  path: '/api/v1/sync/pull',
  tags: ['sync'],
  summary: '事業所の利用者の取得（初回は一覧、以降は変更と削除）',
  request: body(PullRequest),
  responses: { 200: json(PullResponse, 'One page of changes'), 404: json(ApiError, 'The office is not on the platform'), ...errors },
});

const noticesRoute = createRoute({
  method: 'post',
  path: NOTICES_PULL_PATH,
  tags: ['sync'],
  summary: 'お知らせ（変更履歴）と確認状況の取得',
  request: body(NoticesPullRequest),
  responses: { 200: json(NoticesPullResponse, 'One page of notices and acknowledgements'), 404: json(ApiError, 'The office is not on the platform'), ...errors },
});

export function registerSyncRoutes(app: OpenAPIHono<AppEnv>, deps: SyncRouteDeps): void {
  const { db, clock } = deps;
  // The courier push is the device's alone: a service worker holds no access token (courier-routes.ts).
  app.use('/api/v1/sync/*', except(COURIER_PUSH_PATH, ...deps.signedIn));

  app.openapi(pushRoute, async (c) => {
    const { mutations } = c.req.valid('json');
    const problem = batchSeqProblem(mutations);
    if (problem !== null) return apiError(c, 'invalidRequest', problem);
    const device = c.get('device');
    const outcome = await applyPush(db, { deviceId: device.deviceId, providerNumber: device.providerNumber, sourceAddress: c.get('sourceAddress') ?? null }, mutations, clock);
    if (outcome.status === 'seqGap') return c.json({ code: 'seqGap' as const, message: SEQ_GAP_MESSAGE, expectedSeq: outcome.expectedSeq }, 409);
    return c.json(outcome.response, 200);
  });

  app.openapi(pullRoute, async (c) => {
    const session = c.get('staffSession');
    if (!roleMay(session.role, 'peopleList')) return apiError(c, 'roleForbidden');
    const request = c.req.valid('json');
    const cursor = request.cursor === null ? null : decodeSyncCursor(request.cursor);
    if (request.cursor !== null && cursor === null) return apiError(c, 'invalidRequest', 'cursor: 同期カーソルが正しくありません。最初から同期し直してください');
    const provider = await findProvider(db, session.providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const page = await readPullPage(db, session.providerNumber, cursor, request.limit);
    const insurers = await listInsurersOfProvider(db, session.providerNumber);
    const upserts = page.changes.filter((change) => change.op === 'upsert').length;
    if (upserts > 0) {
      await appendAudit(
        db,
        [
          {
            origin: 'server',
            action: 'people.list',
            outcome: 'allowed',
            staffId: session.staffId,
            deviceId: session.deviceId,
            providerNumber: session.providerNumber,
            detail: { count: upserts, removed: page.changes.length - upserts, mode: page.mode },
            sourceAddress: c.get('sourceAddress') ?? null,
          },
        ],
        clock,
      );
    }
    return c.json(
      { provider, insurers, changes: page.changes, cursor: page.cursor, hasMore: page.hasMore, snapshotTotal: page.snapshotTotal, serverTime: clock().toISOString() },
      200,
    );
  });

  app.openapi(noticesRoute, async (c) => {
    const session = c.get('staffSession');
    if (!roleMay(session.role, 'notices')) return apiError(c, 'roleForbidden');
    const request = c.req.valid('json');
    const provider = await findProvider(db, session.providerNumber);
    if (!provider) return apiError(c, 'providerNotFound');
    const page = await readNoticesPage(
      db,
      {
        providerNumber: provider.providerNumber,
        providerName: provider.name,
        followsCareNetwork: followsCareNetwork(session.role, provider.kind),
        readsDocuments: roleMay(session.role, 'documents'),
      },
      request.cursor,
      request.limit,
    );
    if (page.notices.length > 0) {
      await appendAudit(
        db,
        [
          {
            origin: 'server',
            action: 'notices.list',
            outcome: 'allowed',
            staffId: session.staffId,
            deviceId: session.deviceId,
            providerNumber: session.providerNumber,
            detail: { count: page.notices.length, acknowledgements: page.acknowledgements.length },
            sourceAddress: c.get('sourceAddress') ?? null,
          },
        ],
        clock,
      );
    }
    return c.json(page, 200);
  });
}
