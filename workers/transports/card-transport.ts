/**
 * The contract every way of reaching a card implements (virtual card in-process, the bridge over a loopback
 * WebSocket, WebUSB readers). A provider lists its readers and opens a connection to one; a connection
 * carries raw APDUs. Transports report failures as `CardError` (`cardRemoved`, `noCard`, `timeout`,
 * `cancelled`, `transportError`); anything else thrown is reported as `transportError`.
 */
import type { CardReader, CardReaderKind } from '../../src/protocol/card.ts';

export interface CardTransport {
  /** Sends one command APDU and resolves with the response APDU (data + SW1 SW2). */
  transmit(apdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
}

/** An open connection to the card on one reader (a PC/SC "card handle"). */
export interface CardConnection extends CardTransport {
  /** Ends the connection; must not throw. */
  close(): Promise<void>;
}

export interface CardTransportProvider {
  readonly kind: CardReaderKind;
  listReaders(): Promise<CardReader[]>;
  /** Opens the card on `readerId` (one of this provider's readers); rejects with `noCard` when none is there. */
  connect(readerId: string, signal: AbortSignal): Promise<CardConnection>;
}
