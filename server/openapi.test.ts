/** The generated OpenAPI document: well-formed, every reference resolvable, every route listed. */
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { captureLogger } from './testing/capture-logger.testing.ts';
import { fixedClock } from './testing/platform-fixtures.testing.ts';
import { unusedDatabase } from './testing/unused-database.testing.ts';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
}

describe('GET /api/openapi.json', () => {
  const app = createApp({ db: unusedDatabase, logger: captureLogger().logger, clock: fixedClock });

  it('lists every route with its methods, parameters and responses, and every $ref resolves', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const doc = (await response.json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Tsunagi platform API');

    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual([
      'GET /api/health',
      'GET /api/v1/admin/audit',
      'GET /api/v1/admin/audit.csv',
      'GET /api/v1/admin/devices',
      'GET /api/v1/admin/expiry-warnings',
      'GET /api/v1/admin/staff',
      'GET /api/v1/devices/self',
      'GET /api/v1/providers',
      'GET /api/v1/providers/{providerNumber}/change-events',
      'GET /api/v1/providers/{providerNumber}/people',
      'GET /api/v1/providers/{providerNumber}/people/{insurerNumber}/{insuredNumber}',
      'POST /api/v1/admin/activation-codes',
      'POST /api/v1/admin/devices/{deviceId}/revoke',
      'POST /api/v1/admin/staff/{staffId}/offboard',
      'POST /api/v1/audit/device-entries',
      'POST /api/v1/auth/passkey',
      'POST /api/v1/auth/passkey/options',
      'POST /api/v1/auth/passkey/registration',
      'POST /api/v1/auth/passkey/registration-options',
      'POST /api/v1/auth/pin',
      'POST /api/v1/auth/sign-out',
      'POST /api/v1/devices/enroll',
      'POST /api/v1/feeds',
      'POST /api/v1/sync/courier',
      'POST /api/v1/sync/notices',
      'POST /api/v1/sync/pull',
      'POST /api/v1/sync/push',
    ]);
    const person = doc.paths['/api/v1/providers/{providerNumber}/people/{insurerNumber}/{insuredNumber}']?.get;
    expect(person?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:providerNumber', 'path:insurerNumber', 'path:insuredNumber']);
    expect(Object.keys(doc.paths['/api/v1/feeds']?.post?.responses ?? {}).sort()).toEqual(['200', '401', '403', '413', '422']);
    expect(doc.components?.securitySchemes).toHaveProperty('feedToken');

    for (const ref of refsIn(doc)) expect(resolve(doc, ref), ref).toBeDefined();
  });
});
