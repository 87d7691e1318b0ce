/**
 * The sign-in calls as the app makes them: enrollment (before the device has a key on the server, so
 * unsigned), PIN and passkey sign-in, passkey registration, sign-out, the device's status and the upload of
 * reads recorded on the device. Every answer is validated; failures are AdminApiErrors carrying the server's
 * code and Japanese message (the same error the admin screens show).
 */
import type { z } from 'zod';
import { DeviceAuditUploadResponse, type DeviceAuditEntry } from '../protocol/admin.ts';
import {
  DEVICE_STATUS_PATH,
  DeviceStatusResponse,
  EnrollResponse,
  PasskeyOptionsResponse,
  PasskeyRegisteredResponse,
  SignInResponse,
  type EnrollRequest,
} from '../protocol/auth.ts';
import { ApiError } from '../protocol/people.ts';
import { AdminApiError } from '../data/admin-api.ts';
import type { ApiFetch } from './api-fetch.ts';

export interface AuthApi {
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  signInWithPin(staffId: string, pin: string): Promise<SignInResponse>;
  passkeyOptions(): Promise<Record<string, unknown>>;
  signInWithPasskey(response: unknown): Promise<SignInResponse>;
  registrationOptions(): Promise<Record<string, unknown>>;
  registerPasskey(response: unknown): Promise<string>;
  signOut(): Promise<void>;
  deviceStatus(): Promise<DeviceStatusResponse>;
  uploadAudit(entries: readonly DeviceAuditEntry[]): Promise<{ accepted: number; duplicates: number }>;
}

export const AUTH_REQUEST_TIMEOUT_MS = 30_000;

/** `plainFetch` for enrollment (no device key yet), `apiFetch` (signed) for the rest. */
export function createAuthApi(plainFetch: typeof fetch, apiFetch: ApiFetch): AuthApi {
  async function call<S extends z.ZodType>(fetcher: ApiFetch, path: string, body: unknown, schema: S | null): Promise<z.infer<S>> {
    const method = body === undefined ? 'GET' : 'POST';
    let response: Response;
    try {
      response = await fetcher(path, {
        method,
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(AUTH_REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new AdminApiError('network', { cause });
    }
    if (!response.ok) {
      const parsed = ApiError.safeParse(await response.json().catch(() => undefined));
      throw parsed.success
        ? new AdminApiError('http', { status: response.status, serverCode: parsed.data.code, detailJa: parsed.data.message })
        : new AdminApiError('http', { status: response.status });
    }
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new AdminApiError('invalidResponse', { cause: parsed.error });
    return parsed.data;
  }
  const plain: ApiFetch = (path, init) => plainFetch(path, { ...init, cache: 'no-store' } as RequestInit);

  return {
    enroll: (request) => call(plain, '/api/v1/devices/enroll', request, EnrollResponse),
    signInWithPin: (staffId, pin) => call(apiFetch, '/api/v1/auth/pin', { staffId, pin }, SignInResponse),
    passkeyOptions: async () => (await call(apiFetch, '/api/v1/auth/passkey/options', {}, PasskeyOptionsResponse)).options,
    signInWithPasskey: (response) => call(apiFetch, '/api/v1/auth/passkey', { response }, SignInResponse),
    registrationOptions: async () => (await call(apiFetch, '/api/v1/auth/passkey/registration-options', {}, PasskeyOptionsResponse)).options,
    registerPasskey: async (response) => (await call(apiFetch, '/api/v1/auth/passkey/registration', { response }, PasskeyRegisteredResponse)).credentialId,
    signOut: async () => {
      await call(apiFetch, '/api/v1/auth/sign-out', {}, null);
    },
    deviceStatus: () => call(apiFetch, DEVICE_STATUS_PATH, undefined, DeviceStatusResponse),
    uploadAudit: (entries) => call(apiFetch, '/api/v1/audit/device-entries', { entries }, DeviceAuditUploadResponse),
  };
}
