/**
 * POST /api/v1/sync/courier: what a tablet's service worker delivers with no page open (src/protocol/courier.ts).
 * The request is signed by the device and carries no access token; each envelope is opened with the courier
 * key it names, which must belong to that device and to the staff member the envelope names. The opened run is
 * applied through the page's own exactly-once push (server/sync/apply-push.ts: one seq counter per device), so
 * a mutation delivered by both the worker and the page takes effect once.
 *
 * Envelopes are opened in seq order and the first one that cannot be opened stops the run: it and everything
 * after it are answered `held` and left for the page's push after the next sign-in, because applying a later
 * seq would skip the held one for good.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { COURIER_PUSH_PATH, CourierPushRequest, CourierPushResponse, type CourierEnvelope, type CourierHoldCode } from '../../src/protocol/courier.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { PushGap, type Mutation } from '../../src/protocol/sync.ts';
import { importCourierKey, openCourierEnvelope } from '../../src/security/courier-seal.ts';
import type { WebCryptoKey } from '../../src/security/web-crypto.ts';
import { findUnrevokedCourierKey, type CourierKeyRecord } from '../auth/courier-key-store.ts';
import type { Database } from '../db/database.ts';
import { applyPush, batchSeqProblem } from '../sync/apply-push.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';
import { SEQ_GAP_MESSAGE } from './sync-routes.ts';

export interface CourierRouteDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** A signed request of a registered, unrevoked device; no staff session. */
  readonly requireDevice: MiddlewareHandler;
}

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const courierRoute = createRoute({
  method: 'post',
  path: COURIER_PUSH_PATH,
  tags: ['sync'],
  summary: '画面を開いていない端末からの変更の送信（端末の署名のみ、封をした変更を1回だけ適用）',
  request: { body: { content: { 'application/json': { schema: CourierPushRequest } }, required: true } },
  responses: {
    200: json(CourierPushResponse, 'The opened envelopes applied, duplicate or rejected; the first one not opened, if any'),
    409: json(PushGap, 'The opened envelopes start after a gap'),
    400: json(ApiError, 'Malformed request, or seqs that do not rise by one'),
    401: json(ApiError, 'Unknown device or bad signature'),
    403: json(ApiError, 'Device revoked or its credential expired'),
  },
});

type Opened = { readonly mutations: Mutation[]; readonly held: { seq: number; code: CourierHoldCode } | null };

export function registerCourierRoutes(app: OpenAPIHono<AppEnv>, deps: CourierRouteDeps): void {
  const { db, clock } = deps;
  app.use(COURIER_PUSH_PATH, deps.requireDevice);

  app.openapi(courierRoute, async (c) => {
    const { envelopes } = c.req.valid('json');
    const problem = batchSeqProblem(envelopes);
    if (problem !== null) return apiError(c, 'invalidRequest', problem.replace(/^mutations\./, 'envelopes.'));
    const device = c.get('device');
    const { mutations, held } = await openEnvelopes(db, device.deviceId, envelopes, clock());
    const outcome = await applyPush(db, { deviceId: device.deviceId, providerNumber: device.providerNumber, sourceAddress: c.get('sourceAddress') ?? null }, mutations, clock);
    if (outcome.status === 'seqGap') return c.json({ code: 'seqGap' as const, message: SEQ_GAP_MESSAGE, expectedSeq: outcome.expectedSeq }, 409);
    return c.json({ ...outcome.response, held }, 200);
  });
}

/** The mutations of the envelopes opened before the first that cannot be; keys are imported once per request. */
async function openEnvelopes(db: Database, deviceId: string, envelopes: readonly CourierEnvelope[], now: Date): Promise<Opened> {
  const keys = new Map<string, { readonly record: CourierKeyRecord; readonly key: WebCryptoKey } | null>();
  const mutations: Mutation[] = [];
  for (const envelope of envelopes) {
    if (!keys.has(envelope.keyId)) {
      const record = await findUnrevokedCourierKey(db, envelope.keyId);
      keys.set(envelope.keyId, record && record.deviceId === deviceId ? { record, key: await importCourierKey(record.secret) } : null);
    }
    const found = keys.get(envelope.keyId) ?? null;
    // Another staff member's key on the same device is as unknown as a key that does not exist.
    if (found === null || found.record.staffId !== envelope.staffId) return { mutations, held: { seq: envelope.seq, code: 'keyUnknown' } };
    if (found.record.expiresAt.getTime() <= now.getTime()) return { mutations, held: { seq: envelope.seq, code: 'keyExpired' } };
    const content = await openCourierEnvelope(found.key, deviceId, envelope);
    if (content === null) return { mutations, held: { seq: envelope.seq, code: 'unreadable' } };
    mutations.push({ seq: envelope.seq, staffId: envelope.staffId, ...content });
  }
  return { mutations, held: null };
}
