/** Byte helpers for APDU work: hex text both ways, concatenation, comparison. */

const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/** Upper-case hex without separators: `Uint8Array [0x90, 0x00]` → `"9000"`. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/**
 * Parses hex text; spaces between byte pairs are allowed (`"00 A4 04 0C"`). Throws RangeError on anything
 * else: it is meant for constants and test vectors, never for data from a card.
 */
export function hexToBytes(hex: string): Uint8Array {
  const compact = hex.replace(/\s+/g, '');
  if (compact.length % 2 !== 0) throw new RangeError('hex text has an odd number of digits');
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) {
    const pair = compact.slice(i * 2, i * 2 + 2);
    if (!HEX_PAIR.test(pair)) throw new RangeError(`not a hex byte at position ${i}`);
    out[i] = parseInt(pair, 16);
  }
  return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Index of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A 16-bit status word or file id as 4 upper-case hex digits: `0x6a82` → `"6A82"`. */
export function hex16(value: number): string {
  return (value & 0xffff).toString(16).padStart(4, '0').toUpperCase();
}
