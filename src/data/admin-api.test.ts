import { describe, expect, it } from 'vitest';
import { AdminApiError, auditSearchParams, contentDispositionFileName, createAdminApi, defaultAuditCsvName, type FetchApi } from './admin-api.ts';

interface Call {
  path: string;
  method: string | undefined;
  body: unknown;
  accept: string | null;
}

function recordingFetch(respond: (path: string) => Response): { fetchApi: FetchApi; calls: Call[] } {
  const calls: Call[] = [];
  const fetchApi: FetchApi = async (path, init) => {
    const headers = new Headers(init?.headers);
    calls.push({ path, method: init?.method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined, accept: headers.get('Accept') });
    return respond(path);
  };
  return { fetchApi, calls };
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const STAFF = {
  staffId: 'helper-sato',
  name: '佐藤 花子',
  role: 'helper',
  retiredAt: null,
  hasPin: true,
  pinLockedUntil: '2026-11-25T01:15:00.000Z',
  passkeys: 1,
  activeDevices: 2,
  activeSessions: 1,
};

const DEVICE = {
  deviceId: 'dev-0001',
  name: '訪問用タブレット1',
  enrolledBy: 'admin-tanaka',
  enrolledByName: '田中 一郎',
  enrolledAt: '2026-04-01T00:00:00.000Z',
  lastSeenAt: null,
  credentialExpiresAt: '2027-04-01T00:00:00.000Z',
  status: 'revoked',
  revokedAt: '2026-11-25T02:00:00.000Z',
  revokedReason: '紛失',
};

async function caught(promise: Promise<unknown>): Promise<AdminApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AdminApiError) return error;
    throw error;
  }
  throw new Error('expected an AdminApiError');
}

describe('createAdminApi', () => {
  it('lists staff with a GET and returns the validated body', async () => {
    const { fetchApi, calls } = recordingFetch(() => jsonResponse({ staff: [STAFF] }));
    const result = await createAdminApi(fetchApi).listStaff();
    expect(result.staff[0]?.name).toBe('佐藤 花子');
    expect(calls).toEqual([{ path: '/api/v1/admin/staff', method: 'GET', body: undefined, accept: 'application/json' }]);
  });

  it('posts an activation code request with the default validity filled in', async () => {
    const { fetchApi, calls } = recordingFetch(() =>
      jsonResponse({ code: 'K7QM-2RTX-9PLA', staffId: 'helper-sato', deviceName: '訪問用タブレット2', expiresAt: '2026-11-26T01:00:00.000Z' }),
    );
    const issued = await createAdminApi(fetchApi).issueActivationCode({ staffId: 'helper-sato', deviceName: '  訪問用タブレット2 ' });
    expect(issued.code).toBe('K7QM-2RTX-9PLA');
    expect(calls[0]?.path).toBe('/api/v1/admin/activation-codes');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.body).toEqual({ staffId: 'helper-sato', deviceName: '訪問用タブレット2', validHours: 24 });
  });

  it('refuses an empty device name before sending, with the schema\'s Japanese message', async () => {
    const { fetchApi, calls } = recordingFetch(() => jsonResponse({}));
    const error = await caught(createAdminApi(fetchApi).issueActivationCode({ staffId: 'helper-sato', deviceName: '   ', validHours: 24 }));
    expect(error.code).toBe('invalidRequest');
    expect(error.messageJa).toBe('端末名を入力してください');
    expect(calls).toHaveLength(0);
  });

  it('escapes ids in paths and sends the revoke reason', async () => {
    const { fetchApi, calls } = recordingFetch((path) => (path.includes('/devices/') ? jsonResponse(DEVICE) : jsonResponse({ staffId: 'a/b', retiredAt: '2026-11-25T02:00:00.000Z', revokedDevices: ['dev-1', 'dev-2'], revokedPasskeys: 1, revokedSessions: 3 })));
    const api = createAdminApi(fetchApi);
    const offboard = await api.offboardStaff('a/b');
    expect(offboard.revokedDevices).toEqual(['dev-1', 'dev-2']);
    const device = await api.revokeDevice('dev 0001', '紛失');
    expect(device.status).toBe('revoked');
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/admin/staff/a%2Fb/offboard', '/api/v1/admin/devices/dev%200001/revoke']);
    expect(calls[1]?.body).toEqual({ reason: '紛失' });
  });

  it('keeps the server\'s code and Japanese message on an error status', async () => {
    const { fetchApi } = recordingFetch(() => jsonResponse({ code: 'cannotOffboardSelf', message: '自分自身は退職処理できません' }, 409));
    const error = await caught(createAdminApi(fetchApi).offboardStaff('admin-tanaka'));
    expect(error.code).toBe('http');
    expect(error.status).toBe(409);
    expect(error.serverCode).toBe('cannotOffboardSelf');
    expect(error.messageJa).toBe('自分自身は退職処理できません');
  });

  it('falls back to the generic message when the error body is not an ApiError', async () => {
    const { fetchApi } = recordingFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await caught(createAdminApi(fetchApi).listDevices());
    expect(error.code).toBe('http');
    expect(error.status).toBe(502);
    expect(error.serverCode).toBeUndefined();
    expect(error.messageJa).toBe('サーバーがエラーを返しました。');
  });

  it('reports a network failure and a body that breaks the contract', async () => {
    const offline = createAdminApi(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await caught(offline.listExpiryWarnings())).code).toBe('network');
    const { fetchApi } = recordingFetch(() => jsonResponse({ warnings: [{ kind: 'deviceCredential', subject: 'dev-1', label: 'x', expiresAt: '2027-01-01', daysLeft: 20, threshold: 20 }] }));
    expect((await caught(createAdminApi(fetchApi).listExpiryWarnings())).code).toBe('invalidResponse');
  });

  it('pages the audit log with the filters as query parameters', async () => {
    const { fetchApi, calls } = recordingFetch(() => jsonResponse({ entries: [], nextBefore: null }));
    await createAdminApi(fetchApi).listAudit({ from: '2026-11-01', to: '2026-11-25', action: 'person.view', before: '120', limit: '50' });
    expect(calls[0]?.path).toBe('/api/v1/admin/audit?from=2026-11-01&to=2026-11-25&action=person.view&before=120&limit=50');
  });

  it('refuses a malformed audit filter before sending', async () => {
    const { fetchApi, calls } = recordingFetch(() => jsonResponse({ entries: [], nextBefore: null }));
    const error = await caught(createAdminApi(fetchApi).listAudit({ insuredNumber: '12345' }));
    expect(error.code).toBe('invalidRequest');
    expect(error.messageJa).toBe('被保険者番号は10桁の数字です');
    expect(calls).toHaveLength(0);
  });

  it('downloads the audit CSV with the server\'s file name, or a name from the period', async () => {
    const csv = '\uFEFFseq,occurredAt\r\n1,2026-11-25T00:00:00.000Z\r\n';
    const named = recordingFetch(() => new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audit-1.csv"; filename*=UTF-8\'\'%E7%9B%A3%E6%9F%BB.csv' } }));
    const download = await createAdminApi(named.fetchApi).downloadAuditCsv({ from: '2026-11-01' });
    expect(download.fileName).toBe('監査.csv');
    // The bytes pass through untouched, byte-order mark included (Excel needs it to read UTF-8).
    expect(new Uint8Array(await download.blob.arrayBuffer())).toEqual(new TextEncoder().encode(csv));
    expect(named.calls[0]?.path).toBe('/api/v1/admin/audit.csv?from=2026-11-01');
    expect(named.calls[0]?.accept).toBe('text/csv');

    const unnamed = recordingFetch(() => new Response(csv, { headers: { 'Content-Type': 'text/csv' } }));
    const second = await createAdminApi(unnamed.fetchApi).downloadAuditCsv({ from: '2026-11-01', to: '2026-11-25' });
    expect(second.fileName).toBe('audit-log_2026-11-01_2026-11-25.csv');
  });

  it('refuses a CSV download answered with something other than CSV', async () => {
    const { fetchApi } = recordingFetch(() => jsonResponse({ entries: [] }));
    expect((await caught(createAdminApi(fetchApi).downloadAuditCsv({}))).code).toBe('invalidResponse');
  });
});

describe('auditSearchParams', () => {
  it('leaves out empty filters and escapes values', () => {
    expect(auditSearchParams({})).toBe('');
    expect(auditSearchParams({ staffId: 'care manager&1', insuredNumber: '0000012345' })).toBe('?staffId=care+manager%261&insuredNumber=0000012345');
  });
});

describe('contentDispositionFileName', () => {
  it('reads quoted, bare and RFC 8187 names', () => {
    expect(contentDispositionFileName(null)).toBeUndefined();
    expect(contentDispositionFileName('attachment')).toBeUndefined();
    expect(contentDispositionFileName('attachment; filename="audit 1.csv"')).toBe('audit 1.csv');
    expect(contentDispositionFileName('attachment; filename=audit.csv')).toBe('audit.csv');
    expect(contentDispositionFileName("attachment; filename*=UTF-8''%E7%9B%A3%E6%9F%BB%E3%83%AD%E3%82%B0.csv")).toBe('監査ログ.csv');
    expect(contentDispositionFileName("attachment; filename=\"plain.csv\"; filename*=UTF-8''%E0%A4%A")).toBe('plain.csv');
  });
});

describe('defaultAuditCsvName', () => {
  it('names the file after the period', () => {
    expect(defaultAuditCsvName({})).toBe('audit-log.csv');
    expect(defaultAuditCsvName({ to: '2026-11-25' })).toBe('audit-log_2026-11-25.csv');
  });
});
