/**
 * An in-process card reader holding a `VirtualCard`: the `virtual` transport for the demo and for tests.
 * It can add latency per APDU and inject faults at a chosen APDU: the card taken away, a timeout reported
 * by the reader, or a reader that never answers (for the service's own timeout).
 */
import { CardError } from '../apdu/card-error.ts';
import type { CardReader } from '../../src/protocol/card.ts';
import type { CardConnection, CardTransportProvider } from './card-transport.ts';
import type { VirtualCard } from './virtual-card.ts';

export interface VirtualFault {
  /** `cardRemoved`: the card leaves the reader; `timeout`: the reader reports a timeout; `hang`: no answer. */
  kind: 'cardRemoved' | 'timeout' | 'hang';
  /** How many APDUs are still answered normally before the fault hits. */
  afterApdus: number;
}

export interface VirtualReaderOptions {
  id?: string;
  name?: string;
  /** The card on the reader (a promise while its keys are being made), or null for an empty reader. */
  card?: VirtualCard | Promise<VirtualCard | null> | null;
  /** Delay before each answer, in milliseconds. */
  latencyMs?: number;
}

export interface VirtualReader extends CardTransportProvider {
  readonly readerId: string;
  insertCard(card: VirtualCard | Promise<VirtualCard | null>): void;
  removeCard(): void;
  injectFault(fault: VirtualFault): void;
  /** The card now on the reader. */
  card(): Promise<VirtualCard | null>;
}

export function createVirtualReader(options: VirtualReaderOptions = {}): VirtualReader {
  const readerId = options.id ?? 'virtual:0';
  const name = options.name ?? 'Tsunagi 仮想カードリーダー (Virtual card reader)';
  const latencyMs = options.latencyMs ?? 0;
  let slot: Promise<VirtualCard | null> | null = options.card ? Promise.resolve(options.card) : null;
  // Changes whenever a card is put on or taken off; a connection made for another insertion is dead.
  let insertion = 0;
  let fault: { kind: VirtualFault['kind']; remaining: number } | null = null;

  async function connect(id: string, signal: AbortSignal): Promise<CardConnection> {
    if (id !== readerId) throw new CardError('readerNotFound');
    if (signal.aborted) throw new CardError('cancelled');
    const token = insertion;
    const card = slot ? await slot : null;
    if (!card || token !== insertion) throw new CardError('noCard');
    // A card placed on a contactless reader is powered up fresh for each session.
    card.reset();
    let closed = false;

    async function transmit(apdu: Uint8Array, apduSignal?: AbortSignal): Promise<Uint8Array> {
      if (closed) throw new CardError('transportError', { reason: 'connection closed' });
      if (apduSignal?.aborted) throw new CardError('cancelled');
      if (latencyMs > 0) await sleep(latencyMs, apduSignal);
      if (token !== insertion || !card) throw new CardError('cardRemoved');
      if (fault) {
        if (fault.remaining > 0) {
          fault.remaining -= 1;
        } else {
          const kind = fault.kind;
          fault = null;
          if (kind === 'cardRemoved') {
            removeCard();
            throw new CardError('cardRemoved');
          }
          if (kind === 'timeout') throw new CardError('timeout', { reason: 'reported by the reader' });
          await never(apduSignal);
        }
      }
      return card.transmit(apdu.slice());
    }

    return {
      transmit,
      async close() {
        closed = true;
      },
    };
  }

  function removeCard(): void {
    slot = null;
    insertion += 1;
  }

  return {
    kind: 'virtual',
    readerId,
    async listReaders(): Promise<CardReader[]> {
      return [{ id: readerId, name, kind: 'virtual', cardPresent: slot !== null }];
    },
    connect,
    insertCard(card) {
      slot = Promise.resolve(card);
      insertion += 1;
    },
    removeCard,
    injectFault(f) {
      fault = { kind: f.kind, remaining: Math.max(0, Math.floor(f.afterApdus)) };
    },
    card: async () => (slot ? slot : null),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CardError('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A reader that never answers: settles only when the caller aborts. */
function never(signal?: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new CardError('cancelled')), { once: true });
  });
}
