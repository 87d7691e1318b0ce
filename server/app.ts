/**
 * The platform server as a Hono app built from injected dependencies (database, logger, clock, and the
 * directory of the built PWA): `createApp(deps).fetch` is a standard Request → Response function, bound to
 * Node by main.ts and called in-process by the tests (`app.request(…)`).
 *
 * Every /api answer is JSON with `Cache-Control: no-store` (personal data never lands in a shared or
 * browser cache: OWASP ASVS V14.3.2); failures are ApiError `{ code, message }`. The OpenAPI document is
 * generated from the same zod schemas at /api/openapi.json.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Database } from './db/database.ts';
import { DatabaseError } from './db/database-error.ts';
import type { Logger } from './logger.ts';
import { apiError, apiErrorBody } from './routes/api-error.ts';
import { HealthResponse } from './routes/api-schemas.ts';
import type { AppEnv } from './routes/app-env.ts';
import { requireDevice, requireStaff, type AuthGateDeps } from './auth/auth-middleware.ts';
import { defaultAuthSettings, type AuthSettings } from './auth/auth-settings.ts';
import { NonceCache } from './auth/verify-device-signature.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAuditRoutes } from './routes/audit-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerCourierRoutes } from './routes/courier-routes.ts';
import { registerFeedRoutes } from './routes/feed-routes.ts';
import { clientAddress, rateLimit } from './routes/rate-limit.ts';
import { registerProviderRoutes } from './routes/provider-routes.ts';
import { requestLogger } from './routes/request-logger.ts';
import { serveStaticApp } from './routes/static-files.ts';
import { registerSyncRoutes } from './routes/sync-routes.ts';
import { ApiError } from '../src/protocol/people.ts';

export interface AppDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The built PWA (./dist); without it only the API is served. */
  readonly staticDir?: string;
  /** Upload limit of POST /api/v1/feeds (default 50 MB). */
  readonly feedSizeLimitBytes?: number;
  /** Sign-in rules (WebAuthn relying party, lifetimes); default: for http://localhost:8080. */
  readonly auth?: AuthSettings;
  /** Whether X-Forwarded-For names the client (behind a reverse proxy that appends it). */
  readonly trustProxy?: boolean;
  /** Enrollment and sign-in attempts per client address: burst and refill per minute (default 10, 10). */
  readonly signInRateLimit?: { capacity: number; refillPerMinute: number };
}

export const API_VERSION = '1.0.0';

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['health'],
  summary: '稼働確認（データベースに問い合わせる）',
  responses: {
    200: { description: 'Serving, database reachable', content: { 'application/json': { schema: HealthResponse } } },
    503: { description: 'Database unreachable', content: { 'application/json': { schema: ApiError } } },
  },
});

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { db, logger, clock } = deps;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const detail = result.error.issues.map((issue) => `${issue.path.join('.') || '(全体)'}: ${issue.message}`).join('、');
      return c.json(apiErrorBody('invalidRequest', detail), 400);
    },
  });

  app.use('*', requestLogger(logger));
  app.use('/api/*', apiHeaders());

  app.openapi(healthRoute, async (c) => {
    try {
      await db.query('SELECT 1');
      return c.json({ status: 'ok' as const, database: db.engine }, 200);
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      return apiError(c, 'unavailable');
    }
  });
  const settings = deps.auth ?? defaultAuthSettings(8080);
  const gate: AuthGateDeps = { db, clock, nonces: new NonceCache(), sourceAddress: (c) => clientAddress(c, { trustProxy: deps.trustProxy ?? false }) };
  const device = requireDevice(gate);
  const staff = requireStaff(gate);
  const admin = requireStaff(gate, ['admin']);
  const limits = deps.signInRateLimit ?? { capacity: 10, refillPerMinute: 10 };
  const signInRateLimit = rateLimit({ name: 'signIn', ...limits, clock, trustProxy: deps.trustProxy ?? false });
  registerAuthRoutes(app, { ...gate, settings, requireDevice: device, requireStaff: staff, signInRateLimit });
  registerProviderRoutes(app, { db, clock, signedIn: [device, staff] });
  registerAdminRoutes(app, { db, clock, adminOnly: [device, admin] });
  app.use('/api/v1/audit/*', device, staff);
  registerAuditRoutes(app, { db, clock, requireAdmin: admin, requireStaff: staff });
  registerSyncRoutes(app, { db, clock, signedIn: [device, staff] });
  registerCourierRoutes(app, { db, clock, requireDevice: device });
  registerFeedRoutes(app, { db, logger, clock, ...(deps.feedSizeLimitBytes === undefined ? {} : { feedSizeLimitBytes: deps.feedSizeLimitBytes }) });

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tsunagi platform API', version: API_VERSION, description: 'つなぎ プラットフォームサーバーのAPI' },
  });

  if (deps.staticDir !== undefined) app.use('*', serveStaticApp(deps.staticDir));

  app.notFound((c) => (isApiPath(c.req.path) ? apiError(c, 'notFound') : c.text('Not Found', 404)));
  app.onError((error, c) => {
    logger.error({ reqId: c.get('requestId'), err: error }, 'unhandled error');
    if (error instanceof DatabaseError && error.code === 'databaseUnavailable') return apiError(c, 'unavailable');
    return apiError(c, 'internal');
  });
  return app;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Set after the handler ran, so errors and 404s carry them too. */
function apiHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
