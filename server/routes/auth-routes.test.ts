/**
 * Enrollment, PIN sign-in with lock-out, the device-signature gate (tampering, replay, clock skew, a token
 * used from another device), 退職・端末回収 and expiry warnings, through the real routes on every test
 * database. Passkey ceremonies are exercised in the browser (tests/e2e/sign-in.e2e.ts).
 */
import { beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ExpiryWarningsResponse, IssueActivationCodeResponse, OffboardResponse, StaffListResponse } from '../../src/protocol/admin.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { SignInResponse } from '../../src/protocol/auth.ts';
import { createApp } from '../app.ts';
import { verifyAuditChain } from '../audit/verify-audit.ts';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { loadOrganisations, NOW, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, newDeviceKeys, plantActivationCode, signedClient, STAFF, TEST_PIN, type SignedClient } from '../testing/signed-client.testing.ts';

describe.each(testDatabaseFactories())('sign-in and devices on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let now: Date;
  const clock = () => now;
  let app: ReturnType<typeof createApp>;
  let admin: SignedClient;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    now = NOW;
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    app = createApp({ db, logger: captureLogger().logger, clock, signInRateLimit: { capacity: 100, refillPerMinute: 100 } });
    admin = await enrollDevice(app, db, STAFF.officeAdmin.staffId, clock);
  });

  const enroll = async (activationCode: string, pin = TEST_PIN) => {
    const keys = await newDeviceKeys();
    return app.request('/api/v1/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ activationCode, deviceName: '訪問用タブレット1', publicKey: keys.publicKey, pin }),
    });
  };
  const code = async (response: Response) => ApiError.parse(await response.json()).code;

  it('enrolls once per code: a used, expired, unknown code or a weak PIN is refused', async () => {
    const activation = await plantActivationCode(db, STAFF.officeCareManager.staffId, now);
    const weak = await enroll(activation, '123456');
    expect([weak.status, await code(weak)]).toEqual([400, 'pinTooWeak']);
    const first = await enroll(activation.toLowerCase().replace(/(.{4})/g, '$1-').slice(0, 14));
    expect(first.status).toBe(200);
    const again = await enroll(activation);
    expect([again.status, await code(again)]).toEqual([401, 'activationCodeInvalid']);
    const stale = await plantActivationCode(db, STAFF.officeCareManager.staffId, new Date(now.getTime() - 7_200_000));
    expect(await code(await enroll(stale))).toBe('activationCodeInvalid');
    expect(await code(await enroll('ZZZZZZZZZZZZ'))).toBe('activationCodeInvalid');
  });

  it('issues activation codes to the admin only, shown once as XXXX-XXXX-XXXX', async () => {
    const issued = IssueActivationCodeResponse.parse(
      await (await admin.request('/api/v1/admin/activation-codes', { json: { staffId: STAFF.officeHelper.staffId, deviceName: 'ヘルパー用' } })).json(),
    );
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(issued.expiresAt).toBe(new Date(NOW.getTime() + 24 * 3_600_000).toISOString());
    expect((await enroll(issued.code)).status).toBe(200);
    const [stored] = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM activation_codes WHERE code_sha256 = $1`, [issued.code]);
    expect(stored?.n).toBe(0);
    const helper = await enrollDevice(app, db, STAFF.officeHelper.staffId, clock);
    const refused = await helper.request('/api/v1/admin/activation-codes', { json: { staffId: STAFF.officeHelper.staffId, deviceName: 'x' } });
    expect([refused.status, await code(refused)]).toEqual([403, 'roleForbidden']);
  });

  it('signs in with the PIN on a registered device, locks after 5 wrong PINs for 15 minutes', async () => {
    const pinSignIn = (pin: string) => admin.request('/api/v1/auth/pin', { json: { staffId: STAFF.officeAdmin.staffId, pin }, token: null });
    const ok = SignInResponse.parse(await (await pinSignIn(TEST_PIN)).json());
    expect(ok.staff).toMatchObject({ staffId: STAFF.officeAdmin.staffId, role: 'admin' });
    expect(ok.leaseExpiresAt).toBe(new Date(NOW.getTime() + 72 * 3_600_000).toISOString());
    for (let i = 1; i <= 4; i++) expect(await code(await pinSignIn('000001'))).toBe('signInFailed');
    const fifth = await pinSignIn('000001');
    expect([fifth.status, await code(fifth)]).toEqual([423, 'pinLocked']);
    expect(await code(await pinSignIn(TEST_PIN))).toBe('pinLocked');
    now = new Date(NOW.getTime() + 16 * 60_000);
    expect((await pinSignIn(TEST_PIN)).status).toBe(200);
  });

  it('refuses a tampered body, a replayed nonce, a skewed clock and a token from another device', async () => {
    const path = `/api/v1/providers/${OFFICE.providerNumber}/people`;
    expect((await admin.request(path, { nonce: 'nonce-once-0001' })).status).toBe(200);
    const replay = await admin.request(path, { nonce: 'nonce-once-0001' });
    expect([replay.status, await code(replay)]).toEqual([401, 'deviceSignatureInvalid']);
    const skewed = await admin.request(path, { time: new Date(NOW.getTime() - 10 * 60_000) });
    expect(await code(skewed)).toBe('deviceClockSkew');
    const other = await enrollDevice(app, db, STAFF.officeCareManager.staffId, clock);
    const borrowed = await other.request(path, { token: admin.accessToken });
    expect([borrowed.status, await code(borrowed)]).toEqual([401, 'sessionRequired']);
    // A body changed after signing: sign one body, send another.
    const signedForOther = signedClient({ request: (input, init) => app.request(input, { ...init, body: JSON.stringify({ staffId: STAFF.officeAdmin.staffId, pin: '999999' }) }) }, clock, admin.keys, admin.enrollment);
    const tampered = await signedForOther.request('/api/v1/auth/pin', { json: { staffId: STAFF.officeAdmin.staffId, pin: TEST_PIN } });
    expect(await code(tampered)).toBe('deviceSignatureInvalid');
  });

  it('退職・端末回収 revokes the staff member’s devices, sessions and PIN in one action', async () => {
    const careManager = await enrollDevice(app, db, STAFF.officeCareManager.staffId, clock);
    const path = `/api/v1/providers/${OFFICE.providerNumber}/people`;
    expect((await careManager.request(path)).status).toBe(200);
    const self = await admin.request(`/api/v1/admin/staff/${STAFF.officeAdmin.staffId}/offboard`, { method: 'POST' });
    expect(await code(self)).toBe('cannotOffboardSelf');

    const result = OffboardResponse.parse(await (await admin.request(`/api/v1/admin/staff/${STAFF.officeCareManager.staffId}/offboard`, { method: 'POST' })).json());
    expect(result).toEqual({ staffId: STAFF.officeCareManager.staffId, retiredAt: NOW.toISOString(), revokedDevices: [careManager.deviceId], revokedPasskeys: 0, revokedSessions: 1 });

    const refused = await careManager.request(path);
    expect([refused.status, await code(refused)]).toEqual([403, 'deviceRevoked']);
    const status = await careManager.request('/api/v1/devices/self');
    expect(await code(status)).toBe('deviceRevoked');
    // Their PIN no longer works on any device, and the admin's list shows them retired.
    const elsewhere = await admin.request('/api/v1/auth/pin', { json: { staffId: STAFF.officeCareManager.staffId, pin: TEST_PIN }, token: null });
    expect(await code(elsewhere)).toBe('signInFailed');
    const staff = StaffListResponse.parse(await (await admin.request('/api/v1/admin/staff')).json()).staff.find((s) => s.staffId === STAFF.officeCareManager.staffId);
    expect(staff).toMatchObject({ retiredAt: NOW.toISOString(), hasPin: false, activeDevices: 0, activeSessions: 0 });
    const [keys] = await db.query<{ escrow_key: string | null }>(`SELECT escrow_key FROM devices WHERE device_id = $1`, [careManager.deviceId]);
    expect(keys?.escrow_key).toBeNull();
    const [entry] = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'staff.offboard'`);
    expect(entry?.action).toBe('staff.offboard');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('rate-limits enrollment and sign-in attempts per client address (429 with Retry-After)', async () => {
    const limited = createApp({ db, logger: captureLogger().logger, clock, signInRateLimit: { capacity: 3, refillPerMinute: 3 } });
    const attempt = () =>
      limited.request('/api/v1/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ activationCode: 'ZZZZZZZZZZZZ', deviceName: 'x', publicKey: admin.keys.publicKey, pin: TEST_PIN }),
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await attempt();
    expect(await code(refused)).toBe('rateLimited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    now = new Date(NOW.getTime() + 60_000);
    expect((await attempt()).status).toBe(401);
  });

  it('warns of the office certificate and device credentials at 90/60/30/15/7 days', async () => {
    await db.query(`UPDATE providers SET certificate_expires_at = '2026-07-30' WHERE provider_number = $1`, [OFFICE.providerNumber]);
    await db.query(`UPDATE devices SET credential_expires_at = $1`, [new Date('2026-08-20T00:00:00Z')]);
    const { warnings } = ExpiryWarningsResponse.parse(await (await admin.request('/api/v1/admin/expiry-warnings')).json());
    expect(warnings.map((w) => [w.kind, w.daysLeft, w.threshold])).toEqual([
      ['officeCertificate', 20, 30],
      ['deviceCredential', 41, 60],
    ]);
  });
});
