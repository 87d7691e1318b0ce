/**
 * BER-TLV encoding with minimal (DER) lengths: the inverse of `tlv.ts`, used by the virtual card to build
 * its files and by the DER writer of the test certificates.
 */
import { concatBytes } from './hex.ts';

/** Tag bytes of a tag number as written (0x30 → [30], 0xDF21 → [DF 21], 0xFF20 → [FF 20]). */
export function tagBytes(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) throw new RangeError('tag must be 1-3 bytes');
  if (tag <= 0xff) return Uint8Array.of(tag);
  if (tag <= 0xffff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
}

/** Definite length in the fewest bytes (X.690 §10.1). */
export function lengthBytes(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new RangeError('length out of range');
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(tagBytes(tag), lengthBytes(value.length), value);
}

/** A constructed object from already encoded children. */
export function encodeConstructedTlv(tag: number, ...children: readonly Uint8Array[]): Uint8Array {
  return encodeTlv(tag, concatBytes(...children));
}
