/**
 * An in-memory platform for tests of the sign-in layer: an AuthApi that enrolls one device, checks PINs and
 * passkeys, and answers with SignInResponse-shaped objects carrying real random 32-byte escrow and lease
 * shares (the same two shares on every sign-in, as the server keeps them per device). It can be switched
 * offline (every call fails as `network`, like a fetch that never reaches the server) or told the device is
 * revoked (every call answers 403 `deviceRevoked`).
 */
import type { Provider } from '../domain/organisations.ts';
import type { DeviceAuditEntry } from '../protocol/admin.ts';
import { COURIER_KEY_DAYS, type DeviceStatusResponse, type EnrollRequest, type EnrollResponse, type SignedInStaff, type SignInResponse } from '../protocol/auth.ts';
import { AdminApiError } from '../data/admin-api.ts';
import { toBase64Url } from '../security/base64url.ts';
import { randomBytes } from '../security/web-crypto.ts';
import type { AuthApi } from './auth-api.ts';

export const FAKE_PROVIDER: Provider = {
  providerNumber: '1310100001',
  name: '試験訪問介護事業所',
  kind: 'serviceProvider',
  serviceKinds: ['11'],
  areaGrade: 1,
  address: '東京都千代田区',
};

export const LEASE_DAYS = 7;

export interface FakeAuthServerOptions {
  readonly now: () => Date;
  /** Activation code (as typed) → the staff member it enrolls. */
  readonly activationCodes: ReadonlyMap<string, SignedInStaff>;
  readonly idleLockMinutes?: number;
}

export interface FakeAuthServer {
  readonly api: AuthApi;
  /** The two shares the server holds for the device (base64url), fixed once the device is enrolled. */
  readonly escrowKey: string;
  readonly leaseShare: string;
  offline: boolean;
  revoked: boolean;
  /** Staff id → PIN, set at enrollment (or by the test for a second staff member). */
  readonly pins: Map<string, { pin: string; staff: SignedInStaff }>;
  /** Registered passkey credential ids → staff id. */
  readonly passkeys: Map<string, string>;
  /** Every call by name, in order. */
  readonly calls: string[];
  readonly uploaded: DeviceAuditEntry[][];
}

export function createFakeAuthServer(options: FakeAuthServerOptions): FakeAuthServer {
  const escrowKey = toBase64Url(randomBytes(32));
  const leaseShare = toBase64Url(randomBytes(32));
  let deviceId: string | undefined;
  let signedIn: SignedInStaff | undefined;

  const guard = (name: string): void => {
    server.calls.push(name);
    if (server.offline) throw new AdminApiError('network', { cause: new TypeError('fetch failed') });
    if (server.revoked) throw new AdminApiError('http', { status: 403, serverCode: 'deviceRevoked' });
  };
  const signInFailed = (): AdminApiError => new AdminApiError('http', { status: 401, serverCode: 'signInFailed', detailJa: 'サインインできませんでした。' });

  const respond = (staff: SignedInStaff): SignInResponse => {
    if (!deviceId) throw new AdminApiError('http', { status: 403, serverCode: 'deviceUnknown' });
    signedIn = staff;
    const now = options.now();
    return {
      accessToken: toBase64Url(randomBytes(40)),
      expiresAt: new Date(now.getTime() + 8 * 3_600_000).toISOString(),
      staff,
      provider: FAKE_PROVIDER,
      deviceId,
      escrowKey,
      leaseShare,
      leaseExpiresAt: new Date(now.getTime() + LEASE_DAYS * 86_400_000).toISOString(),
      idleLockMinutes: options.idleLockMinutes ?? 5,
      courierKey: { keyId: toBase64Url(randomBytes(16)), secret: toBase64Url(randomBytes(32)), expiresAt: new Date(now.getTime() + COURIER_KEY_DAYS * 86_400_000).toISOString() },
    };
  };

  const api: AuthApi = {
    async enroll(request: EnrollRequest): Promise<EnrollResponse> {
      guard('enroll');
      const staff = options.activationCodes.get(request.activationCode);
      if (!staff) throw new AdminApiError('http', { status: 400, serverCode: 'activationCodeInvalid' });
      deviceId = 'dev-0001';
      server.pins.set(staff.staffId, { pin: request.pin, staff });
      const response = respond(staff);
      return { ...response, credentialExpiresAt: new Date(options.now().getTime() + 3 * 365 * 86_400_000).toISOString() };
    },
    async signInWithPin(staffId, pin) {
      guard('signInWithPin');
      const known = server.pins.get(staffId);
      if (!known || known.pin !== pin) throw signInFailed();
      return respond(known.staff);
    },
    async passkeyOptions() {
      guard('passkeyOptions');
      return { challenge: toBase64Url(randomBytes(32)), userVerification: 'required' };
    },
    async signInWithPasskey(response) {
      guard('signInWithPasskey');
      const id = (response as { id?: unknown } | undefined)?.id;
      const staffId = typeof id === 'string' ? server.passkeys.get(id) : undefined;
      const known = staffId === undefined ? undefined : server.pins.get(staffId);
      if (!known) throw signInFailed();
      return respond(known.staff);
    },
    async registrationOptions() {
      guard('registrationOptions');
      return { challenge: toBase64Url(randomBytes(32)) };
    },
    async registerPasskey(response) {
      guard('registerPasskey');
      const id = (response as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string' || !signedIn) throw new AdminApiError('http', { status: 400, serverCode: 'passkeyInvalid' });
      server.passkeys.set(id, signedIn.staffId);
      return id;
    },
    async signOut() {
      guard('signOut');
      signedIn = undefined;
    },
    async deviceStatus(): Promise<DeviceStatusResponse> {
      guard('deviceStatus');
      if (!deviceId) throw new AdminApiError('http', { status: 403, serverCode: 'deviceUnknown' });
      return {
        deviceId,
        name: '訪問用タブレット1',
        provider: FAKE_PROVIDER,
        status: 'active',
        credentialExpiresAt: new Date(options.now().getTime() + 365 * 86_400_000).toISOString(),
        officeCertificateExpiresAt: null,
      };
    },
    async uploadAudit(entries) {
      guard('uploadAudit');
      server.uploaded.push([...entries]);
      return { accepted: entries.length, duplicates: 0 };
    },
  };

  const server: FakeAuthServer = {
    api,
    escrowKey,
    leaseShare,
    offline: false,
    revoked: false,
    pins: new Map(),
    passkeys: new Map(),
    calls: [],
    uploaded: [],
  };
  return server;
}
