/**
 * The office admin's routes: activation codes, staff and 退職・端末回収, devices and their revocation, and
 * credential expiry warnings. Admin role and own office only; each change is audit-logged.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { daysUntilExpiry, expiryThreshold } from '../../src/domain/credential-expiry.ts';
import {
  DeviceListResponse,
  DeviceSummary,
  ExpiryWarningsResponse,
  IssueActivationCodeRequest,
  IssueActivationCodeResponse,
  OffboardResponse,
  RevokeDeviceRequest,
  StaffListResponse,
  type ExpiryWarning,
} from '../../src/protocol/admin.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { appendAudit, appendAuditInTransaction } from '../audit/audit-log.ts';
import { revokeCourierKeys } from '../auth/courier-key-store.ts';
import { findDevice, insertActivationCode, listDevicesOfProvider, revokeDevices, type DeviceRecord } from '../auth/device-store.ts';
import { offboardStaff } from '../auth/offboard.ts';
import { formatActivationCode, newActivationCode, sha256Hex } from '../auth/secrets.ts';
import { revokeSessionsOf } from '../auth/session-store.ts';
import { findStaffMember, listStaffSummaries } from '../auth/staff-store.ts';
import { tokyoDate } from '../config.ts';
import type { Database } from '../db/database.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export interface AdminRouteDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** requireDevice then requireStaff(['admin']). */
  readonly adminOnly: readonly MiddlewareHandler[];
}

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(ApiError, 'Invalid'), 401: json(ApiError, 'Not signed in'), 403: json(ApiError, 'Not an admin'), 404: json(ApiError, 'Not found'), 409: json(ApiError, 'Conflict') };
const StaffParams = z.object({ staffId: z.string().min(1).max(64) });
const DeviceParams = z.object({ deviceId: z.string().min(1).max(64) });

const issueCodeRoute = createRoute({
  method: 'post',
  path: '/api/v1/admin/activation-codes',
  tags: ['admin'],
  summary: '端末登録コードの発行（1回だけ表示）',
  request: { body: { content: { 'application/json': { schema: IssueActivationCodeRequest } }, required: true } },
  responses: { 200: json(IssueActivationCodeResponse, 'The code, shown once'), ...errors },
});
const staffRoute = createRoute({ method: 'get', path: '/api/v1/admin/staff', tags: ['admin'], summary: '職員の一覧', responses: { 200: json(StaffListResponse, 'Staff'), ...errors } });
const offboardRoute = createRoute({
  method: 'post',
  path: '/api/v1/admin/staff/{staffId}/offboard',
  tags: ['admin'],
  summary: '退職・端末回収（パスキー・PIN・セッション・端末をすべて無効化）',
  request: { params: StaffParams },
  responses: { 200: json(OffboardResponse, 'What was revoked'), ...errors },
});
const devicesRoute = createRoute({ method: 'get', path: '/api/v1/admin/devices', tags: ['admin'], summary: '端末の一覧', responses: { 200: json(DeviceListResponse, 'Devices'), ...errors } });
const revokeRoute = createRoute({
  method: 'post',
  path: '/api/v1/admin/devices/{deviceId}/revoke',
  tags: ['admin'],
  summary: '端末の利用停止',
  request: { params: DeviceParams, body: { content: { 'application/json': { schema: RevokeDeviceRequest } }, required: true } },
  responses: { 200: json(DeviceSummary, 'The revoked device'), ...errors },
});
const warningsRoute = createRoute({
  method: 'get',
  path: '/api/v1/admin/expiry-warnings',
  tags: ['admin'],
  summary: '証明書・端末登録の有効期限の警告（90/60/30/15/7日前）',
  responses: { 200: json(ExpiryWarningsResponse, 'Warnings'), ...errors },
});

export function registerAdminRoutes(app: OpenAPIHono<AppEnv>, deps: AdminRouteDeps): void {
  const { db, clock } = deps;
  app.use('/api/v1/admin/*', ...deps.adminOnly);

  const auditChange = (c: Context<AppEnv>, action: 'activationCode.issue' | 'device.revoke', detail: Record<string, string | number>) => {
    const s = c.get('staffSession');
    return appendAudit(db, [{ origin: 'server', action, outcome: 'allowed', staffId: s.staffId, deviceId: s.deviceId, providerNumber: s.providerNumber, detail, sourceAddress: c.get('sourceAddress') }], clock);
  };

  app.openapi(issueCodeRoute, async (c) => {
    const request = c.req.valid('json');
    const admin = c.get('staffSession');
    const staff = await findStaffMember(db, request.staffId);
    if (!staff || staff.providerNumber !== admin.providerNumber) return apiError(c, 'staffNotFound');
    if (staff.retiredAt !== null) return apiError(c, 'invalidRequest', '退職した職員には発行できません');
    const code = newActivationCode();
    const now = clock();
    const expiresAt = new Date(now.getTime() + request.validHours * 3_600_000);
    await insertActivationCode(db, { codeSha256: sha256Hex(code), staffId: staff.staffId, deviceName: request.deviceName, issuedBy: admin.staffId, issuedAt: now, expiresAt });
    await auditChange(c, 'activationCode.issue', { subjectStaffId: staff.staffId, validHours: request.validHours });
    return c.json({ code: formatActivationCode(code), staffId: staff.staffId, deviceName: request.deviceName, expiresAt: expiresAt.toISOString() }, 200);
  });

  app.openapi(staffRoute, async (c) => c.json({ staff: await listStaffSummaries(db, c.get('staffSession').providerNumber, clock()) }, 200));

  app.openapi(offboardRoute, async (c) => {
    const { staffId } = c.req.valid('param');
    const admin = c.get('staffSession');
    if (staffId === admin.staffId) return apiError(c, 'cannotOffboardSelf');
    const staff = await findStaffMember(db, staffId);
    if (!staff || staff.providerNumber !== admin.providerNumber) return apiError(c, 'staffNotFound');
    const result = await offboardStaff(
      db,
      { staffId, adminStaffId: admin.staffId, adminDeviceId: admin.deviceId, providerNumber: admin.providerNumber, sourceAddress: c.get('sourceAddress') },
      clock,
    );
    if (result === 'alreadyRetired') return apiError(c, 'invalidRequest', 'この職員はすでに退職処理済みです');
    return c.json(result, 200);
  });

  app.openapi(devicesRoute, async (c) => {
    const providerNumber = c.get('staffSession').providerNumber;
    const devices = await listDevicesOfProvider(db, providerNumber);
    const names = new Map((await listStaffSummaries(db, providerNumber, clock())).map((s) => [s.staffId, s.name]));
    return c.json({ devices: devices.map((d) => deviceSummary(d, names.get(d.enrolledBy) ?? d.enrolledBy)) }, 200);
  });

  app.openapi(revokeRoute, async (c) => {
    const { deviceId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const admin = c.get('staffSession');
    const device = await findDevice(db, deviceId);
    if (!device || device.providerNumber !== admin.providerNumber) return apiError(c, 'deviceNotFound');
    const now = clock();
    await db.transaction(async (tx) => {
      const revoked = await revokeDevices(tx, { deviceId }, now, admin.staffId, reason);
      await revokeSessionsOf(tx, '', revoked, now);
      await revokeCourierKeys(tx, { deviceIds: revoked }, now);
      const s = admin;
      await appendAuditInTransaction(
        tx,
        [{ origin: 'server', action: 'device.revoke', outcome: 'allowed', staffId: s.staffId, deviceId: s.deviceId, providerNumber: s.providerNumber, detail: { subjectDeviceId: deviceId }, sourceAddress: c.get('sourceAddress') }],
        clock,
      );
    });
    const updated = await findDevice(db, deviceId);
    const enroller = await findStaffMember(db, device.enrolledBy);
    if (!updated) return apiError(c, 'deviceNotFound');
    return c.json(deviceSummary(updated, enroller?.name ?? device.enrolledBy), 200);
  });

  app.openapi(warningsRoute, async (c) => {
    const providerNumber = c.get('staffSession').providerNumber;
    const today = tokyoDate(clock());
    const warnings: ExpiryWarning[] = [];
    const [cert] = await db.query<{ d: string | null; name: string }>(`SELECT certificate_expires_at::text AS d, name FROM providers WHERE provider_number = $1`, [providerNumber]);
    if (cert?.d) pushWarning(warnings, { kind: 'officeCertificate', subject: providerNumber, label: `${cert.name} 電子請求用証明書`, expiresAt: cert.d }, today);
    for (const device of await listDevicesOfProvider(db, providerNumber)) {
      if (device.revokedAt !== null) continue;
      pushWarning(warnings, { kind: 'deviceCredential', subject: device.deviceId, label: device.name, expiresAt: device.credentialExpiresAt }, today);
    }
    return c.json({ warnings: warnings.sort((a, b) => a.daysLeft - b.daysLeft) }, 200);
  });
}

function pushWarning(into: ExpiryWarning[], w: Pick<ExpiryWarning, 'kind' | 'subject' | 'label' | 'expiresAt'>, today: string): void {
  const expiresOn = w.expiresAt.length > 10 ? tokyoDate(new Date(w.expiresAt)) : w.expiresAt;
  const daysLeft = daysUntilExpiry(today, expiresOn);
  const threshold = expiryThreshold(daysLeft);
  if (threshold !== null) into.push({ ...w, daysLeft, threshold });
}

function deviceSummary(d: DeviceRecord, enrolledByName: string): DeviceSummary {
  return {
    deviceId: d.deviceId,
    name: d.name,
    enrolledBy: d.enrolledBy,
    enrolledByName,
    enrolledAt: d.enrolledAt,
    lastSeenAt: d.lastSeenAt,
    credentialExpiresAt: d.credentialExpiresAt,
    status: d.revokedAt ? 'revoked' : 'active',
    revokedAt: d.revokedAt,
    revokedReason: d.revokedReason,
  };
}
