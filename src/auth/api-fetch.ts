/**
 * The one way the app calls the platform API once the device is enrolled: every request signed with the
 * device key, the access token added when there is one, nothing cached. Answers that mean "this device is
 * revoked" or "the session is over" are reported to the session controller (which wipes or locks), and
 * still returned to the caller.
 */
import { ApiError } from '../protocol/people.ts';
import type { DeviceSigner } from './device-signer.ts';

export type ApiFetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface ApiFetchDeps {
  readonly fetch: typeof fetch;
  readonly signer: () => DeviceSigner | undefined;
  readonly accessToken: () => string | undefined;
  readonly now: () => Date;
  readonly onDeviceRevoked: () => void;
  readonly onSessionEnded: () => void;
}

export function createApiFetch(deps: ApiFetchDeps): ApiFetch {
  return async (path, init = {}) => {
    const signer = deps.signer();
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? init.body : null;
    const headers = new Headers(init.headers);
    if (signer) for (const [name, value] of Object.entries(await signer.headersFor(method, path, body, deps.now()))) headers.set(name, value);
    const token = deps.accessToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const request: RequestInit & { cache: 'no-store' } = { ...init, method, headers, cache: 'no-store' };
    const response = await deps.fetch(path, request);
    if (response.status === 401 || response.status === 403) {
      const code = await errorCode(response.clone());
      if (code === 'deviceRevoked' || code === 'deviceUnknown') deps.onDeviceRevoked();
      else if (code === 'sessionRequired' && token) deps.onSessionEnded();
    }
    return response;
  };
}

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const parsed = ApiError.safeParse(await response.json());
    return parsed.success ? parsed.data.code : undefined;
  } catch {
    return undefined;
  }
}
