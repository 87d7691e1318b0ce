/**
 * One logical command exchange with a card, including the two transmission-level repairs of ISO/IEC 7816-3/4
 * that T=0 readers surface:
 * - `6Cxx` "wrong Le, xx is right": resend the same command once with Le = xx;
 * - `61xx` "xx more bytes waiting": GET RESPONSE (`00 C0 00 00 xx`) until the card says 9000 (or an error),
 *   concatenating the data.
 * Both loops are bounded. The encoded command is zeroed after sending (a VERIFY carries a PIN).
 */
import { CardError } from './card-error.ts';
import { encodeCommandApdu, type CommandApdu } from './command-apdu.ts';
import { decodeResponseApdu, type ResponseApdu } from './response-apdu.ts';
import { concatBytes } from './hex.ts';
import type { CardTransport } from '../transports/card-transport.ts';

export interface ExchangeContext {
  signal?: AbortSignal;
  /** Told when the exchange needs more APDUs than the one asked for (progress estimates). */
  expectMore?: (apdus: number) => void;
}

/** 256 GET RESPONSEs of 256 bytes = 64 KiB, far beyond anything the card holds. */
const MAX_GET_RESPONSES = 256;

export async function exchangeApdu(transport: CardTransport, command: CommandApdu, context: ExchangeContext = {}): Promise<ResponseApdu> {
  let response = await send(transport, command, context);
  if (response.sw1 === 0x6c && command.le !== undefined) {
    context.expectMore?.(1);
    response = await send(transport, { ...command, le: response.sw2 === 0 ? 256 : response.sw2 }, context);
  }
  if (response.sw1 !== 0x61) return response;
  const parts: Uint8Array[] = [response.data];
  for (let i = 0; i < MAX_GET_RESPONSES; i++) {
    context.expectMore?.(1);
    const le = response.sw2 === 0 ? 256 : response.sw2;
    response = await send(transport, { cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le }, context);
    parts.push(response.data);
    if (response.sw1 !== 0x61) return { ...response, data: concatBytes(...parts) };
  }
  throw new CardError('malformedResponse', { reason: 'too many GET RESPONSE rounds' });
}

async function send(transport: CardTransport, command: CommandApdu, context: ExchangeContext): Promise<ResponseApdu> {
  if (context.signal?.aborted) throw new CardError('cancelled');
  const bytes = encodeCommandApdu(command);
  try {
    return decodeResponseApdu(await transport.transmit(bytes, context.signal));
  } finally {
    bytes.fill(0);
  }
}
