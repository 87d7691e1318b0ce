/**
 * PIN handling shared by both apps: format check before anything is sent, the retry counter query, and the
 * VERIFY itself. The retry counter is read before every VERIFY and the last try is refused unless the
 * caller confirms it: a blocked auth PIN means a trip to the municipal office.
 */
import { exchangeApdu } from '../apdu/apdu-exchange.ts';
import { CardError } from '../apdu/card-error.ts';
import { statusError } from '../apdu/status-words.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import { PIN_PATTERN, type CardApp, type PinRetries } from '../../src/protocol/card.ts';
import { PIN_FILE } from './card-layout.ts';
import type { CardOperationContext } from './card-operation-context.ts';
import { selectApp, selectEf } from './select.ts';

/** The PIN as VERIFY data (ASCII digits). Throws `invalidPin` without echoing what was typed. */
export function encodePin(pin: string): Uint8Array {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) throw new CardError('invalidPin');
  return Uint8Array.from(pin, (ch) => ch.charCodeAt(0));
}

/** `00 20 00 80` without data on the selected PIN EF: `63Cx` = x tries left, `6983`/`6984` = blocked. */
export async function queryRetries(transport: GuardedTransport, app: CardApp, context: CardOperationContext = {}): Promise<PinRetries> {
  context.step?.('readingRetries');
  const response = await exchangeApdu(transport, { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 }, context);
  if (response.sw1 === 0x63 && (response.sw2 & 0xf0) === 0xc0) {
    const triesLeft = response.sw2 & 0x0f;
    return { app, triesLeft, blocked: triesLeft === 0 };
  }
  if (response.sw === 0x6983 || response.sw === 0x6984) return { app, triesLeft: 0, blocked: true };
  // 9000 would mean "already verified": impossible right after selecting the app, so treat it as an error.
  throw statusError(response.sw) ?? new CardError('unexpectedStatus', { statusWord: response.sw, reason: 'retries query' });
}

/** Selects `app` and its PIN EF, then reads the tries left. 3 APDUs. */
export async function readPinRetries(transport: GuardedTransport, app: CardApp, context: CardOperationContext = {}): Promise<PinRetries> {
  context.expectMore?.(3);
  await selectApp(transport, app, context);
  await selectEf(transport, PIN_FILE[app], context);
  return queryRetries(transport, app, context);
}

export interface VerifyPinOptions {
  confirmLastTry?: boolean;
}

/**
 * Selects `app` and its PIN EF, reads the tries left, and VERIFYs `pin`. 4 APDUs.
 * Errors: `invalidPin` (nothing sent), `pinBlocked`, `lastTryNeedsConfirmation` (one try left and not
 * confirmed; the PIN is not sent), `wrongPin` with `triesLeft`.
 */
export async function verifyPin(
  transport: GuardedTransport,
  app: CardApp,
  pin: string,
  options: VerifyPinOptions = {},
  context: CardOperationContext = {},
): Promise<void> {
  const pinBytes = encodePin(pin);
  try {
    context.expectMore?.(4);
    await selectApp(transport, app, context);
    await selectEf(transport, PIN_FILE[app], context);
    const retries = await queryRetries(transport, app, context);
    if (retries.blocked) throw new CardError('pinBlocked', { triesLeft: 0 });
    if (retries.triesLeft === 1 && options.confirmLastTry !== true) throw new CardError('lastTryNeedsConfirmation', { triesLeft: 1 });
    context.step?.('verifyingPin');
    const response = await exchangeApdu(transport, { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: pinBytes }, context);
    const error = statusError(response.sw);
    if (error) throw error;
  } finally {
    pinBytes.fill(0);
  }
}

/** VERIFY of the JPKI auth PIN (EF 0018). */
export function verifyAuthPin(transport: GuardedTransport, pin: string, options: VerifyPinOptions = {}, context: CardOperationContext = {}): Promise<void> {
  return verifyPin(transport, 'jpki', pin, options, context);
}
