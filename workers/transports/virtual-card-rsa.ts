/**
 * The virtual card's signing: RSASSA-PKCS1-v1_5 over a DigestInfo the caller already built, as the JPKI card
 * does (RFC 8017 §8.2.1 with EMSA-PKCS1-v1_5 §9.2 steps 3–5: `EM = 00 01 FF…FF 00 || DigestInfo`, then the
 * RSA private operation). WebCrypto cannot sign a precomputed digest, so the private operation is done
 * here with BigInt and the Chinese remainder theorem; it is a test card, constant time is not a goal.
 */

export interface RsaPrivateKeyParams {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  /** Modulus length in bytes (256 for RSA-2048). */
  size: number;
}

/** The RSA members of a JSON Web Key (RFC 7518 §6.3), base64url text. */
export interface RsaJwk {
  n?: string;
  e?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
}

/** The private key parameters of an RSA JWK. */
export function rsaKeyFromJwk(jwk: RsaJwk): RsaPrivateKeyParams {
  const field = (name: 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): bigint => {
    const value = jwk[name];
    if (typeof value !== 'string') throw new TypeError(`JWK lacks ${name}`);
    return bytesToBigInt(base64UrlToBytes(value));
  };
  const nBytes = base64UrlToBytes(typeof jwk.n === 'string' ? jwk.n : '');
  return { n: field('n'), e: field('e'), d: field('d'), p: field('p'), q: field('q'), dp: field('dp'), dq: field('dq'), qi: field('qi'), size: nBytes.length };
}

/** The signature of `digestInfo`, `size` bytes big-endian. Throws RangeError if `digestInfo` is too long. */
export function rsaPkcs1Sign(key: RsaPrivateKeyParams, digestInfo: Uint8Array): Uint8Array {
  const k = key.size;
  if (digestInfo.length > k - 11) throw new RangeError('DigestInfo too long for the key');
  const em = new Uint8Array(k);
  em[1] = 0x01;
  em.fill(0xff, 2, k - digestInfo.length - 1);
  em[k - digestInfo.length - 1] = 0x00;
  em.set(digestInfo, k - digestInfo.length);
  const m = bytesToBigInt(em);
  // CRT (RFC 8017 §5.1.2, 2.b): two half-size exponentiations instead of one full one.
  const m1 = modPow(m % key.p, key.dp, key.p);
  const m2 = modPow(m % key.q, key.dq, key.q);
  const h = (key.qi * (((m1 - m2) % key.p) + key.p)) % key.p;
  const s = m2 + h * key.q;
  // A faulty CRT result would leak a factor of n; check it before it leaves the card.
  if (modPow(s, key.e, key.n) !== m) throw new Error('RSA self-check failed');
  return bigIntToBytes(s, k);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('value does not fit');
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function base64UrlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}
