import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from './card-error.ts';
import { decodeCommandApdu, encodeCommandApdu } from './command-apdu.ts';
import { bytesToHex, hexToBytes } from './hex.ts';

const hex = (bytes: Uint8Array) => bytesToHex(bytes);

describe('encodeCommandApdu (short APDUs, ISO/IEC 7816-4 §5.1)', () => {
  it('case 1: header only (retries query 00 20 00 80)', () => {
    expect(hex(encodeCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 }))).toBe('00200080');
  });

  it('case 2: header + Le, with Le 256 written as 00', () => {
    expect(hex(encodeCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }))).toBe('00B0000004');
    expect(hex(encodeCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x04, le: 256 }))).toBe('00B0010400');
  });

  it('case 3: SELECT JPKI by AID', () => {
    const apdu = encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: hexToBytes('D392F000260100000001') });
    expect(hex(apdu)).toBe('00A4040C0AD392F000260100000001');
  });

  it('case 3: SELECT EF 000A and VERIFY with an ASCII PIN', () => {
    expect(hex(encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(0x00, 0x0a) }))).toBe('00A4020C02000A');
    expect(hex(encodeCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: Uint8Array.of(0x31, 0x32, 0x33, 0x34) }))).toBe('002000800431323334');
  });

  it('case 4: data + Le (COMPUTE DIGITAL SIGNATURE shape)', () => {
    expect(hex(encodeCommandApdu({ cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80, data: Uint8Array.of(0xaa, 0xbb), le: 256 }))).toBe('802A008002AABB00');
  });

  it('treats empty data as no data', () => {
    expect(hex(encodeCommandApdu({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: new Uint8Array(0) }))).toBe('00200080');
  });

  it('refuses values a short APDU cannot carry', () => {
    expect(() => encodeCommandApdu({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(CardError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: -1, p2: 0 })).toThrow(CardError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(CardError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 257 })).toThrow(CardError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) })).toThrow(/255 bytes/);
  });
});

describe('decodeCommandApdu', () => {
  it('recognises the four cases', () => {
    expect(decodeCommandApdu(hexToBytes('00200080'))).toMatchObject({ ok: true, value: { apduCase: 1, le: undefined } });
    expect(decodeCommandApdu(hexToBytes('00B0000000'))).toMatchObject({ ok: true, value: { apduCase: 2, le: 256 } });
    expect(decodeCommandApdu(hexToBytes('00B0000010'))).toMatchObject({ ok: true, value: { apduCase: 2, le: 16 } });
    const case3 = decodeCommandApdu(hexToBytes('00A4020C02000A'));
    expect(case3.ok && [case3.value.apduCase, hex(case3.value.data)]).toEqual([3, '000A']);
    const case4 = decodeCommandApdu(hexToBytes('802A008002AABB00'));
    expect(case4.ok && [case4.value.apduCase, hex(case4.value.data), case4.value.le]).toEqual([4, 'AABB', 256]);
  });

  it('refuses short, extended and inconsistent encodings', () => {
    expect(decodeCommandApdu(hexToBytes('00A404'))).toEqual({ ok: false, reason: 'shorter than a header' });
    expect(decodeCommandApdu(hexToBytes('00A4040C000002AABB'))).toEqual({ ok: false, reason: 'extended length is not used' });
    expect(decodeCommandApdu(hexToBytes('00A4040C03AABB'))).toEqual({ ok: false, reason: 'length does not match Lc' });
    expect(decodeCommandApdu(hexToBytes('00A4040C01AABBCC'))).toEqual({ ok: false, reason: 'length does not match Lc' });
  });

  it('inverts encode for every valid command (property)', () => {
    const command = fc.record({
      cla: fc.integer({ min: 0, max: 255 }),
      ins: fc.integer({ min: 0, max: 255 }),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
      le: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(command, (c) => {
        const decoded = decodeCommandApdu(encodeCommandApdu(c));
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(decoded.value).toMatchObject({ cla: c.cla, ins: c.ins, p1: c.p1, p2: c.p2, le: c.le });
        expect([...decoded.value.data]).toEqual([...(c.data ?? [])]);
      }),
    );
  });

  it('never throws on arbitrary bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = decodeCommandApdu(bytes);
        if (result.ok) expect(result.value.data.length).toBeLessThanOrEqual(255);
      }),
      { numRuns: 2000 },
    );
  });
});
