import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../apdu/hex.ts';
import { decodePort100Frame, encodePort100Command, encodePort100Frame, encodePort100Response, Port100FrameError, PORT100_ACK } from './port100-frame.ts';

function errorCode(bytes: Uint8Array): string {
  try {
    decodePort100Frame(bytes);
  } catch (error) {
    if (error instanceof Port100FrameError) return error.code;
    throw error;
  }
  return 'decoded';
}

describe('Port-100 frame encoding (worked examples)', () => {
  it('SetCommandType(1): length 3 → LCS FD; D6+2A+01 = 0x101 → DCS FF', () => {
    expect(bytesToHex(encodePort100Command(0x2a, Uint8Array.of(0x01)))).toBe('0000FFFFFF0300FDD62A01FF00');
  });

  it('SwitchRF(off): D6+06+00 = 0xDC → DCS 24', () => {
    expect(bytesToHex(encodePort100Command(0x06, Uint8Array.of(0x00)))).toBe('0000FFFFFF0300FDD6060024' + '00');
  });

  it('InSetRF 106 kbps Type B (03 07 0F 07): length 6 → LCS FA; sum 0xF6 → DCS 0A', () => {
    expect(bytesToHex(encodePort100Command(0x00, hexToBytes('03070F07')))).toBe('0000FFFFFF0600FAD60003070F070A00');
  });

  it('InCommRF REQB with a 30 ms timeout (300 × 0.1 ms = 2C 01): sum 0x11C → DCS E4', () => {
    expect(bytesToHex(encodePort100Command(0x04, hexToBytes('2C01050010')))).toBe('0000FFFFFF0700F9D6042C01050010E400');
  });

  it('a command without data: GetFirmwareVersion (D6 20): sum 0xF6 → DCS 0A', () => {
    expect(bytesToHex(encodePort100Command(0x20))).toBe('0000FFFFFF0200FED6200A00');
  });

  it('response to SetCommandType: D7 2B 00 → DCS FE', () => {
    expect(bytesToHex(encodePort100Response(0x2b, Uint8Array.of(0x00)))).toBe('0000FFFFFF0300FDD72B00FE00');
  });

  it('a 300-byte body puts the high length byte to use: 0x012E → 2E 01, LCS D1', () => {
    const frame = encodePort100Command(0x04, new Uint8Array(300));
    expect(bytesToHex(frame.subarray(0, 8))).toBe('0000FFFFFF2E01D1');
    expect(frame.length).toBe(8 + 302 + 2);
  });
});

describe('Port-100 frame decoding', () => {
  it('decodes the ACK frame', () => {
    expect(decodePort100Frame(hexToBytes('0000FF00FF00'))).toEqual({ kind: 'ack' });
    expect(bytesToHex(PORT100_ACK)).toBe('0000FF00FF00');
  });

  it('decodes a response frame into TFI, code and data', () => {
    expect(decodePort100Frame(hexToBytes('0000FFFFFF0300FDD72B00FE00'))).toEqual({ kind: 'data', tfi: 0xd7, code: 0x2b, data: Uint8Array.of(0x00) });
  });

  it('decodes what it encodes', () => {
    const data = hexToBytes('0000000000 50 11223344');
    expect(decodePort100Frame(encodePort100Response(0x05, data))).toEqual({ kind: 'data', tfi: 0xd7, code: 0x05, data });
  });

  it('rejects each kind of damage with its own code', () => {
    expect(errorCode(hexToBytes('0000FF'))).toBe('frameTooShort');
    expect(errorCode(hexToBytes('0100FFFFFF0300FDD72B00FE00'))).toBe('framePreamble');
    expect(errorCode(hexToBytes('0000FF03FDD72B00FE00'))).toBe('frameNotExtended');
    expect(errorCode(hexToBytes('0000FFFFFF0300FCD72B00FE00'))).toBe('frameLengthChecksum');
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD72B00FF00'))).toBe('frameDataChecksum');
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD72B01FE00'))).toBe('frameDataChecksum');
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD72B00FE'))).toBe('frameTruncated');
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD72B00FE0000'))).toBe('frameTrailingBytes');
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD72B00FE01'))).toBe('framePostamble');
    expect(errorCode(hexToBytes('0000FF00FF01'))).toBe('framePostamble');
    expect(errorCode(hexToBytes('0000FF00FF0000'))).toBe('frameTrailingBytes');
    // D5 is a PN53x frame identifier, not Port-100: D5+2B+00 = 0x100 → DCS 00.
    expect(errorCode(hexToBytes('0000FFFFFF0300FDD52B000000'))).toBe('frameIdentifier');
    // Length 1 (TFI only): LCS FF.
    expect(errorCode(hexToBytes('0000FFFFFF0100FFD72900'))).toBe('frameTooShort');
  });

  it('carries a Japanese and an English message', () => {
    const error = new Port100FrameError('frameDataChecksum');
    expect(error.messageJa).toBe('カードリーダーの応答の検査値が一致しません。');
    expect(error.message).toContain('checksum');
  });

  it('never crashes or hangs on arbitrary bytes: a frame or a Port100FrameError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          const frame = decodePort100Frame(bytes);
          if (frame.kind === 'data') expect(bytesToHex(encodePort100Frame(frame.tfi, frame.code, frame.data))).toBe(bytesToHex(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(Port100FrameError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes every corruption of a valid frame to an error or to a different well-formed frame, never throws otherwise', () => {
    const valid = encodePort100Response(0x05, hexToBytes('00000000005011223344'));
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const damaged = valid.slice();
        damaged[index] = ((damaged[index] ?? 0) + delta) & 0xff;
        // One changed byte always breaks a checksum, the preamble, the postamble or the frame kind.
        expect(() => decodePort100Frame(damaged)).toThrow(Port100FrameError);
      }),
    );
  });

  it('accepts valid frames of any body (round trip)', () => {
    fc.assert(
      fc.property(fc.constantFrom(0xd6, 0xd7), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 400 }), (tfi, code, data) => {
        expect(decodePort100Frame(encodePort100Frame(tfi, code, data))).toEqual({ kind: 'data', tfi, code, data });
      }),
    );
  });
});
