import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from './card-error.ts';
import { hexToBytes } from './hex.ts';
import { decodeResponseApdu, encodeResponseApdu } from './response-apdu.ts';
import { requireOk, statusError } from './status-words.ts';

describe('decodeResponseApdu', () => {
  it('splits data from SW1 SW2', () => {
    const r = decodeResponseApdu(hexToBytes('30820384 9000'));
    expect([...r.data]).toEqual([0x30, 0x82, 0x03, 0x84]);
    expect([r.sw1, r.sw2, r.sw]).toEqual([0x90, 0x00, 0x9000]);
  });

  it('accepts a status-only answer', () => {
    const r = decodeResponseApdu(hexToBytes('63C2'));
    expect(r.data.length).toBe(0);
    expect(r.sw).toBe(0x63c2);
  });

  it('refuses an answer without a status word', () => {
    expect(() => decodeResponseApdu(Uint8Array.of(0x90))).toThrow(CardError);
    expect(() => decodeResponseApdu(new Uint8Array(0))).toThrow(/malformedResponse/);
  });

  it('round-trips with encodeResponseApdu', () => {
    const bytes = encodeResponseApdu(Uint8Array.of(1, 2, 3), 0x6282);
    expect([...bytes]).toEqual([1, 2, 3, 0x62, 0x82]);
    expect(decodeResponseApdu(bytes).sw).toBe(0x6282);
  });

  it('throws nothing but CardError on arbitrary bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          const r = decodeResponseApdu(bytes);
          expect(r.data.length).toBe(bytes.length - 2);
          expect(r.sw).toBe(((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0));
        } catch (error) {
          expect(error).toBeInstanceOf(CardError);
          expect(bytes.length).toBeLessThan(2);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('statusError', () => {
  it('is null for 9000', () => {
    expect(statusError(0x9000)).toBeNull();
    expect(() => requireOk({ sw: 0x9000 })).not.toThrow();
  });

  it('reads tries left from 63Cx', () => {
    expect(statusError(0x63c2)).toMatchObject({ code: 'wrongPin', triesLeft: 2, statusWord: 0x63c2 });
    expect(statusError(0x63c1)).toMatchObject({ code: 'wrongPin', triesLeft: 1 });
  });

  it('treats 63C0, 6983 and 6984 as blocked', () => {
    for (const sw of [0x63c0, 0x6983, 0x6984]) expect(statusError(sw)).toMatchObject({ code: 'pinBlocked', triesLeft: 0, statusWord: sw });
  });

  it('maps the other known status words', () => {
    expect(statusError(0x6982)?.code).toBe('securityNotSatisfied');
    expect(statusError(0x6a82)?.code).toBe('fileNotFound');
    expect(statusError(0x6700)?.code).toBe('wrongLength');
    expect(statusError(0x6c10)?.code).toBe('wrongLength');
    expect(statusError(0x6d00)).toMatchObject({ code: 'unexpectedStatus', statusWord: 0x6d00 });
    expect(statusError(0x6110)?.code).toBe('unexpectedStatus');
  });

  it('gives the UI a message with the tries left', () => {
    const info = statusError(0x63c1)?.toInfo();
    expect(info).toEqual({ code: 'wrongPin', messageJa: '暗証番号が違います。残り1回です。', messageEn: 'The PIN is wrong. 1 try left.', triesLeft: 1, statusWord: '63C1' });
    expect(() => requireOk({ sw: 0x6982 })).toThrow(/securityNotSatisfied/);
  });
});
