import { describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from './device-key-pair.ts';

describe('generateDeviceKeyPair', () => {
  it('makes a non-extractable P-256 signing key whose exported public JWK verifies its signatures', async () => {
    const pair = await generateDeviceKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.usages).toEqual(['sign']);
    await expect(crypto.subtle.exportKey('jwk', pair.privateKey)).rejects.toThrow();
    expect(Object.keys(pair.publicKeyJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);

    const message = new TextEncoder().encode('TSUNAGI-DEVICE-1\nGET\n/api/v1/device');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message);
    const publicKey = await crypto.subtle.importKey('jwk', pair.publicKeyJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, message)).toBe(true);
    message[0] = 0;
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, message)).toBe(false);
  });
});
