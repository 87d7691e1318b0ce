/**
 * The `bridge` card transport: PC/SC readers on this computer, reached through the companion bridge over a
 * loopback WebSocket (`ws://127.0.0.1:<port>/v1`, protocol in `src/protocol/bridge.ts`). It mirrors
 * `bridge/bridge-client.ts` with the browser's WebSocket.
 *
 * One connection is shared by every reader and opened on first use with `hello {token}` (the token the app got
 * when it paired and passes in through `configureBridge`); without a token the transport lists no readers and
 * never opens a socket. A dropped connection is opened again on the next call. Reader ids are
 * `bridge:<PC/SC reader name>`. Bridge errors become card errors through `toCardErrorCode`; an answer that is
 * not valid under the protocol fails its request at once as `unreadableReaderAnswer`; a session the bridge
 * ended on its own (`sessionEnded`) answers `cardRemoved` from then on.
 */
import { BRIDGE_PROTOCOL_VERSION, toCardErrorCode } from '../../src/protocol/bridge.ts';
import type { CardReader } from '../../src/protocol/card.ts';
import { CardError } from '../apdu/card-error.ts';
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import type { CardConnection, CardTransportProvider } from './card-transport.ts';
import { BridgeConnectionError, bridgeUrl, openBridgeConnection, type BridgeConnection, type OpenBridgeSocket } from './bridge-transport-connection.ts';
import { BridgeSettings, DEFAULT_BRIDGE_SETTINGS, type BridgeConfigurable, type BridgeStatus } from './bridge-transport-settings.ts';

export const BRIDGE_READER_PREFIX = 'bridge:';

export interface BridgeTransportOptions {
  settings?: BridgeSettings;
  /** The socket factory (tests pass a fake bridge); the browser's WebSocket by default. */
  openSocket?: OpenBridgeSocket;
  /** Deadline for opening the socket and for each answer, in ms. */
  timeoutMs?: number;
}

export interface BridgeTransport extends CardTransportProvider, BridgeConfigurable {
  readonly kind: 'bridge';
}

export function createBridgeTransport(options: BridgeTransportOptions = {}): BridgeTransport {
  let settings: BridgeSettings = options.settings ?? DEFAULT_BRIDGE_SETTINGS;
  let current: Promise<BridgeConnection> | null = null;
  // Session ids are 16 random bytes, so one set serves every connection.
  const endedSessions = new Set<string>();

  function connection(): Promise<BridgeConnection> {
    if (current) return current;
    const { port, token } = settings;
    if (token === null) return Promise.reject(new CardError('transportError', { reason: 'bridge not paired' }));
    const opening = (async () => {
      const conn = await openBridgeConnection({ url: bridgeUrl(port), openSocket: options.openSocket, timeoutMs: options.timeoutMs });
      try {
        const hello = await conn.request('hello', { token });
        if (hello.protocolVersion !== BRIDGE_PROTOCOL_VERSION) throw new BridgeConnectionError('protocolError', undefined, `protocol ${hello.protocolVersion}`);
      } catch (error) {
        conn.close();
        throw error;
      }
      conn.onPush((message) => {
        if (message.type === 'sessionEnded') endedSessions.add(message.session);
      });
      conn.onClose(() => {
        if (current === opening) current = null;
      });
      return conn;
    })();
    current = opening;
    opening.catch(() => {
      if (current === opening) current = null;
    });
    return opening;
  }

  function drop(): void {
    const previous = current;
    current = null;
    previous?.then((conn) => conn.close()).catch(() => undefined);
  }

  async function listReaders(): Promise<CardReader[]> {
    if (settings.token === null) return [];
    try {
      const conn = await connection();
      const { readers } = await conn.request('listReaders', {});
      return readers.map((reader) => ({ id: `${BRIDGE_READER_PREFIX}${reader.name}`, name: reader.name, kind: 'bridge', cardPresent: reader.cardPresent }));
    } catch (error) {
      throw asCardError(error);
    }
  }

  async function connect(readerId: string, signal: AbortSignal): Promise<CardConnection> {
    if (!readerId.startsWith(BRIDGE_READER_PREFIX)) throw new CardError('readerNotFound');
    const reader = readerId.slice(BRIDGE_READER_PREFIX.length);
    try {
      const conn = await connection();
      const { session } = await conn.request('connect', { reader }, signal);
      let closed = false;
      return {
        async transmit(apdu, apduSignal) {
          if (closed) throw new CardError('transportError', { reason: 'connection closed' });
          if (endedSessions.has(session)) throw new CardError('cardRemoved');
          try {
            const { responseHex } = await conn.request('transmit', { session, apduHex: bytesToHex(apdu) }, apduSignal);
            return hexToBytes(responseHex);
          } catch (error) {
            throw asCardError(error);
          }
        },
        async close() {
          if (closed) return;
          closed = true;
          const ended = endedSessions.delete(session);
          if (!ended && conn.isOpen) await conn.request('disconnect', { session }).catch(() => undefined);
        },
      };
    } catch (error) {
      throw asCardError(error);
    }
  }

  async function configureBridge(next: BridgeSettings): Promise<BridgeStatus> {
    const parsed = BridgeSettings.safeParse(next);
    if (!parsed.success) return { state: 'refused', code: 'invalidMessage' };
    drop();
    settings = parsed.data;
    if (settings.token === null) return { state: 'off' };
    try {
      await connection();
      return { state: 'connected', protocolVersion: BRIDGE_PROTOCOL_VERSION };
    } catch (error) {
      return statusOf(error);
    }
  }

  return { kind: 'bridge', listReaders, connect, configureBridge };
}

function statusOf(error: unknown): BridgeStatus {
  if (error instanceof BridgeConnectionError) {
    if (error.kind === 'bridge' && error.info) return { state: 'refused', code: error.info.code };
    if (error.kind === 'protocolError' || error.kind === 'malformedAnswer') return { state: 'refused', code: 'invalidMessage' };
  }
  return { state: 'unreachable' };
}

/** Bridge failures as the card errors the service reports. */
function asCardError(error: unknown): CardError {
  if (error instanceof CardError) return error;
  if (!(error instanceof BridgeConnectionError)) return new CardError('transportError', { reason: 'bridge', cause: error });
  switch (error.kind) {
    case 'bridge':
      return error.info
        ? new CardError(toCardErrorCode(error.info.code), { reason: `bridge ${error.info.code}`, cause: error })
        : new CardError('transportError', { reason: 'bridge could not read a request', cause: error });
    case 'malformedAnswer':
      return new CardError('unreadableReaderAnswer', { reason: `bridge answer: ${error.reason ?? 'not valid'}`, cause: error });
    case 'cancelled':
      return new CardError('cancelled', { cause: error });
    case 'timeout':
      return new CardError('timeout', { reason: 'bridge did not answer', cause: error });
    default:
      return new CardError('transportError', { reason: `bridge ${error.kind}`, cause: error });
  }
}
