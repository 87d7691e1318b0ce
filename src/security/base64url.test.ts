import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64Url, toBase64Url } from './base64url.ts';

describe('base64url', () => {
  it('encodes the RFC 4648 test vectors without padding, with - and _', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    expect(toBase64Url(ascii(''))).toBe('');
    expect(toBase64Url(ascii('f'))).toBe('Zg');
    expect(toBase64Url(ascii('fo'))).toBe('Zm8');
    expect(toBase64Url(ascii('foo'))).toBe('Zm9v');
    expect(toBase64Url(ascii('foob'))).toBe('Zm9vYg');
    expect(toBase64Url(ascii('fooba'))).toBe('Zm9vYmE');
    expect(toBase64Url(ascii('foobar'))).toBe('Zm9vYmFy');
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('decodes a 43-character key to 32 bytes, as the server sends escrowKey and leaseShare', () => {
    const key = fromBase64Url('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
    expect(key).toEqual(new Uint8Array(Array.from({ length: 32 }, (_, i) => i)));
  });

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(() => fromBase64Url('Zm9v+')).toThrow(RangeError);
    expect(() => fromBase64Url('Zm9vY')).toThrow(RangeError);
  });

  it('round-trips any bytes and agrees with Node’s encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });
});
