/**
 * The audit routes in-process (`app.request`) on every test database, behind stand-in middleware that plays
 * the sign-in gate: no `X-Test-Staff` header → 401, a non-admin on an admin route → 403, else the session.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/domain/organisations.ts';
import { AuditPageResponse, DeviceAuditUploadResponse } from '../../src/protocol/admin.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { AUDIT_OFFICE, auditEntry, OTHER_OFFICE, tickingClock } from '../audit/audit-fixtures.testing.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { verifyAuditChain } from '../audit/verify-audit.ts';
import type { StaffSession } from '../auth/staff-session.ts';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { apiErrorBody } from './api-error.ts';
import { registerAuditRoutes, type AuditRoutesEnv } from './audit-routes.ts';

const STAFF: Record<string, StaffSession> = {
  admin: { staffId: 'admin-1', name: '管理 花子', role: 'admin', providerNumber: AUDIT_OFFICE, deviceId: 'device-a', tokenSha256: 'a'.repeat(64) },
  helper: { staffId: 'helper-1', name: '訪問 太郎', role: 'helper', providerNumber: AUDIT_OFFICE, deviceId: 'device-h', tokenSha256: 'b'.repeat(64) },
  otherAdmin: { staffId: 'admin-2', name: '別所 次郎', role: 'admin', providerNumber: OTHER_OFFICE, deviceId: 'device-o', tokenSha256: 'c'.repeat(64) },
};

function gate(roles?: readonly StaffRole[]): MiddlewareHandler<AuditRoutesEnv> {
  return async (c, next) => {
    const session = STAFF[c.req.header('x-test-staff') ?? ''];
    if (!session) return c.json({ code: 'sessionRequired', message: 'サインインしてください。' }, 401);
    if (roles && !roles.includes(session.role)) return c.json({ code: 'roleForbidden', message: '権限がありません。' }, 403);
    c.set('staffSession', session);
    c.set('sourceAddress', '192.0.2.20');
    await next();
    return undefined;
  };
}

const ENTRY_1 = '0d6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a51';
const ENTRY_2 = '0d6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a52';

describe.each(testDatabaseFactories())('audit routes on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: OpenAPIHono<AuditRoutesEnv>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    app = new OpenAPIHono<AuditRoutesEnv>({
      defaultHook: (result, c) => (result.success ? undefined : c.json(apiErrorBody('invalidRequest', result.error.issues.map((i) => i.message).join('、')), 400)),
    });
    registerAuditRoutes(app, { db, clock: () => new Date('2026-07-10T16:00:00.000Z'), requireAdmin: gate(['admin']), requireStaff: gate() });
  });

  const get = (path: string, staff?: string) => app.request(path, { headers: staff ? { 'X-Test-Staff': staff } : {} });
  const upload = (body: unknown, staff = 'helper') =>
    app.request('/api/v1/audit/device-entries', { method: 'POST', headers: { 'X-Test-Staff': staff, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const deviceEntry = (entryId: string) => ({ entryId, occurredAt: '2026-07-10T09:30:00+09:00', action: 'person.view', insurerNumber: '229011', insuredNumber: '0000000003' });

  it("gives an admin only the office's entries, newest first, paged", async () => {
    const clock = tickingClock();
    await appendAudit(db, [auditEntry(), auditEntry({ providerNumber: OTHER_OFFICE }), auditEntry(), auditEntry()], clock);
    const first = AuditPageResponse.parse(await (await get('/api/v1/admin/audit?limit=2', 'admin')).json());
    expect(first.entries.map((e) => e.seq)).toEqual([4, 3]);
    expect(first.nextBefore).toBe(3);
    const second = AuditPageResponse.parse(await (await get(`/api/v1/admin/audit?limit=2&before=${first.nextBefore}`, 'admin')).json());
    expect(second).toMatchObject({ nextBefore: null });
    expect(second.entries.map((e) => e.seq)).toEqual([1]);
    const other = AuditPageResponse.parse(await (await get('/api/v1/admin/audit', 'otherAdmin')).json());
    expect(other.entries.map((e) => e.seq)).toEqual([2]);
  });

  it('refuses the signed-out (401), non-admins (403) and bad filters (400)', async () => {
    expect((await get('/api/v1/admin/audit')).status).toBe(401);
    expect((await get('/api/v1/admin/audit', 'helper')).status).toBe(403);
    expect((await get('/api/v1/admin/audit.csv', 'helper')).status).toBe(403);
    const badDay = await get('/api/v1/admin/audit?from=2026-02-30', 'admin');
    expect(badDay.status).toBe(400);
    expect(ApiError.parse(await badDay.json())).toMatchObject({ code: 'invalidRequest', message: expect.stringContaining('日付が正しくありません') as string });
    expect((await get('/api/v1/admin/audit?action=person.delete', 'admin')).status).toBe(400);
  });

  it("stores a device's uploaded reads under the session's staff, device and office, and counts a re-upload as duplicates", async () => {
    const first = await upload({ entries: [deviceEntry(ENTRY_1), deviceEntry(ENTRY_2)] });
    expect(first.status).toBe(200);
    expect(DeviceAuditUploadResponse.parse(await first.json())).toEqual({ accepted: 2, duplicates: 0 });
    expect(DeviceAuditUploadResponse.parse(await (await upload({ entries: [deviceEntry(ENTRY_2), deviceEntry(ENTRY_1)] })).json())).toEqual({ accepted: 0, duplicates: 2 });

    const page = AuditPageResponse.parse(await (await get('/api/v1/admin/audit', 'admin')).json());
    expect(page.entries.map(({ hash: _hash, ...rest }) => rest)).toEqual([2, 1].map((seq) => ({
      seq,
      recordedAt: '2026-07-10T16:00:00.000Z',
      occurredAt: '2026-07-10T00:30:00.000Z',
      origin: 'device',
      action: 'person.view',
      outcome: 'allowed',
      staffId: 'helper-1',
      deviceId: 'device-h',
      providerNumber: AUDIT_OFFICE,
      insurerNumber: '229011',
      insuredNumber: '0000000003',
      detail: {},
      sourceAddress: '192.0.2.20',
    })));
  });

  it('refuses an upload without a session, empty, or with a malformed entry', async () => {
    const signedOut = await app.request('/api/v1/audit/device-entries', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"entries":[]}' });
    expect(signedOut.status).toBe(401);
    expect((await upload({ entries: [] })).status).toBe(400);
    expect((await upload({ entries: [{ ...deviceEntry('not-a-uuid') }] })).status).toBe(400);
    expect((await upload({ entries: [{ ...deviceEntry(ENTRY_1), insuredNumber: '123' }] })).status).toBe(400);
    expect((await verifyAuditChain(db)).entries).toBe(0);
  });

  it('exports the filtered entries as a CSV attachment named by the Tokyo day, and records the export', async () => {
    await appendAudit(
      db,
      [
        auditEntry({ occurredAt: new Date('2026-07-09T14:59:59.000Z') }),
        auditEntry({ occurredAt: new Date('2026-07-09T15:00:00.000Z'), staffId: '=cmd' }),
        auditEntry({ occurredAt: new Date('2026-07-10T03:00:00.000Z'), providerNumber: OTHER_OFFICE }),
      ],
      tickingClock(),
    );
    const response = await get('/api/v1/admin/audit.csv?from=2026-07-10', 'admin');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // 16:00 UTC on 10 July is 11 July in Tokyo.
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit-log-20260711.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('連番,記録日時(UTC),発生日時(UTC),発生元,操作,結果,職員ID,端末ID,事業所番号,保険者番号,被保険者番号,詳細,接続元,ハッシュ');
    expect(lines.slice(1, -1).map((l) => l.split(',').slice(0, 7))).toEqual([['2', '2026-07-10T01:00:00.000Z', '2026-07-09T15:00:00.000Z', 'server', 'person.read', 'allowed', "'=cmd"]]);
    expect(lines.at(-1)).toBe('');

    const page = AuditPageResponse.parse(await (await get('/api/v1/admin/audit?action=audit.export', 'admin')).json());
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      seq: 4,
      action: 'audit.export',
      origin: 'server',
      staffId: 'admin-1',
      deviceId: 'device-a',
      providerNumber: AUDIT_OFFICE,
      insuredNumber: null,
      sourceAddress: '192.0.2.20',
      detail: { rows: 1, truncated: false, from: '2026-07-10', to: null, filterStaffId: null, filterAction: null },
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
