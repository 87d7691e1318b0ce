import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derExplicit, derInteger, derNull, derOid, derSequence, derTime } from '../../../workers/transports/virtual-card-der.ts';
import { testCardKeys } from '../../../workers/transports/virtual-card-fixture.ts';
import {
  availabilityLines,
  certificateExpiry,
  certificateReadMessage,
  EMPTY_PIN_PAD,
  maskedPin,
  pinComplete,
  pinPadReducer,
  progressView,
  retriesMessage,
  type PinPadAction,
} from './reader-view.ts';

/** A certificate skeleton: only what certificateExpiry walks (version, serial, algorithm, issuer, validity). */
function certificateWith(notBefore: Uint8Array, notAfter: Uint8Array, withVersion = true): Uint8Array {
  const tbs = derSequence(
    ...(withVersion ? [derExplicit(0, derInteger(2n))] : []),
    derInteger(7n),
    derSequence(derOid('1.2.840.113549.1.1.11'), derNull()),
    derSequence(),
    derSequence(notBefore, notAfter),
    derSequence(),
  );
  return derSequence(tbs, derSequence(derOid('1.2.840.113549.1.1.11'), derNull()), new Uint8Array([0x03, 0x01, 0x00]));
}

describe('certificate expiry', () => {
  it('reads notAfter as the date in Japan: 2031-11-24 15:00 UTC is already the 25th in Tokyo', () => {
    const der = certificateWith(derTime(new Date('2026-11-25T00:00:00Z')), derTime(new Date('2031-11-24T15:00:00Z')));
    expect(certificateExpiry(der)).toBe('2031-11-25');
    const earlier = certificateWith(derTime(new Date('2026-11-25T00:00:00Z')), derTime(new Date('2031-11-24T14:59:59Z')), false);
    expect(certificateExpiry(earlier)).toBe('2031-11-24');
  });

  it('reads GeneralizedTime (years from 2050)', () => {
    const der = certificateWith(derTime(new Date('2026-11-25T00:00:00Z')), derTime(new Date('2050-03-31T14:59:59Z')));
    expect(certificateExpiry(der)).toBe('2050-03-31');
  });

  it('agrees with Node’s X.509 parser on the virtual card’s certificate', async () => {
    const { authCertificate } = await testCardKeys();
    const validTo = new Date(new X509Certificate(authCertificate).validTo);
    const tokyo = new Date(validTo.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    expect(certificateExpiry(authCertificate)).toBe(tokyo);
  });

  it('answers null for bytes that are not a certificate', () => {
    expect(certificateExpiry(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]))).toBeNull();
    expect(certificateExpiry(new Uint8Array([0x04, 0x00]))).toBeNull();
    expect(certificateExpiry(new Uint8Array([0x30, 0x82]))).toBeNull();
  });

  it('says the expiry in 和暦 and 西暦', () => {
    expect(certificateReadMessage('2031-11-25').ja).toBe('カードを読み取れました: 利用者証明用電子証明書の有効期限 令和13年11月25日（2031年11月25日）');
    expect(certificateReadMessage('2031-11-25').en).toBe('The card was read: the user-authentication certificate expires on 2031-11-25.');
  });
});

describe('retries and availability', () => {
  it('shows the tries left, warns at one, and says blocked at none', () => {
    expect(retriesMessage({ app: 'jpki', triesLeft: 3, blocked: false })).toEqual({
      level: 'normal',
      text: { ja: '利用者証明用の暗証番号（4桁）の残り回数: 3回', en: 'Tries left for the 4-digit authentication PIN: 3' },
    });
    expect(retriesMessage({ app: 'jpki', triesLeft: 1, blocked: false }).level).toBe('warning');
    const blocked = retriesMessage({ app: 'jpki', triesLeft: 0, blocked: true });
    expect([blocked.level, blocked.text.ja]).toEqual(['blocked', '暗証番号がロックされています。お住まいの市区町村の窓口で解除の手続きが必要です。']);
  });

  it('says Web NFC cannot read the card, iOS has no USB, and offers WebUSB only where it exists', () => {
    const desktop = availabilityLines({ webUsb: true, webNfc: false, ios: false });
    expect(desktop.map((l) => [l.id, l.state])).toEqual([
      ['webNfc', 'unavailable'],
      ['ios', 'info'],
      ['ccid', 'info'],
      ['webUsb', 'available'],
    ]);
    const ipad = availabilityLines({ webUsb: false, webNfc: false, ios: true });
    expect(ipad.map((l) => [l.id, l.state])).toEqual([
      ['webNfc', 'unavailable'],
      ['ios', 'unavailable'],
      ['ccid', 'info'],
      ['webUsb', 'unavailable'],
    ]);
  });
});

describe('PIN pad', () => {
  const run = (actions: PinPadAction[]) => actions.reduce(pinPadReducer, EMPTY_PIN_PAD);
  const digits = (text: string): PinPadAction[] => [...text].map((digit) => ({ type: 'digit', digit }));

  it('takes four digits at most and masks them', () => {
    const state = run(digits('123456'));
    expect(state.digits).toBe('1234');
    expect(maskedPin(state)).toBe('●●●●');
    expect(pinComplete(state)).toBe(true);
    expect(maskedPin(run(digits('12')))).toBe('●●○○');
  });

  it('訂正 removes the last digit, クリア empties it; other keys are ignored', () => {
    expect(run([...digits('123'), { type: 'backspace' }, ...digits('9')]).digits).toBe('129');
    expect(run([...digits('12'), { type: 'clear' }]).digits).toBe('');
    expect(run([{ type: 'backspace' }]).digits).toBe('');
    expect(run([{ type: 'digit', digit: 'a' }, { type: 'digit', digit: '12' }]).digits).toBe('');
    expect(pinComplete(run(digits('123')))).toBe(false);
  });
});

describe('progress', () => {
  it('shows the step and the share of APDUs done, unknown before the first estimate', () => {
    expect(progressView({ readerId: 'virtual:demo', step: 'connecting', apdusDone: 0, apdusTotal: 0 })).toEqual({
      text: { ja: 'カードリーダーに接続しています', en: 'Connecting to the reader' },
      fraction: null,
    });
    expect(progressView({ readerId: 'virtual:demo', step: 'readingAuthCertificate', apdusDone: 3, apdusTotal: 12 }).fraction).toBe(0.25);
  });
});
