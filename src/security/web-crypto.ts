/**
 * The one place that reaches for WebCrypto (`globalThis.crypto`, the browser's or Node's), and the byte and key
 * types the rest of src/security uses, so the code type-checks under both the DOM and the Node libraries.
 */
import { SecurityError } from './security-error.ts';

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts as BufferSource. */
export type Bytes = Uint8Array<ArrayBuffer>;

type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto CryptoKey (named through SubtleCrypto: the Node typings have no global CryptoKey type). */
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

export function subtle(): Subtle {
  const found = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  // crypto.subtle exists only in secure contexts (HTTPS or localhost).
  if (!found) throw new SecurityError('cryptoUnavailable');
  return found;
}

export function randomBytes(length: number): Bytes {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/** A copy on a fresh ArrayBuffer (also detaches the caller's array from ours, so ours can be zeroed). */
export function copyBytes(bytes: Uint8Array): Bytes {
  return new Uint8Array(bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function requireLength(bytes: Uint8Array, length: number): void {
  if (bytes.length !== length) throw new SecurityError('badKeyLength');
}

/** True for a CryptoKey from WebCrypto (also after IndexedDB's structured clone). */
export function isCryptoKey(value: unknown): value is WebCryptoKey {
  const ctor = (globalThis as { CryptoKey?: abstract new () => unknown }).CryptoKey;
  return ctor !== undefined && value instanceof ctor;
}

export const utf8 = {
  encode: (text: string): Bytes => new TextEncoder().encode(text) as Bytes,
  decode: (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
};
