/**
 * The bridge's view of PC/SC: list readers, watch readers and cards come and go, open a card on one reader
 * and exchange raw APDUs with it. Two implementations: `pcsc-smartcard.ts` (the `smartcard` N-API binding
 * over pcscd / WinSCard) and `fake-pcsc.ts` (in memory, for unit tests). Failures are `PcscError`s with a
 * stable code, so the bridge can answer the app without parsing driver messages.
 */

export interface PcscReaderInfo {
  name: string;
  cardPresent: boolean;
}

export type PcscReaderEvent = { kind: 'readerAdded' | 'readerRemoved' | 'cardInserted' | 'cardRemoved'; reader: string };

/** An open connection to the card on one reader (a PC/SC card handle). */
export interface PcscCardHandle {
  /** Sends one command APDU; resolves with the response APDU (data + SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Releases the card; never throws. */
  disconnect(): Promise<void>;
}

export interface PcscPort {
  listReaders(): Promise<PcscReaderInfo[]>;
  /** Opens the card on `reader` for this process alone (exclusive), so nobody else changes its selection. */
  connect(reader: string): Promise<PcscCardHandle>;
  /** Calls `listener` for every reader or card change until the returned function is called. */
  watch(listener: (event: PcscReaderEvent) => void): () => void;
  /** Stops watching and releases the PC/SC context; open card handles must be disconnected first. */
  close(): Promise<void>;
}

export type PcscErrorCode =
  /** The binding cannot be loaded (not installed, not built, or libpcsclite missing). */
  | 'bindingMissing'
  /** The PC/SC service is not running (pcscd on Linux/macOS, the Smart Card service on Windows). */
  | 'serviceUnavailable'
  | 'readerNotFound'
  | 'noCard'
  | 'cardRemoved'
  /** Another program holds the card. */
  | 'readerBusy'
  | 'transportError';

export class PcscError extends Error {
  override readonly name = 'PcscError';
  readonly code: PcscErrorCode;

  /** `message` says what happened and, for the first two codes, exactly what to install or start. */
  constructor(code: PcscErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

export function isPcscError(value: unknown): value is PcscError {
  return value instanceof PcscError;
}
