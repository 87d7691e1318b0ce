/**
 * The device's signing key (src/protocol/device-signature.ts): ECDSA P-256 made by WebCrypto with a
 * non-extractable private half, which IndexedDB stores as a CryptoKey object (structured clone keeps it
 * non-extractable: script can sign with it but never read it out). Only the public half is exported, as the
 * JWK sent at enrollment.
 */
import { DevicePublicKey } from '../protocol/auth.ts';
import { subtle, type WebCryptoKey } from './web-crypto.ts';

export interface DeviceKeyPair {
  readonly privateKey: WebCryptoKey;
  readonly publicKeyJwk: DevicePublicKey;
}

export async function generateDeviceKeyPair(): Promise<DeviceKeyPair> {
  const pair = (await subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as {
    privateKey: WebCryptoKey;
    publicKey: WebCryptoKey;
  };
  const jwk = await subtle().exportKey('jwk', pair.publicKey);
  // Only kty/crv/x/y: the protocol's shape, without key_ops/ext.
  return { privateKey: pair.privateKey, publicKeyJwk: DevicePublicKey.parse(jwk) };
}
