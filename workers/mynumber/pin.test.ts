import { describe, expect, it } from 'vitest';
import { CardError } from '../apdu/card-error.ts';
import { createTestCard, TEST_CARD_HOLDER, wireTestCard } from '../transports/virtual-card-fixture.ts';
import { encodePin, readPinRetries, verifyAuthPin, verifyPin } from './pin.ts';

const SELECT_JPKI = '00A4040C0AD392F000260100000001';
const SELECT_CARD_INFO = '00A4040C0AD3921000310001010408';
const SELECT_AUTH_PIN = '00A4020C020018';
const RETRIES = '00200080';
/** VERIFY as the card's log keeps it: the four PIN bytes blanked to `*`. */
const VERIFY_LOGGED = '00200080042A2A2A2A';

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; triesLeft: number | undefined }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CardError);
  return { code: (error as CardError).code, triesLeft: (error as CardError).triesLeft };
}

describe('encodePin', () => {
  it('encodes four digits as ASCII', () => {
    expect([...encodePin('0429')]).toEqual([0x30, 0x34, 0x32, 0x39]);
  });

  it.each(['123', '12345', '12a4', '', '１２３４', ' 123'])('refuses %j without echoing it', (pin) => {
    try {
      encodePin(pin);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalidPin' });
      if (pin) expect((error as Error).message).not.toContain(pin);
    }
  });
});

describe('readPinRetries', () => {
  it('selects the app and its PIN EF and asks without data (3 APDUs)', async () => {
    const card = await createTestCard({ retries: { auth: 2 } });
    const { transport, log } = wireTestCard(card);
    expect(await readPinRetries(transport, 'jpki')).toEqual({ app: 'jpki', triesLeft: 2, blocked: false });
    expect(log()).toEqual([SELECT_JPKI, SELECT_AUTH_PIN, RETRIES]);
  });

  it('reads the card-info PIN from EF 0011', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    expect(await readPinRetries(transport, 'cardInfo')).toEqual({ app: 'cardInfo', triesLeft: 3, blocked: false });
    expect(log()).toEqual([SELECT_CARD_INFO, '00A4020C020011', RETRIES]);
  });

  it('reports a blocked PIN (6984)', async () => {
    const card = await createTestCard({ retries: { auth: 0 } });
    const { transport, responses } = wireTestCard(card);
    expect(await readPinRetries(transport, 'jpki')).toEqual({ app: 'jpki', triesLeft: 0, blocked: true });
    expect(Buffer.from(responses.at(-1) ?? []).toString('hex')).toBe('6984');
  });
});

describe('verifyPin', () => {
  it('reads the retries before the VERIFY (4 APDUs)', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    expect(log()).toEqual([SELECT_JPKI, SELECT_AUTH_PIN, RETRIES, VERIFY_LOGGED]);
  });

  it('counts down on wrong PINs, then asks for confirmation before the last try, then blocks', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    expect(await codeOf(verifyAuthPin(transport, '0000'))).toEqual({ code: 'wrongPin', triesLeft: 2 });
    expect(await codeOf(verifyAuthPin(transport, '0000'))).toEqual({ code: 'wrongPin', triesLeft: 1 });
    const before = log().length;
    expect(await codeOf(verifyAuthPin(transport, '0000'))).toEqual({ code: 'lastTryNeedsConfirmation', triesLeft: 1 });
    // The last try was not sent: only select, select, retries query.
    expect(log().slice(before)).toEqual([SELECT_JPKI, SELECT_AUTH_PIN, RETRIES]);
    expect(card.triesLeft('jpki')).toBe(1);
    expect(await codeOf(verifyAuthPin(transport, '0000', { confirmLastTry: true }))).toEqual({ code: 'pinBlocked', triesLeft: 0 });
    expect(card.triesLeft('jpki')).toBe(0);
    const afterBlock = log().length;
    expect(await codeOf(verifyAuthPin(transport, TEST_CARD_HOLDER.authPin, { confirmLastTry: true }))).toEqual({ code: 'pinBlocked', triesLeft: 0 });
    expect(log().slice(afterBlock)).toEqual([SELECT_JPKI, SELECT_AUTH_PIN, RETRIES]);
  });

  it('makes the confirmed last try with the right PIN, which restores the counter', async () => {
    const card = await createTestCard({ retries: { auth: 1 } });
    const { transport } = wireTestCard(card);
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin, { confirmLastTry: true });
    expect(card.triesLeft('jpki')).toBe(3);
  });

  it('sends nothing for a malformed PIN', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    expect(await codeOf(verifyPin(transport, 'cardInfo', '12a4'))).toEqual({ code: 'invalidPin', triesLeft: undefined });
    expect(log()).toEqual([]);
  });

  it('keeps the two PINs apart', async () => {
    const card = await createTestCard();
    const { transport } = wireTestCard(card);
    expect(await codeOf(verifyPin(transport, 'cardInfo', TEST_CARD_HOLDER.authPin))).toEqual({ code: 'wrongPin', triesLeft: 2 });
    expect(card.triesLeft('jpki')).toBe(3);
    await verifyPin(transport, 'cardInfo', TEST_CARD_HOLDER.cardInfoPin);
    expect(card.triesLeft('cardInfo')).toBe(3);
  });

  it('reports a card without the app as unsupported', async () => {
    const { transport } = wireTestCard({ transmit: () => Uint8Array.of(0x6a, 0x82), apduLog: [], triesLeft: () => 0, reset: () => undefined });
    expect(await codeOf(verifyAuthPin(transport, '1234'))).toEqual({ code: 'unsupportedCard', triesLeft: undefined });
  });
});
