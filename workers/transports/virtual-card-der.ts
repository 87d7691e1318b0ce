/**
 * A small DER writer (ITU-T X.690) for the virtual card's test certificates: just the universal types an
 * X.509 v3 certificate needs (RFC 5280 §4.1). Lengths are minimal, INTEGERs are minimal two's complement
 * of non-negative values, and times follow RFC 5280 §4.1.2.5 (UTCTime through 2049, GeneralizedTime after).
 */
import { concatBytes } from '../apdu/hex.ts';
import { encodeTlv } from '../apdu/tlv-encoder.ts';

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

export function derSequence(...items: readonly Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.sequence, concatBytes(...items));
}

/** A SET OF; DER wants its elements sorted by their encodings (X.690 §11.6). */
export function derSet(...items: readonly Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return encodeTlv(TAG.set, concatBytes(...sorted));
}

/** A non-negative INTEGER from a bigint or from unsigned big-endian bytes. */
export function derInteger(value: bigint | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === 'bigint') {
    if (value < 0n) throw new RangeError('only non-negative INTEGERs are written');
    let hex = value.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  } else {
    bytes = value;
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let content = bytes.subarray(start);
  if (content.length === 0) content = Uint8Array.of(0);
  if ((content[0] ?? 0) & 0x80) content = concatBytes(Uint8Array.of(0), content);
  return encodeTlv(TAG.integer, content);
}

export function derBoolean(value: boolean): Uint8Array {
  return encodeTlv(TAG.boolean, Uint8Array.of(value ? 0xff : 0x00));
}

export function derNull(): Uint8Array {
  return encodeTlv(TAG.null, new Uint8Array(0));
}

/** An OBJECT IDENTIFIER from dotted text (X.690 §8.19): first two arcs as 40·a + b, then base-128 arcs. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new RangeError(`bad OID arc in ${dotted}`);
    return BigInt(s);
  });
  const [a, b, ...rest] = arcs;
  if (a === undefined || b === undefined || a > 2n) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const groups: number[] = [];
    let n = arc;
    do {
      groups.unshift(Number(n & 0x7fn));
      n >>= 7n;
    } while (n > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i] = (groups[i] ?? 0) | 0x80;
    out.push(...groups);
  }
  return encodeTlv(TAG.oid, Uint8Array.from(out));
}

/** A BIT STRING of whole bytes, or with `unusedBits` trailing bits unused (named-bit lists like keyUsage). */
export function derBitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return encodeTlv(TAG.bitString, concatBytes(Uint8Array.of(unusedBits), bytes));
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return encodeTlv(TAG.octetString, bytes);
}

export function derUtf8String(text: string): Uint8Array {
  return encodeTlv(TAG.utf8String, new TextEncoder().encode(text));
}

export function derPrintableString(text: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new RangeError('not a PrintableString');
  return encodeTlv(TAG.printableString, new TextEncoder().encode(text));
}

/** Validity time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` for 1950–2049, GeneralizedTime otherwise. */
export function derTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const pad = (n: number) => String(n).padStart(2, '0');
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return encodeTlv(TAG.utcTime, new TextEncoder().encode(`${pad(year % 100)}${rest}`));
  return encodeTlv(TAG.generalizedTime, new TextEncoder().encode(`${String(year).padStart(4, '0')}${rest}`));
}

/** `[n] EXPLICIT` context-specific constructed wrapper. */
export function derExplicit(tagNumber: number, content: Uint8Array): Uint8Array {
  return encodeTlv(0xa0 | tagNumber, content);
}

/** `[n] IMPLICIT` context-specific primitive value. */
export function derImplicitPrimitive(tagNumber: number, content: Uint8Array): Uint8Array {
  return encodeTlv(0x80 | tagNumber, content);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}
