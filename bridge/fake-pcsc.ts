/**
 * An in-memory `PcscPort` for unit tests: readers that can be added and removed, cards (any function from
 * command APDU to response APDU, e.g. the virtual My Number card) that can be placed and taken away, and a
 * log of every APDU that reached a card, so a test can prove a forbidden command never got there.
 */
import { PcscError, type PcscCardHandle, type PcscPort, type PcscReaderEvent, type PcscReaderInfo } from './pcsc-port.ts';

export interface FakeCard {
  transmit(apdu: Uint8Array): Uint8Array;
}

export interface FakePcsc extends PcscPort {
  /** Every APDU that reached a card, per reader, in order. */
  readonly sent: ReadonlyMap<string, readonly Uint8Array[]>;
  /** All APDUs that reached any card. */
  allSent(): Uint8Array[];
  addReader(name: string, card?: FakeCard): void;
  removeReader(name: string): void;
  insertCard(reader: string, card: FakeCard): void;
  removeCard(reader: string): void;
  /** While set, every call fails as if pcscd were not running. */
  setUnavailable(unavailable: boolean): void;
  /** Card handles currently open. */
  openHandles(): number;
}

interface FakeReader {
  card: FakeCard | null;
  /** Bumped on every insert/remove: a handle opened on an earlier card answers `cardRemoved`. */
  generation: number;
  exclusive: boolean;
}

export function createFakePcsc(initial: Record<string, FakeCard | null> = {}): FakePcsc {
  const readers = new Map<string, FakeReader>();
  const sent = new Map<string, Uint8Array[]>();
  const listeners = new Set<(event: PcscReaderEvent) => void>();
  let unavailable = false;
  let handles = 0;

  for (const [name, card] of Object.entries(initial)) readers.set(name, { card, generation: 0, exclusive: false });

  function emit(event: PcscReaderEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  function requireService(): void {
    if (unavailable) throw new PcscError('serviceUnavailable', 'PC/SC service not running (fake)');
  }

  async function connect(name: string): Promise<PcscCardHandle> {
    requireService();
    const reader = readers.get(name);
    if (!reader) throw new PcscError('readerNotFound', `unknown reader`);
    if (!reader.card) throw new PcscError('noCard', 'no card on the reader');
    if (reader.exclusive) throw new PcscError('readerBusy', 'sharing violation');
    reader.exclusive = true;
    handles += 1;
    const generation = reader.generation;
    let open = true;
    return {
      async transmit(apdu) {
        requireService();
        const current = readers.get(name);
        if (!open || !current || current.generation !== generation || !current.card) throw new PcscError('cardRemoved', 'card removed');
        const log = sent.get(name) ?? [];
        log.push(apdu.slice());
        sent.set(name, log);
        return current.card.transmit(apdu.slice());
      },
      async disconnect() {
        if (!open) return;
        open = false;
        handles -= 1;
        const current = readers.get(name);
        if (current && current.generation === generation) current.exclusive = false;
      },
    };
  }

  return {
    sent,
    allSent: () => [...sent.values()].flat(),
    async listReaders(): Promise<PcscReaderInfo[]> {
      requireService();
      return [...readers.entries()].map(([name, r]) => ({ name, cardPresent: r.card !== null }));
    },
    connect,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
    addReader(name, card) {
      readers.set(name, { card: card ?? null, generation: 0, exclusive: false });
      emit({ kind: 'readerAdded', reader: name });
      if (card) emit({ kind: 'cardInserted', reader: name });
    },
    removeReader(name) {
      if (!readers.delete(name)) return;
      emit({ kind: 'readerRemoved', reader: name });
    },
    insertCard(name, card) {
      const reader = readers.get(name);
      if (!reader) throw new Error(`no reader ${name}`);
      reader.card = card;
      reader.generation += 1;
      reader.exclusive = false;
      emit({ kind: 'cardInserted', reader: name });
    },
    removeCard(name) {
      const reader = readers.get(name);
      if (!reader?.card) return;
      reader.card = null;
      reader.generation += 1;
      reader.exclusive = false;
      emit({ kind: 'cardRemoved', reader: name });
    },
    setUnavailable(value) {
      unavailable = value;
    },
    openHandles: () => handles,
  };
}
