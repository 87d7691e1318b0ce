import { describe, expect, it } from 'vitest';
import { BasicFourInfo, CARD_ERROR_CODES, CARD_ERROR_MESSAGES, CardErrorInfo, CardReader, PIN_PATTERN, PinRetries, Sha256Digest, cardErrorMessage, cardResultSchema } from './card.ts';

describe('card protocol schemas', () => {
  it('accepts exactly four ASCII digits as a PIN', () => {
    expect(['0000', '1234'].every((p) => PIN_PATTERN.test(p))).toBe(true);
    expect(['123', '12345', '１２３４', '12a4', '1234\n'].some((p) => PIN_PATTERN.test(p))).toBe(false);
  });

  it('checks digests, readers, retries and basic info', () => {
    expect(Sha256Digest.safeParse(new Uint8Array(32)).success).toBe(true);
    expect(Sha256Digest.safeParse(new Uint8Array(31)).success).toBe(false);
    expect(Sha256Digest.safeParse(Array.from({ length: 32 }, () => 0)).success).toBe(false);
    expect(CardReader.safeParse({ id: 'bridge:1', name: 'RC-S300', kind: 'bridge', cardPresent: null }).success).toBe(true);
    expect(CardReader.safeParse({ id: '', name: 'x', kind: 'virtual', cardPresent: true }).success).toBe(false);
    expect(PinRetries.safeParse({ app: 'jpki', triesLeft: 16, blocked: false }).success).toBe(false);
    const info = { name: '見本 花子', address: '東京都', birthDate: '1948-04-01', sex: 'female' };
    expect(BasicFourInfo.safeParse(info).success).toBe(true);
    expect(BasicFourInfo.safeParse({ ...info, birthDate: '1948-02-30' }).success).toBe(false);
    expect(BasicFourInfo.safeParse({ ...info, sex: 'unknown' }).success).toBe(false);
  });

  it('has a Japanese and an English message for every error code', () => {
    for (const code of CARD_ERROR_CODES) {
      expect(CARD_ERROR_MESSAGES[code].ja.length).toBeGreaterThan(0);
      expect(CARD_ERROR_MESSAGES[code].en.length).toBeGreaterThan(0);
    }
  });

  it('adds the tries left to the wrong-PIN message only', () => {
    expect(cardErrorMessage('wrongPin', 2)).toEqual({ ja: '暗証番号が違います。残り2回です。', en: 'The PIN is wrong. 2 tries left.' });
    expect(cardErrorMessage('wrongPin', 1).en).toBe('The PIN is wrong. 1 try left.');
    expect(cardErrorMessage('pinBlocked', 0)).toBe(CARD_ERROR_MESSAGES.pinBlocked);
  });

  it('validates results on the app side', () => {
    const schema = cardResultSchema(PinRetries);
    expect(schema.safeParse({ ok: true, value: { app: 'cardInfo', triesLeft: 3, blocked: false } }).success).toBe(true);
    const error = { code: 'wrongPin', messageJa: 'x', messageEn: 'x', triesLeft: 2, statusWord: '63C2' };
    expect(schema.safeParse({ ok: false, error }).success).toBe(true);
    expect(CardErrorInfo.safeParse({ ...error, code: 'somethingElse' }).success).toBe(false);
    expect(CardErrorInfo.safeParse({ ...error, statusWord: '63c2' }).success).toBe(false);
    expect(schema.safeParse({ ok: true, value: { app: 'visual', triesLeft: 3, blocked: false } }).success).toBe(false);
  });
});
