import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../apdu/hex.ts';
import { encodeAttrib, frameSize, frameWaitingTimeMs, parseAtqb, REQB } from './nfc-b.ts';

describe('NFC-B activation values', () => {
  it('REQB is 05 00 10', () => {
    expect(bytesToHex(REQB)).toBe('050010');
  });

  it('reads an ATQB: PUPI, frame size from FSCI, FWI and the ISO/IEC 14443-4 bit', () => {
    // Protocol info 00 | 71 (FSCI 7 = 128 bytes, type 1) | 71 (FWI 7, FO CID).
    expect(parseAtqb(hexToBytes('50 12345678 AABBCCDD 00 71 71'))).toEqual({
      pupi: hexToBytes('12345678'),
      applicationData: hexToBytes('AABBCCDD'),
      fsc: 128,
      fwi: 7,
      isoDep: true,
    });
    // FWI 15 is read as 4; FSCI above 8 as 256; protocol type 0 is not ISO-DEP.
    expect(parseAtqb(hexToBytes('50 12345678 AABBCCDD 00 C0 F0'))).toMatchObject({ fsc: 256, fwi: 4, isoDep: false });
  });

  it('refuses what is not an ATQB', () => {
    expect(parseAtqb(hexToBytes('51 12345678 AABBCCDD 007171'))).toBeNull();
    expect(parseAtqb(hexToBytes('50 12345678 AABBCCDD 0071'))).toBeNull();
  });

  it('builds ATTRIB for a PUPI: FSD 256 at 106 kbit/s, ISO/IEC 14443-4, CID 0', () => {
    expect(bytesToHex(encodeAttrib(hexToBytes('12345678')))).toBe('1D1234567800080100');
  });

  it('computes FWT = 4096/fc × 2^FWI: 0.302 ms for FWI 0, 4949.0 ms (67108864/13560) for FWI 14', () => {
    expect(frameWaitingTimeMs(0)).toBeCloseTo(0.302, 3);
    expect(frameWaitingTimeMs(14)).toBeCloseTo(4949.0, 1);
    expect(frameSize(0)).toBe(16);
    expect(frameSize(5)).toBe(64);
  });
});
