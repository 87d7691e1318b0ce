/**
 * Serves the built PWA (./dist) at `/`: files as they are, and `index.html` for any other navigation (the app
 * routes on the client), so a deep link or a reload works. Caching follows what each file is:
 *  - content-hashed files under /assets/ never change: `immutable` for a year;
 *  - everything else (index.html, sw.js, icons) is `no-cache` (RFC 9111 §5.2.2.4: stored, but revalidated
 *    before each use), so a new release reaches the service worker's update check at once.
 * Paths are resolved inside the root only (no `..` escape), and every answer carries the strict
 * Content-Security-Policy the app is tested under, Trusted Types included.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  // The card-reader companion (bridge/) listens on loopback only; the app and its card worker talk to it there.
  "connect-src 'self' ws://127.0.0.1:*",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  // Trusted Types: DOM injection sinks (innerHTML, script URLs, eval) take only values made by a policy; the
  // app's `default` policy (src/env/trusted-types.ts) vets the strings Solid and workbox-window hand them.
  "require-trusted-types-for 'script'",
  'trusted-types tsunagi default',
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function serveStaticApp(staticDir: string): MiddlewareHandler {
  const root = resolve(staticDir);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const pathname = safeDecode(new URL(c.req.url).pathname);
    if (pathname === null || pathname.startsWith('/api/') || pathname === '/api') return next();

    const file = await findFile(root, pathname === '/' ? '/index.html' : pathname);
    if (file) return send(c, file, pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    if (isNavigation(c, pathname)) {
      const index = await findFile(root, '/index.html');
      if (index) return send(c, index, REVALIDATE);
    }
    return next();
  };
}

async function findFile(root: string, pathname: string): Promise<string | null> {
  const path = resolve(root, `.${pathname}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/** A page load (not a script, image or fetch): the browser asks for HTML and the path names no file type. */
function isNavigation(c: Context, pathname: string): boolean {
  const mode = c.req.header('sec-fetch-mode');
  if (mode !== undefined) return mode === 'navigate';
  return (c.req.header('accept') ?? '').includes('text/html') && (extname(pathname) === '' || extname(pathname) === '.html');
}

async function send(c: Context, path: string, cacheControl: string): Promise<Response> {
  const body = await readFile(path);
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(body.byteLength),
    'Cache-Control': cacheControl,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  return c.req.method === 'HEAD' ? new Response(null, { headers }) : new Response(body, { headers });
}

function safeDecode(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}
