/**
 * The office admin's API (src/protocol/admin.ts) as the admin screens call it. The caller hands in `fetchApi`,
 * which already signs each request with the device key and adds the access token; this module builds the
 * requests, validates every request body and every response with the shared zod schemas, and turns each
 * failure into an AdminApiError. Unlike DataError it carries the server's own `ApiError` code and Japanese
 * message, because an admin needs to read why the server refused (e.g. 「自分自身は退職処理できません」).
 */
import type { z } from 'zod';
import {
  AuditPageResponse,
  AuditQuery,
  DeviceListResponse,
  DeviceSummary,
  ExpiryWarningsResponse,
  IssueActivationCodeRequest,
  IssueActivationCodeResponse,
  OffboardResponse,
  RevokeDeviceRequest,
  StaffListResponse,
} from '../protocol/admin.ts';
import { ApiError } from '../protocol/people.ts';

export type FetchApi = (path: string, init?: RequestInit) => Promise<Response>;

export const ADMIN_API_ERROR_CODES = ['network', 'http', 'invalidResponse', 'invalidRequest'] as const;
export type AdminApiErrorCode = (typeof ADMIN_API_ERROR_CODES)[number];

export const ADMIN_API_ERROR_MESSAGES: Record<AdminApiErrorCode, { ja: string; en: string }> = {
  network: {
    ja: 'サーバーに接続できません。通信状態を確かめて、もう一度お試しください。',
    en: 'Cannot reach the server. Check the connection and try again.',
  },
  http: {
    ja: 'サーバーがエラーを返しました。',
    en: 'The server returned an error.',
  },
  invalidResponse: {
    ja: 'サーバーから届いたデータの形式が正しくありません。',
    en: 'The server sent data in an unexpected form.',
  },
  invalidRequest: {
    ja: '入力内容を確かめてください。',
    en: 'Please check what you entered.',
  },
};

export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  readonly code: AdminApiErrorCode;
  /** HTTP status for `http` errors. */
  readonly status: number | undefined;
  /** The server's stable `ApiError.code` (e.g. `forbidden`), when the body carried one. */
  readonly serverCode: string | undefined;
  /** For people: the server's (or the schema's) Japanese message when there is one, else the generic text. */
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(code: AdminApiErrorCode, options: { status?: number; serverCode?: string; detailJa?: string; cause?: unknown } = {}) {
    const text = ADMIN_API_ERROR_MESSAGES[code];
    super(`${code}${options.status ? ` ${options.status}` : ''}${options.serverCode ? ` ${options.serverCode}` : ''}: ${text.en}`, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.serverCode = options.serverCode;
    this.messageJa = options.detailJa ? options.detailJa : text.ja;
    this.messageEn = text.en;
  }
}

export interface AuditCsvDownload {
  blob: Blob;
  fileName: string;
}

export interface AdminApi {
  issueActivationCode(request: IssueActivationCodeRequest): Promise<IssueActivationCodeResponse>;
  listStaff(): Promise<StaffListResponse>;
  offboardStaff(staffId: string): Promise<OffboardResponse>;
  listDevices(): Promise<DeviceListResponse>;
  revokeDevice(deviceId: string, reason: string): Promise<DeviceSummary>;
  listExpiryWarnings(): Promise<z.infer<typeof ExpiryWarningsResponse>>;
  listAudit(query: AuditQuery): Promise<AuditPageResponse>;
  downloadAuditCsv(query: AuditQuery): Promise<AuditCsvDownload>;
}

/** Admin calls are small; a minute covers the slowest line the offices report. */
export const ADMIN_REQUEST_TIMEOUT_MS = 60_000;

const ADMIN = '/api/v1/admin';

/** The audit query as URL search parameters, in the contract's field order, empty fields left out. */
export function auditSearchParams(query: AuditQuery): string {
  const parsed = AuditQuery.parse(query);
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'staffId', 'action', 'insuredNumber', 'before', 'limit'] as const) {
    const value = parsed[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The file name from a Content-Disposition header (RFC 6266: `filename*` in RFC 8187 form wins over
 * `filename`), or undefined when there is none.
 */
export function contentDispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed percent-escape: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1] ?? plain?.[2];
  return name ? name : undefined;
}

/** The name used when the server names no file: the period it covers, e.g. `audit-log_2026-11-01_2026-11-25.csv`. */
export function defaultAuditCsvName(query: AuditQuery): string {
  const parts = ['audit-log'];
  if (query.from) parts.push(query.from);
  if (query.to) parts.push(query.to);
  return `${parts.join('_')}.csv`;
}

function firstIssueMessage(error: z.ZodError): string | undefined {
  return error.issues[0]?.message;
}

export function createAdminApi(fetchApi: FetchApi): AdminApi {
  async function send(path: string, init: { method: 'GET' | 'POST'; body?: unknown; accept?: string }): Promise<Response> {
    const headers: Record<string, string> = { Accept: init.accept ?? 'application/json' };
    // Node's RequestInit type (the tests') lacks `cache`; browsers honour it.
    const request: RequestInit & { cache: 'no-store' } = {
      method: init.method,
      headers,
      // Staff names and audit entries: never from or into the HTTP cache.
      cache: 'no-store',
      signal: AbortSignal.timeout(ADMIN_REQUEST_TIMEOUT_MS),
    };
    if (init.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify(init.body);
    }
    let response: Response;
    try {
      response = await fetchApi(path, request);
    } catch (cause) {
      throw new AdminApiError('network', { cause });
    }
    if (!response.ok) throw await httpError(response);
    return response;
  }

  async function httpError(response: Response): Promise<AdminApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const apiError = ApiError.safeParse(body);
    return apiError.success
      ? new AdminApiError('http', { status: response.status, serverCode: apiError.data.code, detailJa: apiError.data.message })
      : new AdminApiError('http', { status: response.status });
  }

  async function json<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new AdminApiError('invalidResponse', { cause });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AdminApiError('invalidResponse', { cause: parsed.error });
    return parsed.data;
  }

  function validQuery(query: AuditQuery): string {
    const parsed = AuditQuery.safeParse(query);
    if (!parsed.success) throw new AdminApiError('invalidRequest', { detailJa: firstIssueMessage(parsed.error), cause: parsed.error });
    return auditSearchParams(parsed.data);
  }

  return {
    async issueActivationCode(request) {
      const body = IssueActivationCodeRequest.safeParse(request);
      if (!body.success) throw new AdminApiError('invalidRequest', { detailJa: firstIssueMessage(body.error), cause: body.error });
      return json(await send(`${ADMIN}/activation-codes`, { method: 'POST', body: body.data }), IssueActivationCodeResponse);
    },
    async listStaff() {
      return json(await send(`${ADMIN}/staff`, { method: 'GET' }), StaffListResponse);
    },
    async offboardStaff(staffId) {
      return json(await send(`${ADMIN}/staff/${encodeURIComponent(staffId)}/offboard`, { method: 'POST', body: {} }), OffboardResponse);
    },
    async listDevices() {
      return json(await send(`${ADMIN}/devices`, { method: 'GET' }), DeviceListResponse);
    },
    async revokeDevice(deviceId, reason) {
      const body = RevokeDeviceRequest.safeParse({ reason });
      if (!body.success) throw new AdminApiError('invalidRequest', { detailJa: '利用停止の理由を200文字以内で入力してください', cause: body.error });
      return json(await send(`${ADMIN}/devices/${encodeURIComponent(deviceId)}/revoke`, { method: 'POST', body: body.data }), DeviceSummary);
    },
    async listExpiryWarnings() {
      return json(await send(`${ADMIN}/expiry-warnings`, { method: 'GET' }), ExpiryWarningsResponse);
    },
    async listAudit(query) {
      return json(await send(`${ADMIN}/audit${validQuery(query)}`, { method: 'GET' }), AuditPageResponse);
    },
    async downloadAuditCsv(query) {
      const search = validQuery(query);
      const response = await send(`${ADMIN}/audit.csv${search}`, { method: 'GET', accept: 'text/csv' });
      const type = response.headers.get('Content-Type') ?? '';
      if (!type.toLowerCase().startsWith('text/csv')) throw new AdminApiError('invalidResponse');
      let blob: Blob;
      try {
        blob = await response.blob();
      } catch (cause) {
        throw new AdminApiError('network', { cause });
      }
      const fileName = contentDispositionFileName(response.headers.get('Content-Disposition')) ?? defaultAuditCsvName(query);
      return { blob, fileName };
    },
  };
}
