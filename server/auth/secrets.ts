/**
 * Random secrets and their stored form: tokens and codes are random bytes shown once and kept only as
 * SHA-256; activation codes are Crockford base32 (no I, L, O, U: nothing to misread on a tablet keyboard).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 12 characters = 60 bits: ample for a code that expires within hours and is rate-limited. */
export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += CROCKFORD[randomInt(CROCKFORD.length)];
  return code;
}

/** `ABCD-EFGH-JKMN`, as shown to the admin. */
export function formatActivationCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}
