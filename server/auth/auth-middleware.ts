/**
 * The two gates in front of every personal-data route: `requireDevice` (a registered, unrevoked device
 * signed this request) and `requireStaff` (a live access token of a staff member, bound to that same device,
 * with one of the allowed roles). A device credential alone grants nothing personal: it only opens the
 * sign-in routes.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StaffRole } from '../../src/domain/organisations.ts';
import { DEVICE_HEADERS, EMPTY_BODY_SHA256 } from '../../src/protocol/device-signature.ts';
import type { Database } from '../db/database.ts';
import { apiError } from '../routes/api-error.ts';
import { findDevice, touchDevice } from './device-store.ts';
import { sha256Hex } from './secrets.ts';
import { findLiveSession } from './session-store.ts';
import type { AuthVariables } from './staff-session.ts';
import { verifyDeviceSignature, type NonceCache } from './verify-device-signature.ts';

export interface AuthGateDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly nonces: NonceCache;
  readonly sourceAddress: (c: Context) => string | null;
}

type Env = { Variables: AuthVariables };

export function requireDevice(deps: AuthGateDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    // Two route groups may both gate one path: check once (a second check would see its own nonce as replayed).
    if ((c.get('device') as AuthVariables['device'] | undefined) !== undefined) {
      await next();
      return undefined;
    }
    const deviceId = c.req.header(DEVICE_HEADERS.deviceId);
    const time = c.req.header(DEVICE_HEADERS.time);
    const nonce = c.req.header(DEVICE_HEADERS.nonce);
    const signature = c.req.header(DEVICE_HEADERS.signature);
    if (!deviceId || !time || !nonce || !signature || nonce.length > 64) return apiError(c, 'deviceRequired');
    const device = await findDevice(deps.db, deviceId);
    if (!device) return apiError(c, 'deviceUnknown');
    // Revocation is answered before the signature check: the device must learn it even if its clock is off.
    if (device.revokedAt !== null) return apiError(c, 'deviceRevoked');
    const now = deps.clock();
    if (Date.parse(device.credentialExpiresAt) <= now.getTime()) return apiError(c, 'deviceCredentialExpired');
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? null : new Uint8Array(await c.req.arrayBuffer());
    const url = new URL(c.req.url);
    const verdict = await verifyDeviceSignature(
      device.publicKey,
      {
        method: c.req.method,
        pathAndQuery: url.pathname + url.search,
        time,
        nonce,
        bodySha256: body && body.length > 0 ? sha256Hex(body) : EMPTY_BODY_SHA256,
        deviceId,
      },
      signature,
      now.getTime(),
      deps.nonces,
    );
    if (verdict === 'clockSkew') return apiError(c, 'deviceClockSkew');
    if (verdict !== 'valid') return apiError(c, 'deviceSignatureInvalid');
    await touchDevice(deps.db, deviceId, now);
    c.set('device', { deviceId, providerNumber: device.providerNumber, name: device.name });
    c.set('sourceAddress', deps.sourceAddress(c));
    await next();
    return undefined;
  };
}

/** After requireDevice. `roles` absent = any role. */
export function requireStaff(deps: AuthGateDeps, roles?: readonly StaffRole[]): MiddlewareHandler<Env> {
  return async (c, next) => {
    const already = c.get('staffSession') as AuthVariables['staffSession'] | undefined;
    if (already !== undefined) {
      if (roles && !roles.includes(already.role)) return apiError(c, 'roleForbidden');
      await next();
      return undefined;
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match?.[1]) return apiError(c, 'sessionRequired');
    const tokenSha256 = sha256Hex(match[1]);
    const session = await findLiveSession(deps.db, tokenSha256, deps.clock());
    const device = c.get('device');
    if (!session || session.deviceId !== device.deviceId) return apiError(c, 'sessionRequired');
    if (roles && !roles.includes(session.role)) return apiError(c, 'roleForbidden');
    c.set('staffSession', { ...session, tokenSha256 });
    await next();
    return undefined;
  };
}
