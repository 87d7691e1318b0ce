/**
 * Checks a device-signed request (see src/protocol/device-signature.ts): the ECDSA P-256 signature against
 * the device's recorded public key, the time within the allowed skew, and the nonce not seen before within
 * that window (a captured request cannot be replayed).
 */
import { webcrypto } from 'node:crypto';
import { SIGNATURE_MAX_SKEW_MS, signedRequestPayload, type SignedRequestParts } from '../../src/protocol/device-signature.ts';
import type { DevicePublicKey } from '../../src/protocol/auth.ts';

export type SignatureVerdict = 'valid' | 'badSignature' | 'clockSkew' | 'replayed';

/** Nonces seen within the skew window; bounded so a flood cannot grow it without end. */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxEntries = 100_000) {}

  /** False when the nonce was already used. */
  remember(nonce: string, nowMs: number): boolean {
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= this.maxEntries) this.evict(nowMs);
    this.seen.set(nonce, nowMs + 2 * SIGNATURE_MAX_SKEW_MS);
    return true;
  }

  private evict(nowMs: number): void {
    for (const [nonce, expires] of this.seen) if (expires < nowMs) this.seen.delete(nonce);
    // Still full: drop the oldest (insertion order); their requests are outside the window by then or a flood.
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
  }
}

const keyCache = new Map<string, Promise<webcrypto.CryptoKey>>();

function importDeviceKey(publicKey: DevicePublicKey): Promise<webcrypto.CryptoKey> {
  const cacheKey = `${publicKey.x}.${publicKey.y}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = webcrypto.subtle.importKey('jwk', { ...publicKey, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

export async function verifyDeviceSignature(
  publicKey: DevicePublicKey,
  parts: SignedRequestParts,
  signature: string,
  nowMs: number,
  nonces: NonceCache,
): Promise<SignatureVerdict> {
  const sentAt = Date.parse(parts.time);
  if (!Number.isFinite(sentAt) || Math.abs(nowMs - sentAt) > SIGNATURE_MAX_SKEW_MS) return 'clockSkew';
  let valid: boolean;
  try {
    const key = await importDeviceKey(publicKey);
    valid = await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(signature, 'base64url'), new TextEncoder().encode(signedRequestPayload(parts)));
  } catch {
    valid = false;
  }
  if (!valid) return 'badSignature';
  return nonces.remember(`${parts.deviceId}:${parts.nonce}`, nowMs) ? 'valid' : 'replayed';
}
