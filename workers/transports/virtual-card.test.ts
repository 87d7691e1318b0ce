import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys } from './virtual-card-fixture.ts';
import { INDIVIDUAL_NUMBER_CANARY, myNumberCheckDigit, type VirtualCard } from './virtual-card.ts';

const SELECT_JPKI = '00A4040C0AD392F000260100000001';
const SELECT_CARD_INFO = '00A4040C0AD3921000310001010408';

function send(card: VirtualCard, hex: string): string {
  return bytesToHex(card.transmit(hexToBytes(hex)));
}

const pinHex = (pin: string) => Buffer.from(pin, 'ascii').toString('hex').toUpperCase();

describe('myNumberCheckDigit', () => {
  it('computes the check digit of worked examples', () => {
    // 12345678901: Σ = 212, 212 mod 11 = 3, check digit 11 − 3 = 8.
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    // All zeros: remainder 0 → 0. All nines: Σ = 9·47 = 423, 423 mod 11 = 5 → 6.
    expect(myNumberCheckDigit('00000000000')).toBe(0);
    expect(myNumberCheckDigit('99999999999')).toBe(6);
  });

  it('gives the canary a valid check digit', () => {
    expect(INDIVIDUAL_NUMBER_CANARY).toBe('999999999996');
    expect(() => myNumberCheckDigit('123')).toThrow(RangeError);
  });
});

describe('virtual card', () => {
  it('answers SELECT of its applications and 6A82 for others', async () => {
    const card = await createTestCard();
    expect(send(card, SELECT_JPKI)).toBe('9000');
    expect(send(card, SELECT_CARD_INFO)).toBe('9000');
    expect(send(card, '00A4040C0AD3921000310001010402')).toBe('9000');
    expect(send(card, '00A4040C0AA000000063504B435331')).toBe('6A82');
    expect(send(card, '00A4020C020099')).toBe('6A82');
  });

  it('serves the certificates from EF 000A / 000B, padded after the DER object', async () => {
    const card = await createTestCard();
    const keys = await testCardKeys();
    send(card, SELECT_JPKI);
    send(card, '00A4020C02000A');
    const head = send(card, '00B0000004');
    expect(head).toBe(`${bytesToHex(keys.authCertificate.subarray(0, 4))}9000`);
    const tail = send(card, `00B0${(keys.authCertificate.length).toString(16).padStart(4, '0')}04`);
    expect(tail).toBe('FFFFFFFF9000');
    expect(send(card, '00B0080000')).toBe('6B00');
  });

  it('counts PIN tries, blocks at zero and resets the counter on success', async () => {
    const card = await createTestCard();
    send(card, SELECT_JPKI);
    send(card, '00A4020C020018');
    expect(send(card, '00200080')).toBe('63C3');
    expect(send(card, `0020008004${pinHex('0000')}`)).toBe('63C2');
    expect(send(card, `0020008004${pinHex(TEST_CARD_HOLDER.authPin)}`)).toBe('9000');
    expect(send(card, '00200080')).toBe('63C3');
    for (const left of ['63C2', '63C1', '63C0']) expect(send(card, `0020008004${pinHex('0000')}`)).toBe(left);
    expect(send(card, `0020008004${pinHex(TEST_CARD_HOLDER.authPin)}`)).toBe('6984');
    expect(send(card, '00200080')).toBe('6984');
    expect(card.triesLeft('jpki')).toBe(0);
  });

  it('guards EF 0001 and 0002 of the card-info app with its PIN, forgetting it on re-select', async () => {
    const card = await createTestCard();
    send(card, SELECT_CARD_INFO);
    send(card, '00A4020C020002');
    expect(send(card, '00B0000007')).toBe('6982');
    send(card, '00A4020C020011');
    expect(send(card, `0020008004${pinHex(TEST_CARD_HOLDER.cardInfoPin)}`)).toBe('9000');
    send(card, '00A4020C020002');
    expect(send(card, '00B0000002')).toBe('FF209000');
    // The card itself would hand out the individual number (by select or by short EF id): only the
    // APDU policy stands in the way.
    send(card, '00A4020C020001');
    expect(send(card, '00B0000011')).toBe(`100C${Buffer.from(INDIVIDUAL_NUMBER_CANARY).toString('hex').toUpperCase()}FFFFFF9000`);
    expect(send(card, '00B0810002')).toBe('100C9000');
    send(card, SELECT_CARD_INFO);
    send(card, '00A4020C020002');
    expect(send(card, '00B0000002')).toBe('6982');
  });

  it('signs only with the auth key after the auth PIN', async () => {
    const card = await createTestCard();
    const digestInfo = `3031300D060960864801650304020105000420${'11'.repeat(32)}`;
    send(card, SELECT_JPKI);
    send(card, '00A4020C020017');
    expect(send(card, `802A008033${digestInfo}00`)).toBe('6982');
    expect(send(card, '00B0000000')).toBe('6981');
    send(card, '00A4020C020018');
    send(card, `0020008004${pinHex(TEST_CARD_HOLDER.authPin)}`);
    send(card, '00A4020C020017');
    const answer = send(card, `802A008033${digestInfo}00`);
    expect(answer.length).toBe(2 * 258);
    expect(answer.endsWith('9000')).toBe(true);
    send(card, '00A4020C02001A');
    expect(send(card, `802A008033${digestInfo}00`)).toBe('6982');
  });

  it('answers unknown instructions and classes', async () => {
    const card = await createTestCard();
    expect(send(card, '00CA000000')).toBe('6D00');
    expect(send(card, 'A0A4040C0AD392F000260100000001')).toBe('6E00');
    expect(send(card, '00A4')).toBe('6700');
    expect(send(card, '00C0000000')).toBe('6985');
  });

  it('in T=0 mode answers 6Cxx for a READ BINARY past the end and 61xx for a signature', async () => {
    const card = await createTestCard({ transmission: 'getResponse' });
    send(card, SELECT_JPKI);
    send(card, '00A4020C020006');
    expect(send(card, '00B0001000')).toBe('6C10');
    send(card, '00A4020C020018');
    send(card, `0020008004${pinHex(TEST_CARD_HOLDER.authPin)}`);
    send(card, '00A4020C020017');
    expect(send(card, `802A008033${'3031300D060960864801650304020105000420'}${'22'.repeat(32)}00`)).toBe('6100');
    expect(send(card, '00C0000080').slice(-4)).toBe('6180');
    expect(send(card, '00C0000080').slice(-4)).toBe('9000');
  });

  it('logs every APDU with PIN data blanked', async () => {
    const card = await createTestCard();
    send(card, SELECT_JPKI);
    send(card, '00A4020C020018');
    send(card, `0020008004${pinHex(TEST_CARD_HOLDER.authPin)}`);
    send(card, `0024018004${pinHex('1111')}`);
    expect(card.apduLog.map(bytesToHex)).toEqual([SELECT_JPKI, '00A4020C020018', '00200080042A2A2A2A', '00240180042A2A2A2A']);
  });

  it('holds a certificate chain node:crypto accepts', async () => {
    const keys = await testCardKeys();
    const ca = new X509Certificate(keys.caCertificate);
    const auth = new X509Certificate(keys.authCertificate);
    expect(ca.ca).toBe(true);
    expect(auth.ca).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(auth.verify(ca.publicKey)).toBe(true);
    expect(auth.checkIssued(ca)).toBe(true);
    expect(auth.issuer).toBe(ca.subject);
    expect(auth.subject).toContain('CN=Test card test');
  });
});
