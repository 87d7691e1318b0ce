import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from '../apdu/card-error.ts';
import { hexToBytes, indexOfBytes } from '../apdu/hex.ts';
import { encodeConstructedTlv, encodeTlv } from '../apdu/tlv-encoder.ts';
import { encodeBasicFourInfoFile, INDIVIDUAL_NUMBER_CANARY } from '../transports/virtual-card.ts';
import { createTestCard, TEST_CARD_HOLDER, wireTestCard } from '../transports/virtual-card-fixture.ts';
import { decodeBasicFourInfo, readBasicFourInfo } from './basic-four-info.ts';

// FF20 { DF21 header, DF22 "見本 花子", DF23 "東京都", DF24 "19480401", DF25 "2" }, written out byte by byte.
const NAME = 'E8A68BE69CAC20E88AB1E5AD90';
const ADDRESS = 'E69DB1E4BAACE983BD';
const FILE = `FF20 31 DF21 03 000000 DF22 0D ${NAME} DF23 09 ${ADDRESS} DF24 08 3139343830343031 DF25 01 32`;

function file(fields: { name?: string; address?: string; birth?: string; sex?: string; tag?: number }): Uint8Array {
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const parts = [encodeTlv(0xdf21, Uint8Array.of(0, 0, 0))];
  if (fields.name !== undefined) parts.push(encodeTlv(0xdf22, new TextEncoder().encode(fields.name)));
  if (fields.address !== undefined) parts.push(encodeTlv(0xdf23, new TextEncoder().encode(fields.address)));
  if (fields.birth !== undefined) parts.push(encodeTlv(0xdf24, ascii(fields.birth)));
  if (fields.sex !== undefined) parts.push(encodeTlv(0xdf25, ascii(fields.sex)));
  return encodeConstructedTlv(fields.tag ?? 0xff20, ...parts);
}

const complete = { name: '見本 花子', address: '東京都', birth: '19480401', sex: '2' };

function reasonOf(bytes: Uint8Array): string | undefined {
  try {
    decodeBasicFourInfo(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CardError);
    expect((error as CardError).code).toBe('malformedResponse');
    return (error as CardError).reason;
  }
  return undefined;
}

describe('decodeBasicFourInfo', () => {
  it('decodes the worked example', () => {
    expect(decodeBasicFourInfo(hexToBytes(FILE))).toEqual({ name: '見本 花子', address: '東京都', birthDate: '1948-04-01', sex: 'female' });
  });

  it('ignores the EF padding after the object', () => {
    expect(decodeBasicFourInfo(hexToBytes(`${FILE} FFFFFFFF`)).name).toBe('見本 花子');
  });

  it('maps ISO/IEC 5218 codes 1, 2, 9', () => {
    expect(decodeBasicFourInfo(file({ ...complete, sex: '1' })).sex).toBe('male');
    expect(decodeBasicFourInfo(file({ ...complete, sex: '2' })).sex).toBe('female');
    expect(decodeBasicFourInfo(file({ ...complete, sex: '9' })).sex).toBe('notApplicable');
  });

  it('names the missing field without its content', () => {
    expect(reasonOf(file({ ...complete, address: undefined }))).toBe('basicFourInfo: address missing');
    expect(reasonOf(file({ ...complete, name: undefined }))).toBe('basicFourInfo: name missing');
  });

  it('refuses values the schema does not allow', () => {
    expect(reasonOf(file({ ...complete, sex: '0' }))).toBe('basicFourInfo: invalid sex');
    expect(reasonOf(file({ ...complete, birth: '19480431' }))).toBe('basicFourInfo: invalid birthDate');
    expect(reasonOf(file({ ...complete, birth: '1948041' }))).toBe('basicFourInfo: invalid birthDate');
    expect(reasonOf(file({ ...complete, name: '   ' }))).toBe('basicFourInfo: invalid name');
  });

  it('refuses a different container, invalid UTF-8 and broken TLV', () => {
    expect(reasonOf(file({ ...complete, tag: 0xff21 }))).toBe('basicFourInfo: not an FF20 container');
    expect(reasonOf(hexToBytes('FF20 05 DF22 02 C328 '))).toBe('basicFourInfo: name is not UTF-8');
    expect(reasonOf(hexToBytes('FF20 30 DF21'))).toMatch(/^basicFourInfo: valueOverrun/);
  });

  it('throws nothing but malformedResponse on arbitrary bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        reasonOf(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but malformedResponse on mutated valid files (fuzz)', () => {
    const valid = hexToBytes(FILE);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (flips) => {
        const bytes = valid.slice();
        for (const [at, value] of flips) bytes[at] = value;
        const reason = reasonOf(bytes);
        if (reason === undefined) expect(decodeBasicFourInfo(bytes).birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readBasicFourInfo', () => {
  it('verifies the card-info PIN and reads EF 0002 in 7 APDUs, never touching EF 0001', async () => {
    const card = await createTestCard();
    const { transport, log, responses } = wireTestCard(card);
    const info = await readBasicFourInfo(transport, TEST_CARD_HOLDER.cardInfoPin);
    expect(info).toEqual({ name: TEST_CARD_HOLDER.name, address: TEST_CARD_HOLDER.address, birthDate: TEST_CARD_HOLDER.birthDate, sex: 'male' });
    const size = encodeBasicFourInfoFile(info).length;
    expect(log()).toEqual([
      '00A4040C0AD3921000310001010408',
      '00A4020C020011',
      '00200080',
      '00200080042A2A2A2A',
      '00A4020C020002',
      '00B0000007',
      `00B00007${(size - 7).toString(16).padStart(2, '0').toUpperCase()}`,
    ]);
    const canary = new TextEncoder().encode(INDIVIDUAL_NUMBER_CANARY);
    for (const response of responses) expect(indexOfBytes(response, canary)).toBe(-1);
  });

  it('stops at a wrong PIN with the tries left', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    await expect(readBasicFourInfo(transport, TEST_CARD_HOLDER.authPin)).rejects.toMatchObject({ code: 'wrongPin', triesLeft: 2 });
    expect(log()).toHaveLength(4);
  });
});
