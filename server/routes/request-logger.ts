/**
 * One log line per request: request id, method, the matched route pattern (never the concrete path, which
 * carries insured numbers), status and duration. The request id is echoed as `X-Request-Id` so an operator can
 * find the line for a user's report.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../logger.ts';

export type RequestLogVariables = { requestId: string };

const INCOMING_ID = /^[A-Za-z0-9-]{8,64}$/;

export function requestLogger(logger: Logger): MiddlewareHandler<{ Variables: RequestLogVariables }> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const status = c.res.status;
    const line = { reqId: requestId, method: c.req.method, route: routePattern(c), status, durationMs: Math.round((performance.now() - started) * 10) / 10 };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}

/** The pattern of the handler that answered (e.g. /api/v1/providers/:providerNumber/people), not the path. */
function routePattern(c: Context): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  const last = handlers.at(-1);
  // The static files are middleware, not routes: whatever reached no route outside /api was theirs to answer.
  if (!last) return c.req.path.startsWith('/api/') ? '(unmatched)' : '(static)';
  return last.path;
}
