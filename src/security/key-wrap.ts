/**
 * How the device's data key is wrapped: AES-GCM-256 under a key-encryption key (KEK) derived with HKDF-SHA-256
 * (RFC 5869) from one of three secrets, with a random 12-byte IV per wrap and the wrap's id as associated data
 * (a wrap copied under another id does not open):
 * - `escrow`: the server's escrow key, released only at online sign-in and never stored on the device;
 * - `pin:<staffId>`: PBKDF2-SHA-256(PIN, random 16-byte salt, 600,000 iterations, the OWASP 2023 figure for
 *   PBKDF2-HMAC-SHA256) ‖ the lease share the server released at the last online sign-in;
 * - `prf:<credentialId>`: the passkey's WebAuthn PRF output ‖ the lease share.
 * Without the lease share (it expires) neither a PIN nor a passkey opens the data key, so a stolen tablet whose
 * lease has run out holds nothing a guessed PIN can unlock.
 */
import { concatBytes, copyBytes, requireLength, subtle, utf8, type Bytes, type WebCryptoKey } from './web-crypto.ts';

export const DATA_KEY_LENGTH = 32;
/** Length of the escrow key, the lease share and the PRF output. */
export const SECRET_LENGTH = 32;
export const PIN_ITERATIONS = 600_000;
export const PIN_SALT_LENGTH = 16;
export const IV_LENGTH = 12;

export type WrapSecret =
  | { kind: 'escrow'; escrowKey: Uint8Array }
  | { kind: 'pin'; pin: string; salt: Uint8Array; iterations: number; leaseShare: Uint8Array }
  | { kind: 'prf'; prfOutput: Uint8Array; leaseShare: Uint8Array };

export interface WrappedKey {
  readonly iv: Bytes;
  readonly wrapped: Bytes;
}

async function pinBits(pin: string, salt: Uint8Array, iterations: number): Promise<Bytes> {
  // NFKC: digits typed through a Japanese IME arrive full-width (４８２９１５) and must give the same key.
  const material = await subtle().importKey('raw', utf8.encode(pin.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: copyBytes(salt), iterations }, material, 256);
  return new Uint8Array(bits);
}

async function inputKeyMaterial(secret: WrapSecret): Promise<Bytes> {
  switch (secret.kind) {
    case 'escrow':
      requireLength(secret.escrowKey, SECRET_LENGTH);
      return copyBytes(secret.escrowKey);
    case 'pin': {
      requireLength(secret.leaseShare, SECRET_LENGTH);
      const bits = await pinBits(secret.pin, secret.salt, secret.iterations);
      const ikm = concatBytes(bits, secret.leaseShare);
      bits.fill(0);
      return ikm;
    }
    case 'prf':
      requireLength(secret.prfOutput, SECRET_LENGTH);
      requireLength(secret.leaseShare, SECRET_LENGTH);
      return concatBytes(secret.prfOutput, secret.leaseShare);
  }
}

/** The KEK for the wrap `wrapId` (e.g. `pin:s-001`): non-extractable, bound to the id through HKDF's info. */
export async function deriveWrapKey(secret: WrapSecret, wrapId: string): Promise<WebCryptoKey> {
  const ikm = await inputKeyMaterial(secret);
  try {
    const base = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveKey']);
    return await subtle().deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(`tsunagi/wrap/${wrapId}`) },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } finally {
    ikm.fill(0);
  }
}

export async function wrapDataKey(kek: WebCryptoKey, dataKey: Uint8Array, wrapId: string): Promise<WrappedKey> {
  requireLength(dataKey, DATA_KEY_LENGTH);
  const iv = new Uint8Array(IV_LENGTH);
  globalThis.crypto.getRandomValues(iv);
  const plain = copyBytes(dataKey);
  try {
    const wrapped = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(wrapId) }, kek, plain);
    return { iv, wrapped: new Uint8Array(wrapped) };
  } finally {
    plain.fill(0);
  }
}

/** The data key, or undefined when the KEK is not the one that wrapped it (GCM authentication failed). */
export async function unwrapDataKey(kek: WebCryptoKey, wrap: WrappedKey, wrapId: string): Promise<Bytes | undefined> {
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: copyBytes(wrap.iv), additionalData: utf8.encode(wrapId) }, kek, copyBytes(wrap.wrapped));
    return plain.byteLength === DATA_KEY_LENGTH ? new Uint8Array(plain) : undefined;
  } catch {
    return undefined;
  }
}
