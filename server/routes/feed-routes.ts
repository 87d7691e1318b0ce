/**
 * `POST /api/v1/feeds`: an insurer's system uploads its feed file. The raw bytes are the body (CSV in UTF-8
 * or Shift_JIS, or JSON), `X-File-Name` names the file, `Authorization: Bearer <feed token>` says which
 * insurer is sending. Answers: 401 without a valid token; 422 with every problem when the file cannot be
 * read or applied (nothing is stored); 403 when the file is another insurer's; 200 with the counts once
 * applied. The body is limited to 50 MB.
 */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { FeedResult } from '../../src/protocol/feed.ts';
import { ApiError } from '../../src/protocol/people.ts';
import type { Database } from '../db/database.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { findInsurerOfFeedToken } from '../feeds/feed-credentials.ts';
import { parseFeed } from '../feeds/parse-feed.ts';
import type { Logger } from '../logger.ts';
import { apiError } from './api-error.ts';
import { FeedUploadHeaders } from './api-schemas.ts';
import type { AppEnv } from './app-env.ts';

export const FEED_SIZE_LIMIT_BYTES = 50 * 1024 * 1024;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ApiError } } });

const feedRoute = createRoute({
  method: 'post',
  path: '/api/v1/feeds',
  tags: ['feeds'],
  summary: '保険者フィードの送信',
  security: [{ feedToken: [] }],
  request: {
    headers: FeedUploadHeaders,
    body: {
      required: true,
      description: 'The feed file as it is (CSV in UTF-8 or Shift_JIS, or JSON)',
      content: {
        // Declared as bytes only: a JSON feed is parsed (and its errors reported) by parseFeed, not by the router.
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: {
    200: { description: 'Applied', content: { 'application/json': { schema: FeedResult } } },
    401: errorResponse('No or unknown feed token'),
    403: errorResponse("The file is another insurer's"),
    413: errorResponse('Larger than 50 MB'),
    422: { description: 'Rejected: every problem found, nothing stored', content: { 'application/json': { schema: FeedResult } } },
  },
});

export function registerFeedRoutes(app: OpenAPIHono<AppEnv>, deps: { db: Database; logger: Logger; clock: () => Date; feedSizeLimitBytes?: number }): void {
  const { db, logger, clock } = deps;
  app.openAPIRegistry.registerComponent('securitySchemes', 'feedToken', { type: 'http', scheme: 'bearer', description: '保険者ごとのフィード用トークン' });

  app.use(
    '/api/v1/feeds',
    bodyLimit({ maxSize: deps.feedSizeLimitBytes ?? FEED_SIZE_LIMIT_BYTES, onError: (c) => apiError(c, 'payloadTooLarge') }),
  );

  app.openapi(feedRoute, async (c) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const tokenInsurer = token ? await findInsurerOfFeedToken(db, token) : null;
    if (!tokenInsurer) return apiError(c, 'feedUnauthorized');

    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const fileName = decodeFileName(c.req.valid('header')['x-file-name']);
    const parsed = parseFeed(bytes, fileName);
    if (!parsed.ok) {
      logger.info({ insurerNumber: tokenInsurer, bytes: bytes.byteLength, errors: parsed.errors.length }, 'feed rejected by the parser');
      return c.json({ status: 'rejected' as const, errors: parsed.errors }, 422);
    }
    if (parsed.file.insurerNumber !== tokenInsurer) {
      return apiError(c, 'feedForbidden', `ファイルの保険者番号は ${parsed.file.insurerNumber} です`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const result = await applyFeed(db, parsed.file, { fileName, sha256, encoding: parsed.encoding }, clock);
    if (result.status === 'rejected') {
      logger.info({ insurerNumber: tokenInsurer, errors: result.errors.length }, 'feed rejected');
      return c.json(result, 422);
    }
    const { status: _status, ...counts } = result;
    logger.info({ insurerNumber: tokenInsurer, ...counts }, 'feed applied');
    return c.json(result, 200);
  });
}

/** The X-File-Name header, percent-decoded (HTTP header values are ASCII); only the last path segment is kept. */
export function decodeFileName(header: string | undefined): string {
  if (!header) return 'upload';
  let name = header;
  try {
    name = decodeURIComponent(header);
  } catch {
    // not percent-encoded: keep as sent
  }
  const last = name.split(/[\\/]/).at(-1) ?? '';
  const base = [...last].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('').trim();
  return base.slice(0, 255) || 'upload';
}
