import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { fixedClock } from '../testing/platform-fixtures.testing.ts';
import { unusedDatabase } from '../testing/unused-database.testing.ts';
import { CONTENT_SECURITY_POLICY } from './static-files.ts';

describe('the built PWA served at /', () => {
  let dir: string;
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagi-static-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>つなぎ</title>');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("install", () => {});');
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1);');
    writeFileSync(join(dist, 'assets', 'manifest-Zz99.webmanifest'), '{"name":"つなぎ"}');
    writeFileSync(join(dir, 'secret.txt'), 'outside the root');
    app = createApp({ db: unusedDatabase, logger: captureLogger().logger, clock: fixedClock, staticDir: dist });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html at / and sw.js revalidated on every use, with the strict CSP', async () => {
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('つなぎ');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

    const sw = await app.request('/sw.js');
    expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('requires Trusted Types for script sinks, allowing only the app\'s policies', async () => {
    const directives = (await app.request('/')).headers.get('content-security-policy')?.split('; ') ?? [];
    expect(directives).toContain("require-trusted-types-for 'script'");
    expect(directives).toContain('trusted-types tsunagi default');
    expect(directives).toContain("script-src 'self'");
  });

  it('marks hashed assets immutable', async () => {
    const script = await app.request('/assets/index-Ab12Cd34.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await app.request('/assets/manifest-Zz99.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
  });

  it('answers a navigation to an app route with index.html, but a missing file with 404', async () => {
    const deepLink = await app.request('/people/229011/0000000001', { headers: { Accept: 'text/html,application/xhtml+xml', 'Sec-Fetch-Mode': 'navigate' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<title>つなぎ</title>');
    expect(deepLink.headers.get('cache-control')).toBe('no-cache');

    const missingScript = await app.request('/assets/gone-123.js', { headers: { 'Sec-Fetch-Mode': 'no-cors' } });
    expect(missingScript.status).toBe(404);
    const missingWithoutFetchMetadata = await app.request('/missing.png', { headers: { Accept: 'image/png' } });
    expect(missingWithoutFetchMetadata.status).toBe(404);
  });

  it('never falls back to the app for /api paths: unknown API routes are JSON 404s, uncached', async () => {
    const response = await app.request('/api/v1/nothing-here', { headers: { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'notFound', message: '指定されたものが見つかりません。' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('does not serve files outside its root', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await app.request(path);
      expect(await response.text()).not.toContain('outside the root');
    }
  });
});
