import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../apdu/hex.ts';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derInteger,
  derNull,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from './virtual-card-der.ts';

describe('DER writer (X.690 worked examples)', () => {
  it('writes minimal non-negative INTEGERs', () => {
    expect(bytesToHex(derInteger(0n))).toBe('020100');
    expect(bytesToHex(derInteger(127n))).toBe('02017F');
    expect(bytesToHex(derInteger(128n))).toBe('02020080');
    expect(bytesToHex(derInteger(256n))).toBe('02020100');
    expect(bytesToHex(derInteger(Uint8Array.of(0, 0, 0x01)))).toBe('020101');
    expect(bytesToHex(derInteger(Uint8Array.of(0xff)))).toBe('020200FF');
    expect(() => derInteger(-1n)).toThrow(RangeError);
  });

  it('writes OIDs with base-128 arcs', () => {
    expect(bytesToHex(derOid('1.2.840.113549.1.1.11'))).toBe('06092A864886F70D01010B');
    expect(bytesToHex(derOid('2.5.4.3'))).toBe('0603550403');
    expect(bytesToHex(derOid('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(() => derOid('3.1')).toThrow(RangeError);
    expect(() => derOid('1.x')).toThrow(RangeError);
  });

  it('writes the small universal types', () => {
    expect(bytesToHex(derNull())).toBe('0500');
    expect(bytesToHex(derBoolean(true))).toBe('0101FF');
    expect(bytesToHex(derBoolean(false))).toBe('010100');
    expect(bytesToHex(derBitString(Uint8Array.of(0x80), 7))).toBe('03020780');
    expect(bytesToHex(derUtf8String('試'))).toBe('0C03E8A9A6');
    expect(bytesToHex(derPrintableString('JP'))).toBe('13024A50');
    expect(() => derPrintableString('J@P')).toThrow(RangeError);
  });

  it('writes times as UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(bytesToHex(derTime(new Date('2026-11-25T07:05:09Z')))).toBe(`170D${Buffer.from('261125070509Z').toString('hex').toUpperCase()}`);
    expect(bytesToHex(derTime(new Date('2050-01-01T00:00:00Z')))).toBe(`180F${Buffer.from('20500101000000Z').toString('hex').toUpperCase()}`);
  });

  it('wraps sequences, sorted sets and explicit tags', () => {
    expect(bytesToHex(derSequence(derNull(), derInteger(1n)))).toBe('30050500020101');
    expect(bytesToHex(derSet(derInteger(2n), derInteger(1n)))).toBe('3106020101020102');
    expect(bytesToHex(derExplicit(0, derInteger(2n)))).toBe('A003020102');
    expect(bytesToHex(derSequence(new Uint8Array(200)).subarray(0, 3))).toBe('3081C8');
  });
});
