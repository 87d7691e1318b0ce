import { describe, expect, it } from 'vitest';
import { DEVICE_HEADERS, EMPTY_BODY_SHA256, signedRequestPayload } from '../protocol/device-signature.ts';
import { fromBase64Url } from '../security/base64url.ts';
import { generateDeviceKeyPair } from '../security/device-key-pair.ts';
import type { WebCryptoKey } from '../security/web-crypto.ts';
import { createApiFetch, type ApiFetchDeps } from './api-fetch.ts';
import { createDeviceSigner } from './device-signer.ts';

const NOW = new Date('2026-11-02T09:15:30.250Z');
const DEVICE_ID = 'dev-0001';
const TOKEN = 'dG9rZW4tZm9yLWhlbHBlci1zYXRvLXNpZ25lZC1pbi1vbi1kZXYtMDAwMQ';

interface Sent {
  readonly path: string;
  readonly init: RequestInit;
}

async function setUp(options: { token?: string; answer?: () => Response } = {}) {
  const pair = await generateDeviceKeyPair();
  const signer = createDeviceSigner(DEVICE_ID, pair.privateKey);
  const sent: Sent[] = [];
  const events: string[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ path: String(input), init: init ?? {} });
    return options.answer ? options.answer() : Response.json({ ok: true });
  }) as typeof fetch;
  const deps: ApiFetchDeps = {
    fetch: fakeFetch,
    signer: () => signer,
    accessToken: () => options.token,
    now: () => NOW,
    onDeviceRevoked: () => events.push('deviceRevoked'),
    onSessionEnded: () => events.push('sessionEnded'),
  };
  const publicKey = await crypto.subtle.importKey('jwk', pair.publicKeyJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return { apiFetch: createApiFetch(deps), sent, events, publicKey };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks the device headers the way the server does: rebuild the line, verify against the enrolled key. */
async function verifies(publicKey: WebCryptoKey, headers: Headers, method: string, pathAndQuery: string, bodySha256: string): Promise<boolean> {
  const payload = signedRequestPayload({
    method,
    pathAndQuery,
    time: headers.get(DEVICE_HEADERS.time) ?? '',
    nonce: headers.get(DEVICE_HEADERS.nonce) ?? '',
    bodySha256,
    deviceId: headers.get(DEVICE_HEADERS.deviceId) ?? '',
  });
  const signature = fromBase64Url(headers.get(DEVICE_HEADERS.signature) ?? '');
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, new TextEncoder().encode(payload));
}

const apiError = (status: number, code: string) => () => Response.json({ code, message: 'エラー' }, { status });

describe('api fetch', () => {
  it('signs a POST over method, path, time, nonce, body hash and device id', async () => {
    const { apiFetch, sent, publicKey } = await setUp();
    const body = JSON.stringify({ staffId: 'helper-sato', pin: '482915' });
    await apiFetch('/api/v1/auth/pin', { method: 'post', body, headers: { 'Content-Type': 'application/json' } });

    expect(sent).toHaveLength(1);
    const { path, init } = sent[0]!;
    const headers = new Headers(init.headers);
    expect(path).toBe('/api/v1/auth/pin');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(body);
    expect(init).toMatchObject({ cache: 'no-store' });
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get(DEVICE_HEADERS.deviceId)).toBe('dev-0001');
    expect(headers.get(DEVICE_HEADERS.time)).toBe('2026-11-02T09:15:30.250Z');
    expect(headers.get(DEVICE_HEADERS.nonce)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(headers.get('authorization')).toBeNull();

    const bodySha256 = await sha256Hex(body);
    expect(await verifies(publicKey, headers, 'POST', '/api/v1/auth/pin', bodySha256)).toBe(true);
    // The signature binds each part: another body, path or method does not verify.
    expect(await verifies(publicKey, headers, 'POST', '/api/v1/auth/pin', EMPTY_BODY_SHA256)).toBe(false);
    expect(await verifies(publicKey, headers, 'POST', '/api/v1/auth/passkey', bodySha256)).toBe(false);
    expect(await verifies(publicKey, headers, 'PUT', '/api/v1/auth/pin', bodySha256)).toBe(false);
  });

  it('signs a GET with the hash of the empty body and a fresh nonce each time', async () => {
    const { apiFetch, sent, publicKey } = await setUp();
    await apiFetch('/api/v1/devices/self?probe=1');
    await apiFetch('/api/v1/devices/self?probe=1');
    const first = new Headers(sent[0]!.init.headers);
    const second = new Headers(sent[1]!.init.headers);
    expect(sent[0]!.init.method).toBe('GET');
    expect(EMPTY_BODY_SHA256).toBe(await sha256Hex(''));
    expect(await verifies(publicKey, first, 'GET', '/api/v1/devices/self?probe=1', EMPTY_BODY_SHA256)).toBe(true);
    expect(await verifies(publicKey, second, 'GET', '/api/v1/devices/self?probe=1', EMPTY_BODY_SHA256)).toBe(true);
    expect(first.get(DEVICE_HEADERS.nonce)).not.toBe(second.get(DEVICE_HEADERS.nonce));
  });

  it('adds the access token when there is one', async () => {
    const { apiFetch, sent } = await setUp({ token: TOKEN });
    await apiFetch('/api/v1/providers/1310100001/people');
    expect(new Headers(sent[0]!.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('reports deviceRevoked (403) and still returns the answer', async () => {
    const { apiFetch, events } = await setUp({ token: TOKEN, answer: apiError(403, 'deviceRevoked') });
    const response = await apiFetch('/api/v1/devices/self');
    expect(events).toEqual(['deviceRevoked']);
    expect(response.status).toBe(403);
    // The caller can still read the body (the check read a clone).
    expect(await response.json()).toEqual({ code: 'deviceRevoked', message: 'エラー' });
  });

  it('reports deviceUnknown as revoked too', async () => {
    const { apiFetch, events } = await setUp({ answer: apiError(401, 'deviceUnknown') });
    await apiFetch('/api/v1/devices/self');
    expect(events).toEqual(['deviceRevoked']);
  });

  it('reports sessionRequired (401) as the end of the session when a token was sent', async () => {
    const { apiFetch, events } = await setUp({ token: TOKEN, answer: apiError(401, 'sessionRequired') });
    const response = await apiFetch('/api/v1/providers/1310100001/people');
    expect(events).toEqual(['sessionEnded']);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'sessionRequired' });
  });

  it('does not end a session it never had', async () => {
    const { apiFetch, events } = await setUp({ answer: apiError(401, 'sessionRequired') });
    await apiFetch('/api/v1/providers/1310100001/people');
    expect(events).toEqual([]);
  });

  it('reports nothing for other refusals or bodies that are not API errors', async () => {
    const forbidden = await setUp({ token: TOKEN, answer: apiError(403, 'roleForbidden') });
    expect((await forbidden.apiFetch('/api/v1/admin/devices')).status).toBe(403);
    const html = await setUp({ token: TOKEN, answer: () => new Response('<h1>Forbidden</h1>', { status: 403 }) });
    expect((await html.apiFetch('/api/v1/admin/devices')).status).toBe(403);
    const notFound = await setUp({ token: TOKEN, answer: apiError(404, 'deviceRevoked') });
    await notFound.apiFetch('/api/v1/devices/self');
    expect([...forbidden.events, ...html.events, ...notFound.events]).toEqual([]);
  });
});
