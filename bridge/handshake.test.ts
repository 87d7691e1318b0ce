import { describe, expect, it } from 'vitest';
import { checkHandshake, normaliseOrigin } from './handshake.ts';

const allowed = new Set(['http://localhost:8080']);
const ok = { url: '/v1', host: ['127.0.0.1:47321'], origin: ['http://localhost:8080'], localPort: 47321 };

describe('handshake checks', () => {
  it('accepts the three loopback Host spellings for the arrival port', () => {
    for (const host of ['127.0.0.1:47321', '[::1]:47321', 'localhost:47321', 'LOCALHOST:47321']) {
      expect(checkHandshake({ ...ok, host: [host] }, allowed)).toEqual({ ok: true, origin: 'http://localhost:8080' });
    }
    expect(checkHandshake({ ...ok, url: '/v1?x=1' }, allowed).ok).toBe(true);
  });

  it('refuses rebinding hosts, other ports, missing or repeated headers', () => {
    for (const host of [['evil.example:47321'], ['127.0.0.2:47321'], ['localhost'], ['localhost:47322'], ['127.0.0.1:47321', '127.0.0.1:47321'], [], undefined]) {
      expect(checkHandshake({ ...ok, host }, allowed)).toEqual({ ok: false, status: 421, reason: 'badHost' });
    }
    expect(checkHandshake({ ...ok, origin: undefined }, allowed)).toEqual({ ok: false, status: 403, reason: 'missingOrigin' });
    expect(checkHandshake({ ...ok, origin: [] }, allowed)).toEqual({ ok: false, status: 403, reason: 'missingOrigin' });
    for (const origin of [['http://localhost:8080', 'http://localhost:8080'], ['http://LOCALHOST:8080'], ['http://localhost:8080/'], ['null']]) {
      expect(checkHandshake({ ...ok, origin }, allowed)).toEqual({ ok: false, status: 403, reason: 'originNotAllowed' });
    }
    expect(checkHandshake({ ...ok, url: '/' }, allowed)).toEqual({ ok: false, status: 404, reason: 'badPath' });
    expect(checkHandshake({ ...ok, url: '/v1/' }, allowed)).toEqual({ ok: false, status: 404, reason: 'badPath' });
  });

  it('normalises allow-list entries to serialised origins', () => {
    expect(normaliseOrigin(' https://Tsunagi.Example.jp:443/ ')).toBe('https://tsunagi.example.jp');
    expect(normaliseOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(() => normaliseOrigin('https://tsunagi.example.jp/app')).toThrow(RangeError);
    expect(() => normaliseOrigin('file:///tmp/x')).toThrow(RangeError);
  });
});
