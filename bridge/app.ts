/**
 * The bridge's core: PC/SC card readers offered to paired app origins over a loopback WebSocket. Built from
 * injected dependencies (PC/SC, pairing store, logger, clock, randomness) and bound to Node by `server.ts`;
 * the wire contract is `src/protocol/bridge.ts`.
 *
 * Layers of defence, in the order a connection meets them:
 * 1. handshake (`handshake.ts`): path, loopback `Host`, allowed `Origin`, else a non-101 HTTP answer;
 * 2. every frame is JSON validated by zod; request ids must grow (a replayed frame is refused);
 * 3. pairing (`pairing.ts`): until `pair` or `hello` succeeds, every other request answers `notPaired`;
 *    the pairing is checked again at every `connect`, so `--unpair` takes effect without a restart;
 * 4. card sessions (`card-session.ts`): one per reader, each behind the worker's APDU policy and the VERIFY
 *    rate limit; nothing refused ever reaches PC/SC.
 * Frames of one connection are handled one after another in arrival order: `hello` is settled before the
 * request that follows it, and pairing attempts cannot race each other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { bytesToHex, hexToBytes } from '../workers/apdu/hex.ts';
import {
  BRIDGE_PROTOCOL_VERSION,
  BridgeRequest,
  bridgeError,
  type BridgeErrorInfo,
  type BridgeReader,
  type BridgeRequestType,
  type BridgeResult,
  type BridgeServerMessage,
} from '../src/protocol/bridge.ts';
import { BridgeFailure, toBridgeFailure } from './bridge-failure.ts';
import { createCardSession, type CardSession } from './card-session.ts';
import { checkHandshake } from './handshake.ts';
import type { Logger } from './logger.ts';
import { createPairing, type PairingDeps } from './pairing.ts';
import type { PairingStore } from './pairing-store.ts';
import type { PcscPort, PcscReaderEvent } from './pcsc-port.ts';
import { createVerifyRateLimiter, VERIFY_LIMIT_DEFAULTS } from './verify-rate-limiter.ts';

export interface BridgeDeps {
  pcsc: PcscPort;
  /** Serialised origins (`normaliseOrigin`) allowed to connect. */
  allowedOrigins: readonly string[];
  pairingStore: PairingStore;
  logger: Logger;
  clock: () => Date;
  /** Cryptographically random bytes. */
  random: (size: number) => Uint8Array;
  /** Shows a new pairing code to the person at the computer. Called once at creation and after each change. */
  onPairingCode?: (code: string) => void;
  verifyLimit?: { max: number; windowMs: number };
  pairingLimits?: Pick<PairingDeps, 'maxAttempts' | 'lockoutMs' | 'maxLockoutMs'>;
}

export interface Bridge {
  /** Node's `upgrade` event handler. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Node's `request` event handler (plain HTTP: the bridge speaks WebSocket only). */
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  /** The pairing code on display now. */
  pairingCode(): string;
  /** Number of open WebSocket connections. */
  connectionCount(): number;
  /** Closes every connection and card session. The PC/SC port stays open (its owner closes it). */
  close(): Promise<void>;
}

/** The largest frame accepted: a short APDU as hex plus the envelope fits in well under 2 KiB. */
const MAX_FRAME_BYTES = 16 * 1024;

interface Connection {
  readonly ws: WebSocket;
  readonly origin: string;
  /** Set by a successful `pair` or `hello`. */
  tokenHash: string | null;
  lastId: number;
  readonly sessions: Map<string, CardSession>;
  readerEvents: boolean;
}

type Handler<T extends BridgeRequestType> = (connection: Connection, request: Extract<BridgeRequest, { type: T }>) => Promise<BridgeResult<T>>;

export function createBridge(deps: BridgeDeps): Bridge {
  const log = deps.logger;
  const allowedOrigins = new Set(deps.allowedOrigins);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const connections = new Set<Connection>();
  /** Reader name → the session holding it (one session per reader across the bridge). */
  const readerSessions = new Map<string, { session: CardSession; connection: Connection }>();
  const verifyLimiter = createVerifyRateLimiter(deps.clock, deps.verifyLimit ?? VERIFY_LIMIT_DEFAULTS);
  const pairing = createPairing({
    store: deps.pairingStore,
    clock: deps.clock,
    random: deps.random,
    ...(deps.onPairingCode ? { onCode: deps.onPairingCode } : {}),
    ...deps.pairingLimits,
  });
  let unwatch: (() => void) | null = null;

  function ensureWatching(): void {
    unwatch ??= deps.pcsc.watch(onReaderEvent);
  }

  function onReaderEvent(event: PcscReaderEvent): void {
    log.info({ event: event.kind, reader: event.reader }, 'reader event');
    if (event.kind === 'cardRemoved' || event.kind === 'readerRemoved') {
      const held = readerSessions.get(event.reader);
      if (held) {
        void endSession(held.connection, held.session);
        send(held.connection, { type: 'sessionEnded', session: held.session.id, reason: event.kind });
      }
    }
    for (const connection of connections) {
      if (connection.readerEvents && connection.tokenHash) send(connection, { type: 'readerEvent', event: event.kind, reader: event.reader });
    }
  }

  function send(connection: Connection, message: BridgeServerMessage): void {
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.send(JSON.stringify(message));
  }

  function sendError(connection: Connection, id: number | null, error: BridgeErrorInfo): void {
    send(connection, { type: 'response', id, ok: false, error });
  }

  async function endSession(connection: Connection, session: CardSession): Promise<void> {
    connection.sessions.delete(session.id);
    if (readerSessions.get(session.reader)?.session === session) readerSessions.delete(session.reader);
    await session.close();
  }

  function newSessionId(): string {
    return Buffer.from(deps.random(16)).toString('hex');
  }

  const handlers: { [T in BridgeRequestType]: Handler<T> } = {
    async pair(connection, request) {
      const outcome = await pairing.pair(connection.origin, request.code);
      if (!outcome.ok) {
        log.warn({ origin: connection.origin, error: outcome.code }, 'pairing refused');
        throw new BridgeFailure(outcome.code, outcome.code === 'wrongPairingCode' ? { attemptsLeft: outcome.attemptsLeft } : { retryAfterMs: outcome.retryAfterMs });
      }
      connection.tokenHash = outcome.tokenHash;
      log.info({ origin: connection.origin }, 'origin paired');
      return { token: outcome.token };
    },

    async hello(connection, request) {
      const tokenHash = await pairing.authenticate(connection.origin, request.token);
      if (!tokenHash) {
        log.warn({ origin: connection.origin }, 'unknown token');
        throw new BridgeFailure('invalidToken');
      }
      connection.tokenHash = tokenHash;
      return { protocolVersion: BRIDGE_PROTOCOL_VERSION };
    },

    async listReaders() {
      const readers: BridgeReader[] = await deps.pcsc.listReaders();
      return { readers: readers.map((r) => ({ name: r.name, cardPresent: r.cardPresent })) };
    },

    async readerEvents(connection, request) {
      connection.readerEvents = request.enabled;
      if (request.enabled) ensureWatching();
      return { enabled: request.enabled };
    },

    async connect(connection, request) {
      if (!connection.tokenHash || !(await pairing.isStillPaired(connection.origin, connection.tokenHash))) {
        connection.tokenHash = null;
        throw new BridgeFailure('invalidToken');
      }
      if (readerSessions.has(request.reader)) throw new BridgeFailure('readerBusy');
      ensureWatching();
      const handle = await deps.pcsc.connect(request.reader);
      // The reader may have been taken while PC/SC was connecting (another connection's request).
      if (readerSessions.has(request.reader) || connection.ws.readyState !== connection.ws.OPEN) {
        await handle.disconnect();
        throw new BridgeFailure('readerBusy');
      }
      const session = createCardSession({
        id: newSessionId(),
        reader: request.reader,
        handle,
        verifyLimiter,
        onRefused: (rule) => log.warn({ origin: connection.origin, reader: request.reader, rule }, 'APDU refused by policy'),
      });
      connection.sessions.set(session.id, session);
      readerSessions.set(request.reader, { session, connection });
      log.info({ origin: connection.origin, reader: request.reader }, 'card session opened');
      return { session: session.id };
    },

    async transmit(connection, request) {
      const session = connection.sessions.get(request.session);
      if (!session || session.closed) throw new BridgeFailure('sessionNotFound');
      const apdu = hexToBytes(request.apduHex);
      const ins = apdu[1] ?? 0;
      const started = performance.now();
      const response = await session.transmit(apdu);
      const sw = response.length >= 2 ? bytesToHex(response.subarray(response.length - 2)) : '';
      log.debug({ reader: session.reader, ins: ins.toString(16).padStart(2, '0'), sw, ms: Math.round(performance.now() - started) }, 'apdu');
      return { responseHex: bytesToHex(response) };
    },

    async disconnect(connection, request) {
      const session = connection.sessions.get(request.session);
      if (!session) throw new BridgeFailure('sessionNotFound');
      await endSession(connection, session);
      log.info({ origin: connection.origin, reader: session.reader }, 'card session closed');
      return {};
    },
  };

  async function handleFrame(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      json = JSON.parse(rawText(data));
    } catch {
      sendError(connection, null, bridgeError('invalidMessage', { reason: 'a text frame holding JSON is expected' }));
      return;
    }
    const rawId = (json as { id?: unknown } | null)?.id;
    const replyId = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId > 0 ? rawId : null;
    const parsed = BridgeRequest.safeParse(json);
    if (!parsed.success) {
      // Issue paths and codes only: the offending values (a PIN in an APDU, a token) stay out of the answer.
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
      sendError(connection, replyId, bridgeError('invalidMessage', { reason }));
      return;
    }
    const request = parsed.data;
    if (request.id <= connection.lastId) {
      log.warn({ origin: connection.origin, type: request.type }, 'replayed request id');
      sendError(connection, request.id, bridgeError('replayedRequest'));
      return;
    }
    connection.lastId = request.id;
    if (request.type !== 'pair' && request.type !== 'hello' && !connection.tokenHash) {
      log.warn({ origin: connection.origin, type: request.type }, 'request before pairing');
      sendError(connection, request.id, bridgeError('notPaired'));
      return;
    }
    try {
      const handler = handlers[request.type] as Handler<typeof request.type>;
      const result = await handler(connection, request);
      send(connection, { type: 'response', id: request.id, ok: true, result });
    } catch (error) {
      const failure = toBridgeFailure(error);
      if (failure.code === 'transportError' || failure.code === 'pcscUnavailable') {
        log.error({ origin: connection.origin, type: request.type, error: failure.code, reason: failure.extra.reason }, 'request failed');
      }
      sendError(connection, request.id, failure.toInfo());
    }
  }

  function onConnection(ws: WebSocket, origin: string): void {
    const connection: Connection = { ws, origin, tokenHash: null, lastId: 0, sessions: new Map(), readerEvents: false };
    connections.add(connection);
    log.info({ origin }, 'connection opened');
    let queue: Promise<void> = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      queue = queue.then(() => handleFrame(connection, data, isBinary)).catch((error: unknown) => {
        log.error({ origin, error: error instanceof Error ? error.name : typeof error }, 'frame handling failed');
      });
    });
    ws.on('error', (error) => log.warn({ origin, error: error.name }, 'socket error'));
    ws.on('close', () => {
      connections.delete(connection);
      for (const session of [...connection.sessions.values()]) void endSession(connection, session);
      log.info({ origin }, 'connection closed');
    });
  }

  function refuse(socket: Duplex, status: number, text: string): void {
    const body = `${text}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  return {
    handleUpgrade(request, socket, head) {
      const decision = checkHandshake(
        { url: request.url, host: request.headersDistinct.host, origin: request.headersDistinct.origin, localPort: request.socket.localPort ?? 0 },
        allowedOrigins,
      );
      if (!decision.ok) {
        log.warn({ reason: decision.reason, status: decision.status }, 'handshake refused');
        refuse(socket, decision.status, decision.reason);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, decision.origin));
    },

    handleRequest(_request, response) {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', Upgrade: 'websocket' });
      response.end('Tsunagi bridge: WebSocket only\n');
    },

    pairingCode: () => pairing.currentCode(),
    connectionCount: () => connections.size,

    async close() {
      unwatch?.();
      unwatch = null;
      const closing: Promise<void>[] = [];
      for (const connection of connections) {
        for (const session of [...connection.sessions.values()]) closing.push(endSession(connection, session));
        connection.ws.close(1001, 'bridge stopping');
      }
      await Promise.all(closing);
      for (const connection of connections) connection.ws.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' };

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
