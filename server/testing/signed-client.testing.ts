/**
 * A registered device in a test: enrolls with an activation code planted in the database, then sends
 * requests signed with its own ECDSA key and the access token, exactly as the app does (in-process
 * `app.request`). Staff fixtures cover every role at the office and the home-help provider.
 */
import { webcrypto } from 'node:crypto';
import type { Staff } from '../../src/domain/organisations.ts';
import { EnrollResponse, type DevicePublicKey } from '../../src/protocol/auth.ts';
import { DEVICE_HEADERS, EMPTY_BODY_SHA256, signedRequestPayload } from '../../src/protocol/device-signature.ts';
import { insertActivationCode } from '../auth/device-store.ts';
import { randomBase64Url, sha256Hex } from '../auth/secrets.ts';
import type { Queryable } from '../db/database.ts';
import { upsertStaff } from '../db/organisation-store.ts';
import { HOME_HELP, OFFICE } from './platform-fixtures.testing.ts';

export const STAFF = {
  officeAdmin: { staffId: 'office-admin-1', providerNumber: OFFICE.providerNumber, name: '管理 花子', role: 'admin' },
  officeCareManager: { staffId: 'office-cm-1', providerNumber: OFFICE.providerNumber, name: '介護 太郎', role: 'careManager' },
  officeHelper: { staffId: 'office-helper-1', providerNumber: OFFICE.providerNumber, name: '支援 一郎', role: 'helper' },
  homeHelpAdmin: { staffId: 'homehelp-admin-1', providerNumber: HOME_HELP.providerNumber, name: '訪問 管理', role: 'admin' },
  homeHelpHelper: { staffId: 'homehelp-helper-1', providerNumber: HOME_HELP.providerNumber, name: '訪問 次郎', role: 'helper' },
} as const satisfies Record<string, Staff>;

export const TEST_PIN = '482915';

export async function loadStaff(q: Queryable): Promise<void> {
  await upsertStaff(q, Object.values(STAFF));
}

/** Plants an activation code for `staffId` and returns it (as typed on the tablet). */
export async function plantActivationCode(q: Queryable, staffId: string, now: Date, validMs = 3_600_000): Promise<string> {
  const code = randomBase64Url(9).toUpperCase().replace(/[^0-9A-HJKMNP-TV-Z]/g, '7').slice(0, 12).padEnd(12, '7');
  await insertActivationCode(q, { codeSha256: sha256Hex(code), staffId, deviceName: 'テスト端末', issuedBy: null, issuedAt: now, expiresAt: new Date(now.getTime() + validMs) });
  return code;
}

type Fetcher = { request(input: string, init?: RequestInit): Response | Promise<Response> };

export interface DeviceKeys {
  readonly privateKey: webcrypto.CryptoKey;
  readonly publicKey: DevicePublicKey;
}

export async function newDeviceKeys(): Promise<DeviceKeys> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) } };
}

export interface SignedRequestInit {
  readonly method?: string;
  readonly json?: unknown;
  /** Override the access token (null: send none). */
  readonly token?: string | null;
  /** Sign with this time instead of the clock's. */
  readonly time?: Date;
  readonly nonce?: string;
  readonly headers?: Record<string, string>;
}

/** Signs one request as device `deviceId` would; returns the headers. */
export async function signRequest(keys: DeviceKeys, deviceId: string, method: string, path: string, body: string | null, time: Date, nonce = randomBase64Url(16)): Promise<Record<string, string>> {
  const payload = signedRequestPayload({
    method,
    pathAndQuery: path,
    time: time.toISOString(),
    nonce,
    bodySha256: body ? sha256Hex(body) : EMPTY_BODY_SHA256,
    deviceId,
  });
  const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new TextEncoder().encode(payload));
  return {
    [DEVICE_HEADERS.deviceId]: deviceId,
    [DEVICE_HEADERS.time]: time.toISOString(),
    [DEVICE_HEADERS.nonce]: nonce,
    [DEVICE_HEADERS.signature]: Buffer.from(signature).toString('base64url'),
  };
}

export interface SignedClient {
  readonly deviceId: string;
  readonly keys: DeviceKeys;
  readonly enrollment: EnrollResponse;
  accessToken: string;
  request(path: string, init?: SignedRequestInit): Promise<Response>;
}

export function signedClient(app: Fetcher, clock: () => Date, keys: DeviceKeys, enrollment: EnrollResponse): SignedClient {
  const client: SignedClient = {
    deviceId: enrollment.deviceId,
    keys,
    enrollment,
    accessToken: enrollment.accessToken,
    async request(path, init = {}) {
      const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
      const body = init.json === undefined ? null : JSON.stringify(init.json);
      const headers = await signRequest(keys, enrollment.deviceId, method, path, body, init.time ?? clock(), init.nonce);
      const token = init.token === undefined ? client.accessToken : init.token;
      return app.request(path, {
        method,
        headers: { ...init.headers, ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
      });
    },
  };
  return client;
}

/** Enrolls a new device for `staffId` (planting the code) and returns a client signed in as them. */
export async function enrollDevice(app: Fetcher, q: Queryable, staffId: string, clock: () => Date, pin = TEST_PIN): Promise<SignedClient> {
  const code = await plantActivationCode(q, staffId, clock());
  const keys = await newDeviceKeys();
  const response = await app.request('/api/v1/devices/enroll', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ activationCode: code, deviceName: `${staffId} のタブレット`, publicKey: keys.publicKey, pin }),
  });
  if (response.status !== 200) throw new Error(`enroll ${staffId}: ${response.status} ${await response.text()}`);
  return signedClient(app, clock, keys, EnrollResponse.parse(await response.json()));
}
