import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { modPow, rsaKeyFromJwk, rsaPkcs1Sign } from './virtual-card-rsa.ts';
import { SHA256_DIGEST_INFO_PREFIX } from '../mynumber/card-layout.ts';

describe('modPow', () => {
  it('matches worked examples', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(2n, 10n, 1000n)).toBe(24n);
    expect(modPow(7n, 0n, 13n)).toBe(1n);
  });
});

describe('rsaPkcs1Sign', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = rsaKeyFromJwk(privateKey.export({ format: 'jwk' }));

  it('reads the key size from the modulus', () => {
    expect(key.size).toBe(256);
    expect(key.e).toBe(65537n);
  });

  it('produces signatures node:crypto verifies as RSA-SHA256', () => {
    for (const message of ['', 'consent', '同意書']) {
      const digest = createHash('sha256').update(message).digest();
      const signature = rsaPkcs1Sign(key, Uint8Array.from([...SHA256_DIGEST_INFO_PREFIX, ...digest]));
      expect(signature.length).toBe(256);
      expect(verify('RSA-SHA256', Buffer.from(message), publicKey, signature)).toBe(true);
    }
  });

  it('refuses a DigestInfo longer than the key allows', () => {
    expect(() => rsaPkcs1Sign(key, new Uint8Array(246))).toThrow(RangeError);
  });
});
