import { describe, expect, it } from 'vitest';
import { bytesEqual, bytesToHex, concatBytes, hex16, hexToBytes, indexOfBytes } from './hex.ts';

describe('hex helpers', () => {
  it('writes upper-case hex without separators', () => {
    expect(bytesToHex(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c))).toBe('00A4040C');
    expect(bytesToHex(new Uint8Array(0))).toBe('');
  });

  it('reads hex with or without spaces and either case', () => {
    expect([...hexToBytes('00 a4 04 0C')]).toEqual([0x00, 0xa4, 0x04, 0x0c]);
    expect([...hexToBytes('D392F0')]).toEqual([0xd3, 0x92, 0xf0]);
  });

  it('refuses odd or non-hex text', () => {
    expect(() => hexToBytes('ABC')).toThrow(RangeError);
    expect(() => hexToBytes('0G')).toThrow(RangeError);
  });

  it('concatenates, compares and searches', () => {
    const joined = concatBytes(Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3));
    expect([...joined]).toEqual([1, 2, 3]);
    expect(bytesEqual(joined, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(bytesEqual(joined, Uint8Array.of(1, 2))).toBe(false);
    expect(bytesEqual(joined, Uint8Array.of(1, 2, 4))).toBe(false);
    expect(indexOfBytes(Uint8Array.of(9, 1, 2, 3), Uint8Array.of(2, 3))).toBe(2);
    expect(indexOfBytes(Uint8Array.of(9, 1, 2), Uint8Array.of(2, 3))).toBe(-1);
  });

  it('formats 16-bit values as four digits', () => {
    expect(hex16(0x6a82)).toBe('6A82');
    expect(hex16(0x0a)).toBe('000A');
  });
});
