/**
 * A fake companion bridge behind an `OpenBridgeSocket`, for unit tests of the browser bridge transport and the
 * pairing form: it speaks the protocol of `src/protocol/bridge.ts` (pairing, hello, growing ids, readers,
 * sessions, transmit to an in-process card, pushed `sessionEnded`) and records every request it parsed. It
 * answers asynchronously, as a socket does.
 */
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import { bridgeError, BridgeRequest, type BridgeErrorCode, type BridgeReader } from '../../src/protocol/bridge.ts';
import type { BridgeSocketEvents, OpenBridgeSocket } from './bridge-transport-connection.ts';

export const FAKE_PAIRING_CODE = '482913';
export const FAKE_TOKEN = 'Tk3n_fake-bridge-token-0123456789abcdefghij';

export interface FakeBridgeReader extends BridgeReader {
  /** The card on the reader (answers raw APDUs), when `cardPresent`. */
  card?: (apdu: Uint8Array) => Uint8Array;
}

export interface FakeBridgeOptions {
  readers?: FakeBridgeReader[];
  /** Nothing listens on the port: every socket closes without opening. */
  unreachable?: boolean;
  /** Tokens the bridge accepts in `hello` (the pairing token is added when `pair` succeeds). */
  tokens?: string[];
}

export interface FakeBridge {
  readonly openSocket: OpenBridgeSocket;
  /** Every request the bridge parsed, in order, with the URL of its connection. */
  readonly requests: { url: string; request: BridgeRequest }[];
  readonly connectionsOpened: () => number;
  /** The next request of this type answers this error instead. */
  failNext(type: BridgeRequest['type'], code: BridgeErrorCode): void;
  /** Ends a session from the bridge's side and pushes `sessionEnded`. */
  endSession(session: string, reason: 'cardRemoved' | 'readerRemoved'): void;
  /** Sends a raw frame on every open connection. */
  sendRaw(text: string): void;
  /** Closes every open connection from the bridge's side. */
  dropConnections(): void;
  /** Sessions currently open. */
  openSessions(): string[];
  setUnreachable(unreachable: boolean): void;
}

export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const readers = options.readers ?? [];
  const tokens = new Set(options.tokens ?? []);
  const requests: FakeBridge['requests'] = [];
  const failures = new Map<BridgeRequest['type'], BridgeErrorCode>();
  const sessions = new Map<string, FakeBridgeReader>();
  const open = new Set<{ events: BridgeSocketEvents; closed: boolean }>();
  let unreachable = options.unreachable ?? false;
  let opened = 0;
  let sessionCounter = 0;

  const later = (action: () => void) => setTimeout(action, 0);

  const openSocket: OpenBridgeSocket = (url, events) => {
    const socket = { events, closed: false };
    let paired = false;
    let lastId = 0;
    const close = (code: number) => {
      if (socket.closed) return;
      socket.closed = true;
      open.delete(socket);
      later(() => events.onClose(code));
    };
    if (unreachable) {
      close(1006);
      return { send: () => undefined, close: () => undefined };
    }
    opened += 1;
    open.add(socket);
    later(() => {
      if (!socket.closed) events.onOpen();
    });

    function answer(id: number | null, body: { result: unknown } | { error: ReturnType<typeof bridgeError> }): void {
      const frame = 'result' in body ? { type: 'response', id, ok: true, result: body.result } : { type: 'response', id, ok: false, error: body.error };
      later(() => {
        if (!socket.closed) events.onMessage(JSON.stringify(frame));
      });
    }

    function handle(request: BridgeRequest): { result: unknown } | { error: ReturnType<typeof bridgeError> } {
      const failure = failures.get(request.type);
      if (failure) {
        failures.delete(request.type);
        return { error: bridgeError(failure) };
      }
      if (request.type === 'pair') {
        if (request.code !== FAKE_PAIRING_CODE) return { error: bridgeError('wrongPairingCode', { attemptsLeft: 4 }) };
        tokens.add(FAKE_TOKEN);
        paired = true;
        return { result: { token: FAKE_TOKEN } };
      }
      if (request.type === 'hello') {
        if (!tokens.has(request.token)) return { error: bridgeError('invalidToken') };
        paired = true;
        return { result: { protocolVersion: 1 } };
      }
      if (!paired) return { error: bridgeError('notPaired') };
      switch (request.type) {
        case 'listReaders':
          return { result: { readers: readers.map(({ name, cardPresent }) => ({ name, cardPresent })) } };
        case 'readerEvents':
          return { result: { enabled: request.enabled } };
        case 'connect': {
          const reader = readers.find((r) => r.name === request.reader);
          if (!reader) return { error: bridgeError('readerNotFound') };
          if (!reader.cardPresent || !reader.card) return { error: bridgeError('noCard') };
          sessionCounter += 1;
          const session = sessionCounter.toString(16).padStart(32, '0');
          sessions.set(session, reader);
          return { result: { session } };
        }
        case 'transmit': {
          const reader = sessions.get(request.session);
          if (!reader?.card) return { error: bridgeError('sessionNotFound') };
          return { result: { responseHex: bytesToHex(reader.card(hexToBytes(request.apduHex))) } };
        }
        case 'disconnect':
          if (!sessions.delete(request.session)) return { error: bridgeError('sessionNotFound') };
          return { result: {} };
      }
    }

    return {
      send(text) {
        if (socket.closed) return;
        const parsed = BridgeRequest.safeParse(JSON.parse(text));
        if (!parsed.success) return answer(null, { error: bridgeError('invalidMessage') });
        const request = parsed.data;
        requests.push({ url, request });
        if (request.id <= lastId) return answer(request.id, { error: bridgeError('replayedRequest') });
        lastId = request.id;
        answer(request.id, handle(request));
      },
      close: () => close(1000),
    };
  };

  return {
    openSocket,
    requests,
    connectionsOpened: () => opened,
    failNext: (type, code) => failures.set(type, code),
    endSession(session, reason) {
      sessions.delete(session);
      const frame = JSON.stringify({ type: 'sessionEnded', session, reason });
      for (const socket of open) later(() => !socket.closed && socket.events.onMessage(frame));
    },
    sendRaw(text) {
      for (const socket of open) later(() => !socket.closed && socket.events.onMessage(text));
    },
    dropConnections() {
      for (const socket of [...open]) {
        socket.closed = true;
        open.delete(socket);
        later(() => socket.events.onClose(1001));
      }
    },
    openSessions: () => [...sessions.keys()],
    setUnreachable: (value) => {
      unreachable = value;
    },
  };
}
