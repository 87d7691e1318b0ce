/**
 * Who may open a WebSocket to the bridge. Checked on the HTTP upgrade request, before any frame:
 * - the path is `/v1`;
 * - `Host` is exactly `127.0.0.1:<port>`, `[::1]:<port>` or `localhost:<port>` for the port the connection
 *   arrived on: a page on `evil.example` whose name was re-pointed at 127.0.0.1 (DNS rebinding) still
 *   sends `Host: evil.example:<port>` and is refused;
 * - `Origin` is present and exactly one of the allowed origins. Browsers always send it on WebSocket
 *   handshakes and WebSockets are not covered by CORS, so this is the check that keeps other sites out
 *   (RFC 6455 §10.2; OWASP ASVS 5.0 4.4.2). A missing Origin means a non-browser client: refused too.
 * Headers that appear more than once are refused rather than guessed at.
 */

export type HandshakeRefusal = 'badPath' | 'badHost' | 'missingOrigin' | 'originNotAllowed';

export type HandshakeDecision = { ok: true; origin: string } | { ok: false; status: 403 | 404 | 421; reason: HandshakeRefusal };

export interface HandshakeInput {
  /** The request target, e.g. `/v1`. */
  url: string | undefined;
  /** Every value of the Host header. */
  host: readonly string[] | undefined;
  /** Every value of the Origin header. */
  origin: readonly string[] | undefined;
  /** The local port the connection arrived on. */
  localPort: number;
}

export const BRIDGE_WS_PATH = '/v1';

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `[::1]:${port}`, `localhost:${port}`];
}

export function checkHandshake(input: HandshakeInput, allowedOrigins: ReadonlySet<string>): HandshakeDecision {
  const path = (input.url ?? '').split('?')[0];
  if (path !== BRIDGE_WS_PATH) return { ok: false, status: 404, reason: 'badPath' };
  const host = input.host?.length === 1 ? input.host[0]?.toLowerCase() : undefined;
  if (host === undefined || !allowedHosts(input.localPort).includes(host)) return { ok: false, status: 421, reason: 'badHost' };
  if (!input.origin || input.origin.length === 0) return { ok: false, status: 403, reason: 'missingOrigin' };
  const origin = input.origin.length === 1 ? input.origin[0] : undefined;
  if (origin === undefined || !allowedOrigins.has(origin)) return { ok: false, status: 403, reason: 'originNotAllowed' };
  return { ok: true, origin };
}

/**
 * An allow-list entry as browsers serialise origins (`scheme://host[:port]`, no path, default port
 * dropped). Throws RangeError for anything that is not an http(s) origin.
 */
export function normaliseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new RangeError(`not an origin: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`not an http(s) origin: ${value}`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new RangeError(`an origin has no path, query or credentials: ${value}`);
  }
  return url.origin;
}
