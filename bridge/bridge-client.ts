/**
 * A Node client of the bridge protocol (`src/protocol/bridge.ts`) over the `ws` package: used by the
 * integration tests, the benchmark and anyone checking a running bridge from a terminal. It validates every
 * frame it receives, numbers requests with a growing id and turns error answers into `BridgeRequestError`.
 * `bridgeCardTransport` makes a bridge session look like any other `CardTransport`, so the worker's card
 * operations (`workers/mynumber/*`) run over it unchanged.
 */
import WebSocket from 'ws';
import type { CardTransport } from '../workers/transports/card-transport.ts';
import { bytesToHex, hexToBytes } from '../workers/apdu/hex.ts';
import {
  BridgeResults,
  BridgeServerMessage,
  type BridgeErrorInfo,
  type BridgeRequest,
  type BridgeRequestType,
  type BridgeResult,
  type ReaderEventMessage,
  type SessionEndedMessage,
} from '../src/protocol/bridge.ts';

export class BridgeRequestError extends Error {
  override readonly name = 'BridgeRequestError';
  readonly info: BridgeErrorInfo;
  constructor(info: BridgeErrorInfo) {
    super(`${info.code}${info.reason ? ` (${info.reason})` : ''}: ${info.messageEn}`);
    this.info = info;
  }
}

/** The handshake was answered with something other than 101 (the bridge refused it). */
export class BridgeHandshakeError extends Error {
  override readonly name = 'BridgeHandshakeError';
  readonly status: number;
  constructor(status: number) {
    super(`bridge refused the WebSocket handshake with HTTP ${status}`);
    this.status = status;
  }
}

export interface BridgeClientOptions {
  /** e.g. `ws://127.0.0.1:47321/v1`. */
  url: string;
  /** Sent as the `Origin` header; omitted when undefined. */
  origin: string | undefined;
  /** Extra handshake headers (tests use it to send a foreign `Host`). */
  headers?: Record<string, string>;
}

type Params<T extends BridgeRequestType> = Omit<Extract<BridgeRequest, { type: T }>, 'type' | 'id'>;
export type PushedMessage = ReaderEventMessage | SessionEndedMessage;

export interface BridgeClient {
  request<T extends BridgeRequestType>(type: T, params: Params<T>): Promise<BridgeResult<T>>;
  /** Sends a frame as is (tests: malformed and replayed frames). Resolves with the answer to `expectId`. */
  sendRaw(text: string, expectId: number | null): Promise<unknown>;
  /** Messages the bridge pushed (reader events, ended sessions), in order. */
  readonly pushed: readonly PushedMessage[];
  onPush(listener: (message: PushedMessage) => void): () => void;
  /** Resolves when the socket is closed (by either side). */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function openBridgeClient(options: BridgeClientOptions): Promise<BridgeClient> {
  const ws = new WebSocket(options.url, {
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    perMessageDeflate: false,
  });
  const waiting = new Map<number | null, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const pushed: PushedMessage[] = [];
  const listeners = new Set<(message: PushedMessage) => void>();
  let nextId = 1;

  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      for (const pending of waiting.values()) pending.reject(new Error(`bridge connection closed (${code})`));
      waiting.clear();
      resolve({ code, reason: reason.toString('utf8') });
    });
  });

  ws.on('message', (data) => {
    const parsed = BridgeServerMessage.safeParse(JSON.parse(data.toString()));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type !== 'response') {
      pushed.push(message);
      for (const listener of [...listeners]) listener(message);
      return;
    }
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new BridgeRequestError(message.error));
  });

  function awaitAnswer(id: number | null): Promise<unknown> {
    return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
  }

  const client: BridgeClient = {
    async request(type, params) {
      const id = nextId++;
      const answer = awaitAnswer(id);
      ws.send(JSON.stringify({ ...params, type, id }));
      return BridgeResults[type].parse(await answer) as BridgeResult<typeof type>;
    },
    sendRaw(text, expectId) {
      if (typeof expectId === 'number') nextId = Math.max(nextId, expectId + 1);
      const answer = awaitAnswer(expectId);
      ws.send(text);
      return answer;
    },
    pushed,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close(1000);
      await closed;
    },
  };

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_request, response) => {
      reject(new BridgeHandshakeError(response.statusCode ?? 0));
      response.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** A `CardTransport` over one bridge session: APDUs go out as hex and come back as bytes. */
export function bridgeCardTransport(client: BridgeClient, session: string): CardTransport {
  return {
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      const { responseHex } = await client.request('transmit', { session, apduHex: bytesToHex(apdu) });
      return hexToBytes(responseHex);
    },
  };
}
