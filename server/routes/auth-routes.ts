/**
 * Device enrollment and staff sign-in: enroll with an activation code (the staff member chooses a PIN in the
 * same step), sign in with a passkey (user verification required) or with the PIN on a registered device,
 * register a passkey, sign out, and the device's own status (how a revoked device learns it must wipe).
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { pinProblem, PIN_PROBLEM_MESSAGES } from '../../src/domain/staff-pin.ts';
import {
  DeviceStatusResponse,
  EnrollRequest,
  EnrollResponse,
  PasskeyOptionsResponse,
  PasskeyRegisteredResponse,
  PasskeyResponseRequest,
  PinSignInRequest,
  SignInResponse,
} from '../../src/protocol/auth.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { appendAudit, appendAuditInTransaction } from '../audit/audit-log.ts';
import type { AuthGateDeps } from '../auth/auth-middleware.ts';
import type { AuthSettings } from '../auth/auth-settings.ts';
import { consumeActivationCode, findDevice, insertDevice, linkActivationCode } from '../auth/device-store.ts';
import { issueSession } from '../auth/issue-session.ts';
import { hashPin, verifyPin } from '../auth/pin-hash.ts';
import { randomBase64Url, sha256Hex } from '../auth/secrets.ts';
import { consumeChallenge, insertChallenge, revokeSession } from '../auth/session-store.ts';
import {
  findPasskey,
  findStaffMember,
  insertPasskey,
  listActivePasskeysOf,
  readStaffPinForUpdate,
  recordPasskeyUse,
  recordPinResult,
  setStaffPin,
} from '../auth/staff-store.ts';
import type { Database } from '../db/database.ts';
import { findProvider } from '../db/organisation-store.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export interface AuthRouteDeps extends AuthGateDeps {
  readonly db: Database;
  readonly settings: AuthSettings;
  readonly requireDevice: MiddlewareHandler;
  readonly requireStaff: MiddlewareHandler;
  /** Applied to enrollment and sign-in (guessing codes and PINs). */
  readonly signInRateLimit: MiddlewareHandler;
}

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(ApiError, 'Invalid request'),
  401: json(ApiError, 'Not signed in, unknown device, or bad signature'),
  403: json(ApiError, 'Device revoked or role not allowed'),
  429: json(ApiError, 'Too many attempts'),
};
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const enrollRoute = createRoute({
  method: 'post',
  path: '/api/v1/devices/enroll',
  tags: ['auth'],
  summary: '端末登録（登録コード＋PIN設定）',
  request: body(EnrollRequest),
  responses: { 200: json(EnrollResponse, 'Enrolled and signed in'), ...errors },
});
const pinRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/pin',
  tags: ['auth'],
  summary: 'PINでサインイン（登録端末の鍵＋PINの2要素）',
  request: body(PinSignInRequest),
  responses: { 200: json(SignInResponse, 'Signed in'), 423: json(ApiError, 'PIN locked'), ...errors },
});
const passkeyOptionsRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/passkey/options',
  tags: ['auth'],
  summary: 'パスキーでのサインイン開始（チャレンジ）',
  responses: { 200: json(PasskeyOptionsResponse, 'WebAuthn request options'), ...errors },
});
const passkeyRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/passkey',
  tags: ['auth'],
  summary: 'パスキーでサインイン（ユーザー検証必須）',
  request: body(PasskeyResponseRequest),
  responses: { 200: json(SignInResponse, 'Signed in'), ...errors },
});
const registrationOptionsRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/passkey/registration-options',
  tags: ['auth'],
  summary: 'パスキー登録の開始',
  responses: { 200: json(PasskeyOptionsResponse, 'WebAuthn creation options'), ...errors },
});
const registrationRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/passkey/registration',
  tags: ['auth'],
  summary: 'パスキーの登録',
  request: body(PasskeyResponseRequest),
  responses: { 200: json(PasskeyRegisteredResponse, 'Registered'), ...errors },
});
const signOutRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/sign-out',
  tags: ['auth'],
  summary: 'サインアウト',
  responses: { 204: { description: 'Signed out' }, ...errors },
});
const deviceSelfRoute = createRoute({
  method: 'get',
  path: '/api/v1/devices/self',
  tags: ['auth'],
  summary: 'この端末の登録状態',
  responses: { 200: json(DeviceStatusResponse, 'This device'), ...errors },
});

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps): void {
  const { db, clock, settings } = deps;

  app.use('/api/v1/devices/enroll', deps.signInRateLimit);
  app.use('/api/v1/auth/pin', deps.signInRateLimit);
  app.use('/api/v1/auth/passkey', deps.signInRateLimit);
  app.use('/api/v1/auth/*', deps.requireDevice);
  app.use('/api/v1/devices/self', deps.requireDevice);
  app.use('/api/v1/auth/passkey/registration-options', deps.requireStaff);
  app.use('/api/v1/auth/passkey/registration', deps.requireStaff);
  app.use('/api/v1/auth/sign-out', deps.requireStaff);

  app.openapi(enrollRoute, async (c) => {
    const request = c.req.valid('json');
    const problem = pinProblem(request.pin);
    if (problem) return apiError(c, 'pinTooWeak', PIN_PROBLEM_MESSAGES[problem].ja);
    const pinHash = await hashPin(request.pin);
    const now = clock();
    const codeSha256 = sha256Hex(request.activationCode);
    const result = await db.transaction(async (tx) => {
      const code = await consumeActivationCode(tx, codeSha256, now);
      if (!code) return null;
      const staff = await findStaffMember(tx, code.staffId);
      const provider = staff ? await findProvider(tx, staff.providerNumber) : null;
      if (!staff || staff.retiredAt !== null || !provider) return null;
      const deviceId = `dev_${randomBase64Url(16)}`;
      const credentialExpiresAt = new Date(now.getTime() + settings.deviceCredentialDays * 86_400_000);
      await insertDevice(tx, {
        deviceId,
        providerNumber: staff.providerNumber,
        name: request.deviceName || code.deviceName,
        publicKey: request.publicKey,
        enrolledBy: staff.staffId,
        enrolledAt: now,
        credentialExpiresAt,
        escrowKey: randomBase64Url(32),
        leaseShare: randomBase64Url(32),
      });
      await linkActivationCode(tx, codeSha256, deviceId);
      await setStaffPin(tx, staff.staffId, pinHash, now);
      const device = await findDevice(tx, deviceId);
      if (!device) throw new Error('device vanished inside its own transaction');
      const sourceAddress = deps.sourceAddress(c);
      await appendAuditInTransaction(
        tx,
        [{ origin: 'server', action: 'device.enroll', outcome: 'allowed', staffId: staff.staffId, deviceId, providerNumber: staff.providerNumber, detail: { deviceName: device.name }, sourceAddress }],
        clock,
      );
      const session = await issueSession(tx, { staff, device, provider, method: 'activation', settings, now, sourceAddress, clock });
      return { ...session, credentialExpiresAt: credentialExpiresAt.toISOString() };
    });
    if (!result) return apiError(c, 'activationCodeInvalid');
    return c.json(result, 200);
  });

  app.openapi(pinRoute, async (c) => {
    const { staffId, pin } = c.req.valid('json');
    const device = c.get('device');
    const now = clock();
    const sourceAddress = deps.sourceAddress(c);
    const outcome = await db.transaction(async (tx) => {
      const staff = await findStaffMember(tx, staffId);
      const stored = staff ? await readStaffPinForUpdate(tx, staffId) : null;
      if (!staff || staff.retiredAt !== null || staff.providerNumber !== device.providerNumber || !stored) return { kind: 'failed' as const };
      if (stored.lockedUntil && stored.lockedUntil > now) return { kind: 'locked' as const, until: stored.lockedUntil };
      if (!(await verifyPin(pin, stored.pinHash))) {
        const failures = stored.failedAttempts + 1;
        const lockedUntil = failures >= settings.pinMaxFailures ? new Date(now.getTime() + settings.pinLockMinutes * 60_000) : null;
        await recordPinResult(tx, staffId, lockedUntil ? 0 : failures, lockedUntil);
        return { kind: 'failed' as const, staffId, lockedUntil };
      }
      await recordPinResult(tx, staffId, 0, null);
      const deviceRecord = await findDevice(tx, device.deviceId);
      const provider = await findProvider(tx, staff.providerNumber);
      if (!deviceRecord || !provider) return { kind: 'failed' as const };
      return { kind: 'ok' as const, response: await issueSession(tx, { staff, device: deviceRecord, provider, method: 'pin', settings, now, sourceAddress, clock }) };
    });
    if (outcome.kind === 'ok') return c.json(outcome.response, 200);
    await appendAudit(
      db,
      [{ origin: 'server', action: 'signIn', outcome: 'denied', staffId: null, deviceId: device.deviceId, providerNumber: device.providerNumber, detail: { method: 'pin', reason: outcome.kind }, sourceAddress }],
      clock,
    );
    if (outcome.kind === 'locked') return apiError(c, 'pinLocked', `${outcome.until.toISOString()} まで`);
    if (outcome.lockedUntil) return apiError(c, 'pinLocked', `${settings.pinLockMinutes}分後にもう一度お試しください`);
    return apiError(c, 'signInFailed');
  });

  app.openapi(passkeyOptionsRoute, async (c) => {
    const device = c.get('device');
    const options = await generateAuthenticationOptions({ rpID: settings.rpId, userVerification: 'required', allowCredentials: [] });
    await insertChallenge(db, { challenge: options.challenge, purpose: 'authentication', deviceId: device.deviceId, staffId: null, expiresAt: challengeExpiry(clock(), settings) });
    return c.json({ options: options as unknown as Record<string, unknown> }, 200);
  });

  app.openapi(passkeyRoute, async (c) => {
    const response = c.req.valid('json').response as unknown as AuthenticationResponseJSON;
    const device = c.get('device');
    const now = clock();
    const sourceAddress = deps.sourceAddress(c);
    const passkey = typeof response.id === 'string' ? await findPasskey(db, response.id) : null;
    const staff = passkey ? await findStaffMember(db, passkey.staffId) : null;
    const deny = async (reason: string) => {
      await appendAudit(
        db,
        [{ origin: 'server', action: 'signIn', outcome: 'denied', staffId: staff?.staffId ?? null, deviceId: device.deviceId, providerNumber: device.providerNumber, detail: { method: 'passkey', reason }, sourceAddress }],
        clock,
      );
      return apiError(c, 'signInFailed');
    };
    if (!passkey || passkey.revokedAt !== null || !staff || staff.retiredAt !== null || staff.providerNumber !== device.providerNumber) return deny('unknownCredential');
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: (challenge) => consumeChallenge(db, { challenge, purpose: 'authentication', deviceId: device.deviceId, staffId: null }, clock()),
        expectedOrigin: [...settings.origins],
        expectedRPID: settings.rpId,
        credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports },
        requireUserVerification: true,
      });
    } catch {
      return deny('verificationFailed');
    }
    const { newCounter, userVerified } = verification.authenticationInfo;
    if (!verification.verified || !userVerified) return deny('notVerified');
    // A counter that goes backwards means a cloned authenticator (synced passkeys always report 0).
    if (passkey.counter > 0 && newCounter <= passkey.counter) return deny('counterRegressed');
    const result = await db.transaction(async (tx) => {
      await recordPasskeyUse(tx, passkey.credentialId, newCounter, now);
      const deviceRecord = await findDevice(tx, device.deviceId);
      const provider = await findProvider(tx, staff.providerNumber);
      if (!deviceRecord || !provider) return null;
      return issueSession(tx, { staff, device: deviceRecord, provider, method: 'passkey', settings, now, sourceAddress, clock });
    });
    if (!result) return deny('deviceGone');
    return c.json(result, 200);
  });

  app.openapi(registrationOptionsRoute, async (c) => {
    const session = c.get('staffSession');
    const existing = await listActivePasskeysOf(db, session.staffId);
    const options = await generateRegistrationOptions({
      rpName: settings.rpName,
      rpID: settings.rpId,
      userName: session.staffId,
      userDisplayName: session.name,
      userID: new TextEncoder().encode(session.staffId),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await insertChallenge(db, { challenge: options.challenge, purpose: 'registration', deviceId: session.deviceId, staffId: session.staffId, expiresAt: challengeExpiry(clock(), settings) });
    return c.json({ options: options as unknown as Record<string, unknown> }, 200);
  });

  app.openapi(registrationRoute, async (c) => {
    const response = c.req.valid('json').response as unknown as RegistrationResponseJSON;
    const session = c.get('staffSession');
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: (challenge) => consumeChallenge(db, { challenge, purpose: 'registration', deviceId: session.deviceId, staffId: session.staffId }, clock()),
        expectedOrigin: [...settings.origins],
        expectedRPID: settings.rpId,
        requireUserVerification: true,
      });
    } catch (error) {
      return apiError(c, 'passkeyRejected', error instanceof Error ? error.message.slice(0, 200) : undefined);
    }
    if (!verification.verified || !verification.registrationInfo.userVerified) return apiError(c, 'passkeyRejected', 'ユーザー検証（生体認証や端末のPIN）ができる認証器が必要です');
    const { credential } = verification.registrationInfo;
    const now = clock();
    await db.transaction(async (tx) => {
      await insertPasskey(tx, {
        credentialId: credential.id,
        staffId: session.staffId,
        deviceId: session.deviceId,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
        createdAt: now,
      });
      await appendAuditInTransaction(
        tx,
        [{ origin: 'server', action: 'passkey.register', outcome: 'allowed', staffId: session.staffId, deviceId: session.deviceId, providerNumber: session.providerNumber, sourceAddress: deps.sourceAddress(c) }],
        clock,
      );
    });
    return c.json({ credentialId: credential.id }, 200);
  });

  app.openapi(signOutRoute, async (c) => {
    const session = c.get('staffSession');
    await db.transaction(async (tx) => {
      await revokeSession(tx, session.tokenSha256, clock());
      await appendAuditInTransaction(
        tx,
        [{ origin: 'server', action: 'signOut', outcome: 'allowed', staffId: session.staffId, deviceId: session.deviceId, providerNumber: session.providerNumber, sourceAddress: deps.sourceAddress(c) }],
        clock,
      );
    });
    return c.body(null, 204);
  });

  app.openapi(deviceSelfRoute, async (c) => {
    const device = await findDevice(db, c.get('device').deviceId);
    const provider = device ? await findProvider(db, device.providerNumber) : null;
    if (!device || !provider) return apiError(c, 'deviceUnknown');
    const [cert] = await db.query<{ d: string | null }>(`SELECT certificate_expires_at::text AS d FROM providers WHERE provider_number = $1`, [provider.providerNumber]);
    return c.json(
      {
        deviceId: device.deviceId,
        name: device.name,
        provider,
        status: device.revokedAt ? ('revoked' as const) : ('active' as const),
        credentialExpiresAt: device.credentialExpiresAt,
        officeCertificateExpiresAt: cert?.d ?? null,
      },
      200,
    );
  });
}

function challengeExpiry(now: Date, settings: AuthSettings): Date {
  return new Date(now.getTime() + settings.challengeMinutes * 60_000);
}
