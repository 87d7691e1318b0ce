/**
 * The audit log's API: an office admin reads the office's entries (newest first, paged) or downloads them as
 * CSV (the download is itself logged as `audit.export`), and any signed-in staff member's device uploads the
 * reads it recorded, also offline (idempotent by the device's entry id). Who may call is decided by the
 * middleware passed in (`requireAdmin`, `requireStaff`), which leaves the StaffSession on the request; the
 * provider is always the session's, never one named by the caller.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AuditPageResponse, AuditQuery, DeviceAuditUpload, DeviceAuditUploadResponse } from '../../src/protocol/admin.ts';
import { ApiError } from '../../src/protocol/people.ts';
import type { AuthVariables } from '../auth/staff-session.ts';
import { auditCsv } from '../audit/audit-csv.ts';
import { AuditError } from '../audit/audit-error.ts';
import { appendAudit, listAudit, parseAuditQuery, type NewAuditEntry } from '../audit/audit-log.ts';
import { tokyoDate } from '../config.ts';
import type { Database } from '../db/database.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

/** Most rows one CSV download holds; narrow the days to get the rest. */
export const AUDIT_CSV_MAX_ROWS = 50_000;

export interface AuditRoutesDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** Lets through an admin's session (sets `staffSession`), else answers 401/403. */
  readonly requireAdmin: MiddlewareHandler;
  /** Lets through any signed-in staff member's session (sets `staffSession`), else answers 401. */
  readonly requireStaff: MiddlewareHandler;
}

export type AuditRoutesEnv = AppEnv & { Variables: AuthVariables };

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ApiError } } });

const auditPageRoute = createRoute({
  method: 'get',
  path: '/api/v1/admin/audit',
  tags: ['admin'],
  summary: '監査ログ（新しい順、事業所の記録のみ）',
  request: { query: AuditQuery },
  responses: {
    200: { description: "A page of the office's audit entries, newest first", content: { 'application/json': { schema: AuditPageResponse } } },
    400: errorResponse('Malformed filter'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
  },
});

const auditCsvRoute = createRoute({
  method: 'get',
  path: '/api/v1/admin/audit.csv',
  tags: ['admin'],
  summary: '監査ログのCSVダウンロード（最大50,000件、ダウンロード自体も記録）',
  request: { query: AuditQuery.omit({ before: true, limit: true }) },
  responses: {
    200: { description: 'UTF-8 CSV with BOM, newest first', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponse('Malformed filter'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
  },
});

const deviceEntriesRoute = createRoute({
  method: 'post',
  path: '/api/v1/audit/device-entries',
  tags: ['audit'],
  summary: '端末で記録した閲覧の送信（同じ記録IDの再送は重複として数える）',
  request: { body: { required: true, content: { 'application/json': { schema: DeviceAuditUpload } } } },
  responses: {
    200: { description: 'Stored, and how many were already stored', content: { 'application/json': { schema: DeviceAuditUploadResponse } } },
    400: errorResponse('Malformed upload'),
    401: errorResponse('Not signed in'),
  },
});

export function registerAuditRoutes(app: OpenAPIHono<AuditRoutesEnv>, deps: AuditRoutesDeps): void {
  const { db, clock } = deps;
  app.use(auditPageRoute.path, deps.requireAdmin);
  app.use(auditCsvRoute.path, deps.requireAdmin);
  app.use(deviceEntriesRoute.path, deps.requireStaff);

  app.openapi(auditPageRoute, async (c) => {
    const session = c.get('staffSession');
    let parsed;
    try {
      parsed = parseAuditQuery(c.req.valid('query'));
    } catch (error) {
      if (error instanceof AuditError) return apiError(c, 'invalidRequest', error.messageJa);
      throw error;
    }
    return c.json(await listAudit(db, session.providerNumber, parsed.filters, parsed.limit), 200);
  });

  app.openapi(auditCsvRoute, async (c) => {
    const session = c.get('staffSession');
    const query = c.req.valid('query');
    let filters;
    try {
      filters = parseAuditQuery(query).filters;
    } catch (error) {
      if (error instanceof AuditError) return apiError(c, 'invalidRequest', error.messageJa);
      throw error;
    }
    const page = await listAudit(db, session.providerNumber, filters, AUDIT_CSV_MAX_ROWS);
    const truncated = page.nextBefore !== null;
    // The file leaves only once its download is on record.
    await appendAudit(
      db,
      [
        {
          origin: 'server',
          action: 'audit.export',
          outcome: 'allowed',
          staffId: session.staffId,
          deviceId: session.deviceId,
          providerNumber: session.providerNumber,
          insuredNumber: query.insuredNumber ?? null,
          detail: {
            rows: page.entries.length,
            truncated,
            from: query.from ?? null,
            to: query.to ?? null,
            filterStaffId: query.staffId ?? null,
            filterAction: query.action ?? null,
          },
          sourceAddress: c.get('sourceAddress') ?? null,
        },
      ],
      clock,
    );
    const day = tokyoDate(clock()).replaceAll('-', '');
    return c.body(auditCsv(page.entries), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'X-Audit-Rows': String(page.entries.length),
      'X-Audit-Truncated': String(truncated),
    });
  });

  app.openapi(deviceEntriesRoute, async (c) => {
    const session = c.get('staffSession');
    const sourceAddress = c.get('sourceAddress') ?? null;
    const entries = c.req.valid('json').entries.map(
      (entry): NewAuditEntry => ({
        occurredAt: new Date(entry.occurredAt),
        origin: 'device',
        action: entry.action,
        outcome: 'allowed',
        staffId: session.staffId,
        deviceId: session.deviceId,
        providerNumber: session.providerNumber,
        insurerNumber: entry.insurerNumber,
        insuredNumber: entry.insuredNumber,
        sourceAddress,
        deviceEntryId: entry.entryId,
      }),
    );
    const { appended, duplicates } = await appendAudit(db, entries, clock);
    return c.json({ accepted: appended, duplicates }, 200);
  });
}
