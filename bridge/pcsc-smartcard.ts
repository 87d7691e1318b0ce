/**
 * `PcscPort` over the `smartcard` package (N-API binding to pcsc-lite on Linux/macOS and WinSCard on
 * Windows). The package is an optional dependency built from source at install time, so loading it can fail
 * in three ways, each reported with what to do: not installed, not built (no libpcsclite-dev when npm
 * installed it), or the PC/SC library itself missing at run time.
 *
 * Cards are opened exclusively: the APDU policy follows which application and file the card has selected,
 * and another program sending SELECTs on a shared handle would make that view wrong. On disconnect the card
 * is reset (SCARD_RESET_CARD) so that a verified PIN does not outlive the session for the next program.
 * The binding's `Context.close()` blocks while a card handle is open, so `close()` disconnects every handle
 * first.
 *
 * A card lifted off the reader in the middle of a command does not always fail as "Card was removed": the
 * reader may report a plain communication failure ("Transaction failed"), or, as vsmartcard's vpcd does, an
 * answer with no bytes at all. So after such a failure, and after any answer shorter than SW1-SW2 (ISO/IEC
 * 7816-4 §5.1: every response ends with its status word), the reader's state is watched for a short while:
 * pcscd notices a card that went at its next presence poll (every 400 ms for readers without card-change
 * interrupts). Gone: `cardRemoved`; still there: the failure as it was.
 */
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import { PcscError, type PcscCardHandle, type PcscErrorCode, type PcscPort, type PcscReaderEvent, type PcscReaderInfo } from './pcsc-port.ts';

/** The part of the `smartcard` package this module uses (typed here so the type check never needs it). */
interface SmartcardCard {
  transmit(command: Buffer, options?: { maxRecvLength?: number; autoGetResponse?: boolean }): Promise<Buffer>;
  disconnect(disposition?: number): void;
}
interface SmartcardReader {
  readonly name: string;
  readonly state: number;
  connect(shareMode?: number, protocol?: number): Promise<SmartcardCard>;
}
interface SmartcardContext {
  readonly isValid: boolean;
  listReaders(): SmartcardReader[];
  close(): void;
}
interface SmartcardMonitorEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
}
interface SmartcardMonitor {
  readonly isRunning: boolean;
  start(callback: (event: SmartcardMonitorEvent) => void): void;
  stop(): void;
}
export interface SmartcardBinding {
  Context: new () => SmartcardContext;
  ReaderMonitor: new () => SmartcardMonitor;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
}

/** What to run when the binding cannot be loaded, per platform. */
const INSTALL_HINT: Record<string, string> = {
  linux: 'sudo apt-get install -y libpcsclite-dev pcscd (Debian/Ubuntu) or sudo dnf install pcsc-lite-devel pcsc-lite (Fedora), then: npm rebuild smartcard',
  darwin: 'xcode-select --install (C++ build tools), then: npm rebuild smartcard',
  win32: 'install the "Desktop development with C++" build tools for node-gyp, then: npm rebuild smartcard',
};

/**
 * Loads the binding or throws `PcscError('bindingMissing')` whose message says exactly what is missing.
 * `load` is replaceable for tests.
 */
export function loadSmartcardBinding(load: (id: string) => unknown = createRequire(import.meta.url)): SmartcardBinding {
  let loaded: unknown;
  try {
    loaded = load('smartcard');
  } catch (error) {
    throw new PcscError('bindingMissing', describeLoadFailure(error, process.platform), { cause: error });
  }
  const binding = loaded as Partial<SmartcardBinding> | null;
  if (!binding || typeof binding.Context !== 'function' || typeof binding.ReaderMonitor !== 'function') {
    throw new PcscError('bindingMissing', 'the "smartcard" package loaded but does not look like the PC/SC binding (version 3.x expected): npm install smartcard@^3.7.0');
  }
  return binding as SmartcardBinding;
}

/** Turns a `require('smartcard')` failure into a sentence naming the missing piece and the fix. */
export function describeLoadFailure(error: unknown, platform: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const hint = INSTALL_HINT[platform] ?? 'install the PC/SC development files, then: npm rebuild smartcard';
  if (code === 'MODULE_NOT_FOUND' && /smartcard_napi\.node/.test(message)) {
    return `the PC/SC binding "smartcard" is installed but was not built (its native part is missing). Fix: ${hint}`;
  }
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    return 'the PC/SC binding "smartcard" is not installed (it is an optional dependency). Fix: npm install --include=optional, or npm install smartcard';
  }
  if (/libpcsclite/.test(message)) {
    return `the PC/SC library libpcsclite is missing. Fix: ${platform === 'linux' ? 'sudo apt-get install -y libpcsclite1 pcscd' : hint}`;
  }
  return `the PC/SC binding "smartcard" could not be loaded (${message.split('\n')[0]?.slice(0, 200) ?? 'unknown error'}). Fix: ${hint}`;
}

/** Maps the binding's error messages (pcsc_errors.h of the `smartcard` package) to our codes. */
export function classifyPcscMessage(message: string): PcscErrorCode {
  if (/service not running|service stopped|No service/i.test(message)) return 'serviceUnavailable';
  if (/No smart card present|Card is unpowered|Card is unresponsive|Card is not supported|Unknown card/i.test(message)) return 'noCard';
  if (/Card was removed|Card was reset|Card is not connected|Invalid handle/i.test(message)) return 'cardRemoved';
  if (/Sharing violation/i.test(message)) return 'readerBusy';
  if (/Unknown reader|Reader unavailable|No readers available/i.test(message)) return 'readerNotFound';
  return 'transportError';
}

const SERVICE_HINT: Record<string, string> = {
  linux: 'pcscd is not running. Start it: sudo systemctl start pcscd.socket (or run pcscd as root)',
  darwin: 'the macOS smart-card service (com.apple.ctkpcscd) is not answering; unplug and replug the reader',
  win32: 'the Windows "Smart Card" service (SCardSvr) is not running; start it in services.msc, or plug a reader in (Windows starts it on demand)',
};

function toPcscError(error: unknown, context: string): PcscError {
  if (error instanceof PcscError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = classifyPcscMessage(message);
  const detail = code === 'serviceUnavailable' ? (SERVICE_HINT[process.platform] ?? 'the PC/SC service is not running') : message;
  return new PcscError(code, `${context}: ${detail}`, { cause: error });
}

export interface SmartcardPcscOptions {
  /** Told about failures of the background reader monitor (which keeps retrying on its own). */
  onMonitorError?: (message: string) => void;
  /** How long a failed transmit watches the reader for the card to be gone (default 1.5 s: pcscd polls every 0.4 s). */
  removalSettleMs?: number;
}

const REMOVAL_SETTLE_MS = 1_500;
const REMOVAL_POLL_MS = 50;

const MONITOR_EVENTS: Record<Exclude<SmartcardMonitorEvent['type'], 'error'>, PcscReaderEvent['kind']> = {
  'reader-attached': 'readerAdded',
  'reader-detached': 'readerRemoved',
  'card-inserted': 'cardInserted',
  'card-removed': 'cardRemoved',
};

export function createSmartcardPcsc(binding: SmartcardBinding = loadSmartcardBinding(), options: SmartcardPcscOptions = {}): PcscPort {
  let context: SmartcardContext | null = null;
  let monitor: SmartcardMonitor | null = null;
  const listeners = new Set<(event: PcscReaderEvent) => void>();
  const openCards = new Set<SmartcardCard>();

  function currentContext(): SmartcardContext {
    if (context?.isValid) return context;
    try {
      context = new binding.Context();
    } catch (error) {
      context = null;
      throw toPcscError(error, 'PC/SC');
    }
    return context;
  }

  /** Runs `fn` with a context; once more with a fresh one when pcscd was restarted under us. */
  function withContext<T>(fn: (ctx: SmartcardContext) => T): T {
    try {
      return fn(currentContext());
    } catch (error) {
      const failure = toPcscError(error, 'PC/SC');
      if (failure.code !== 'serviceUnavailable' && failure.code !== 'transportError') throw failure;
      dropContext();
      return fn(currentContext());
    }
  }

  function dropContext(): void {
    if (!context) return;
    // A context whose service went away can be closed without blocking: it has no live card handles.
    if (openCards.size === 0) {
      try {
        context.close();
      } catch {
        // already invalid
      }
    }
    context = null;
  }

  /** A monitor that could not start (pcscd was down) is tried again whenever PC/SC is used. */
  function retryMonitor(): void {
    if (listeners.size === 0 || monitor) return;
    try {
      startMonitor();
    } catch {
      // still down: the caller's own PC/SC call reports it
    }
  }

  async function listReaders(): Promise<PcscReaderInfo[]> {
    retryMonitor();
    try {
      return withContext((ctx) => ctx.listReaders().map((r) => ({ name: r.name, cardPresent: (r.state & binding.SCARD_STATE_PRESENT) !== 0 })));
    } catch (error) {
      throw toPcscError(error, 'listing readers');
    }
  }

  /** True once PC/SC reports the reader without a card (or no such reader) within the settle time. */
  async function cardLeft(name: string): Promise<boolean> {
    const deadline = Date.now() + (options.removalSettleMs ?? REMOVAL_SETTLE_MS);
    for (;;) {
      let present: boolean;
      try {
        const reader = withContext((ctx) => ctx.listReaders().find((r) => r.name === name));
        present = reader !== undefined && (reader.state & binding.SCARD_STATE_PRESENT) !== 0;
      } catch {
        // PC/SC itself failing says nothing about the card: the transmit's own failure stands.
        return false;
      }
      if (!present) return true;
      if (Date.now() >= deadline) return false;
      await delay(REMOVAL_POLL_MS);
    }
  }

  async function connect(name: string): Promise<PcscCardHandle> {
    retryMonitor();
    let reader: SmartcardReader | undefined;
    try {
      reader = withContext((ctx) => ctx.listReaders().find((r) => r.name === name));
    } catch (error) {
      throw toPcscError(error, 'listing readers');
    }
    if (!reader) throw new PcscError('readerNotFound', 'no reader with that name');
    let card: SmartcardCard;
    try {
      card = await reader.connect(binding.SCARD_SHARE_EXCLUSIVE, binding.SCARD_PROTOCOL_T0 | binding.SCARD_PROTOCOL_T1);
    } catch (error) {
      throw toPcscError(error, 'connecting to the card');
    }
    openCards.add(card);
    let open = true;
    return {
      async transmit(apdu: Uint8Array): Promise<Uint8Array> {
        if (!open) throw new PcscError('cardRemoved', 'the card handle was closed');
        let response: Uint8Array;
        try {
          // 256 data bytes + SW1 SW2; GET RESPONSE stays with the caller (it goes through the APDU policy).
          response = new Uint8Array(await card.transmit(Buffer.from(apdu), { maxRecvLength: 258, autoGetResponse: false }));
        } catch (error) {
          const failure = toPcscError(error, 'transmitting');
          if (failure.code === 'transportError' && (await cardLeft(name))) throw new PcscError('cardRemoved', `${failure.message}; the card left the reader`, { cause: error });
          throw failure;
        }
        if (response.length < 2) {
          if (await cardLeft(name)) throw new PcscError('cardRemoved', 'transmitting: no answer; the card left the reader');
          throw new PcscError('transportError', 'transmitting: the answer has no status word');
        }
        return response;
      },
      async disconnect(): Promise<void> {
        if (!open) return;
        open = false;
        openCards.delete(card);
        try {
          card.disconnect(binding.SCARD_RESET_CARD);
        } catch {
          // the card or reader is already gone
        }
      },
    };
  }

  function startMonitor(): void {
    if (monitor) return;
    const m = new binding.ReaderMonitor();
    m.start((event) => {
      if (event.type === 'error') {
        options.onMonitorError?.(event.reader);
        return;
      }
      const kind = MONITOR_EVENTS[event.type];
      for (const listener of [...listeners]) listener({ kind, reader: event.reader });
    });
    monitor = m;
  }

  function stopMonitor(): void {
    if (!monitor) return;
    try {
      monitor.stop();
    } catch {
      // stopping a monitor whose service went away
    }
    monitor = null;
  }

  return {
    listReaders,
    connect,
    watch(listener) {
      listeners.add(listener);
      try {
        startMonitor();
      } catch (error) {
        options.onMonitorError?.(toPcscError(error, 'watching readers').message);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopMonitor();
      };
    },
    async close() {
      listeners.clear();
      stopMonitor();
      for (const card of [...openCards]) {
        try {
          card.disconnect(binding.SCARD_RESET_CARD);
        } catch {
          // gone already
        }
      }
      openCards.clear();
      dropContext();
    },
  };
}
