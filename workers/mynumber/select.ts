/** SELECT of an application by AID and of an EF by FID, P2 = 0C (no FCI returned). */
import { exchangeApdu } from '../apdu/apdu-exchange.ts';
import { CardError } from '../apdu/card-error.ts';
import { requireOk } from '../apdu/status-words.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import type { CardApp } from '../../src/protocol/card.ts';
import { CARD_INFO_AID, JPKI_AID } from './card-layout.ts';
import type { CardOperationContext } from './card-operation-context.ts';

const AIDS: Record<CardApp, Uint8Array> = { jpki: JPKI_AID, cardInfo: CARD_INFO_AID };

/**
 * `00 A4 04 0C 0A <AID>`. A card without the app is not (or not a usable) My Number card: any failing
 * status word becomes `unsupportedCard`. Identifying the card this way, not by its ATR, is what works on
 * contactless readers, which synthesize ATRs.
 */
export async function selectApp(transport: GuardedTransport, app: CardApp, context: CardOperationContext = {}): Promise<void> {
  context.step?.('selectingApp');
  const response = await exchangeApdu(transport, { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AIDS[app] }, context);
  if (response.sw !== 0x9000) throw new CardError('unsupportedCard', { statusWord: response.sw, reason: `select ${app}` });
}

/** `00 A4 02 0C 02 <FID>` within the selected app. */
export async function selectEf(transport: GuardedTransport, fid: number, context: CardOperationContext = {}): Promise<void> {
  const response = await exchangeApdu(transport, { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) }, context);
  requireOk(response);
}
