import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BRIDGE_ERROR_CODES,
  BRIDGE_ERROR_MESSAGES,
  BridgeRequest,
  BridgeResults,
  BridgeServerMessage,
  bridgeError,
  toCardErrorCode,
  type BridgeResult,
} from './bridge.ts';

const SESSION = '0123456789abcdef0123456789abcdef';

describe('bridge wire contract', () => {
  it('accepts each request type with its fields', () => {
    const requests = [
      { type: 'pair', id: 1, code: '012345' },
      { type: 'hello', id: 2, token: 'A'.repeat(43) },
      { type: 'listReaders', id: 3 },
      { type: 'readerEvents', id: 4, enabled: true },
      { type: 'connect', id: 5, reader: 'SONY FeliCa RC-S300/P 00 00' },
      { type: 'transmit', id: 6, session: SESSION, apduHex: '00A4040C0AD392F000260100000001' },
      { type: 'disconnect', id: 7, session: SESSION },
    ];
    for (const request of requests) expect(BridgeRequest.parse(request)).toEqual(request);
  });

  it('refuses malformed requests', () => {
    const bad = [
      { type: 'pair', id: 1, code: '12345' },
      { type: 'pair', id: 1, code: '１２３４５６' },
      { type: 'pair', id: 0, code: '123456' },
      { type: 'pair', id: 1.5, code: '123456' },
      { type: 'hello', id: 1, token: 'A'.repeat(42) },
      { type: 'listReaders', id: 1, extra: true },
      { type: 'connect', id: 1, reader: '' },
      { type: 'transmit', id: 1, session: SESSION, apduHex: '00A404' },
      { type: 'transmit', id: 1, session: SESSION, apduHex: '00A4040' },
      { type: 'transmit', id: 1, session: SESSION, apduHex: '00'.repeat(262) },
      { type: 'transmit', id: 1, session: SESSION.toUpperCase(), apduHex: '00A4040C' },
      { type: 'transmit', id: 1, session: SESSION, apduHex: '00 A4 04 0C' },
      { type: 'format', id: 1 },
    ];
    for (const request of bad) expect(BridgeRequest.safeParse(request).success, JSON.stringify(request)).toBe(false);
  });

  it('validates what the bridge sends', () => {
    expect(BridgeServerMessage.safeParse({ type: 'response', id: 6, ok: true, result: { responseHex: '9000' } }).success).toBe(true);
    expect(BridgeServerMessage.safeParse({ type: 'response', id: null, ok: false, error: bridgeError('invalidMessage') }).success).toBe(true);
    expect(BridgeServerMessage.safeParse({ type: 'response', id: null, ok: true, result: {} }).success).toBe(false);
    expect(BridgeServerMessage.safeParse({ type: 'readerEvent', event: 'cardInserted', reader: 'R 00 00' }).success).toBe(true);
    expect(BridgeServerMessage.safeParse({ type: 'sessionEnded', session: SESSION, reason: 'cardRemoved' }).success).toBe(true);
    expect(BridgeResults.transmit.safeParse({ responseHex: '9000' }).success).toBe(true);
    expect(BridgeResults.transmit.safeParse({ responseHex: '90' }).success).toBe(false);
    expect(BridgeResults.transmit.safeParse({ responseHex: '6a82' }).success).toBe(false);
    expectTypeOf<BridgeResult<'connect'>>().toEqualTypeOf<{ session: string }>();
  });

  it('has Japanese and English messages for every error and maps them onto card errors', () => {
    for (const code of BRIDGE_ERROR_CODES) {
      expect(BRIDGE_ERROR_MESSAGES[code].ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(BRIDGE_ERROR_MESSAGES[code].en.length).toBeGreaterThan(0);
    }
    expect(bridgeError('wrongPairingCode', { attemptsLeft: 2 })).toEqual({ code: 'wrongPairingCode', messageJa: 'ペアリングコードが違います。', messageEn: 'The pairing code is wrong.', attemptsLeft: 2 });
    expect(toCardErrorCode('apduForbidden')).toBe('apduForbidden');
    expect(toCardErrorCode('sessionNotFound')).toBe('cardRemoved');
    expect(toCardErrorCode('notPaired')).toBe('transportError');
  });
});
