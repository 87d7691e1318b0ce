/**
 * One WebSocket connection to the companion bridge (`src/protocol/bridge.ts`), for browser code: the card
 * worker's bridge transport and the window's pairing form both speak through it. It numbers requests with a
 * growing id, validates every frame it receives with the protocol's zod schemas, matches answers to requests
 * and hands pushed messages (reader events, ended sessions) to listeners.
 *
 * Failures are `BridgeConnectionError`s: `bridge` (the bridge answered with an error, `info` holds it),
 * `unreachable` (no socket could be opened: the bridge is not running, or the browser refused the handshake
 * — a browser does not tell which), `closed` (the socket closed with requests pending), `malformedAnswer` (the
 * bridge sent a frame that is not valid under the protocol, or a result that does not fit its request: the
 * request it answers and every other pending one fail at once, and the connection is dropped, since nothing
 * later on it can be trusted; the frame itself is never kept in the error, as it may hold card data),
 * `protocolError` (the bridge speaks another protocol version), `timeout` and `cancelled`.
 */
import {
  BRIDGE_PATH,
  BridgeResults,
  BridgeServerMessage,
  type BridgeErrorInfo,
  type BridgeRequest,
  type BridgeRequestType,
  type BridgeResult,
  type ReaderEventMessage,
  type SessionEndedMessage,
} from '../../src/protocol/bridge.ts';

/** What the connection needs from a socket (a browser `WebSocket` through `openBrowserBridgeSocket`). */
export interface BridgeSocket {
  send(text: string): void;
  close(): void;
}

export interface BridgeSocketEvents {
  onOpen(): void;
  onMessage(text: string): void;
  /** Called once, whether the socket never opened or closed later. */
  onClose(code: number): void;
}

export type OpenBridgeSocket = (url: string, events: BridgeSocketEvents) => BridgeSocket;

/** The browser's WebSocket (window or worker). */
export const openBrowserBridgeSocket: OpenBridgeSocket = (url, events) => {
  const ws = new WebSocket(url);
  let closed = false;
  const close = (code: number) => {
    if (closed) return;
    closed = true;
    events.onClose(code);
  };
  ws.onopen = () => events.onOpen();
  ws.onmessage = (event: { data: unknown }) => events.onMessage(typeof event.data === 'string' ? event.data : '');
  // An error event is always followed by a close event; the close carries the code.
  ws.onerror = () => undefined;
  ws.onclose = (event: { code: number }) => close(event.code);
  return {
    send: (text) => ws.send(text),
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000);
    },
  };
};

/** The bridge's address on this computer for a port (loopback only, as the bridge binds it). */
export function bridgeUrl(port: number): string {
  return `ws://127.0.0.1:${port}${BRIDGE_PATH}`;
}

export const BRIDGE_CONNECTION_ERROR_KINDS = ['bridge', 'unreachable', 'closed', 'malformedAnswer', 'protocolError', 'timeout', 'cancelled'] as const;
export type BridgeConnectionErrorKind = (typeof BRIDGE_CONNECTION_ERROR_KINDS)[number];

export class BridgeConnectionError extends Error {
  override readonly name = 'BridgeConnectionError';
  readonly kind: BridgeConnectionErrorKind;
  /** The bridge's own error, for `bridge`. */
  readonly info: BridgeErrorInfo | undefined;
  /** A short technical detail of our own (never text taken from the bridge's frame). */
  readonly reason: string | undefined;
  constructor(kind: BridgeConnectionErrorKind, info?: BridgeErrorInfo, reason?: string) {
    super(info ? `bridge answered ${info.code}${info.reason ? ` (${info.reason})` : ''}` : `bridge connection: ${kind}${reason ? ` (${reason})` : ''}`);
    this.kind = kind;
    this.info = info;
    this.reason = reason;
  }
}

type Params<T extends BridgeRequestType> = Omit<Extract<BridgeRequest, { type: T }>, 'type' | 'id'>;
export type BridgePush = ReaderEventMessage | SessionEndedMessage;

export interface BridgeConnection {
  request<T extends BridgeRequestType>(type: T, params: Params<T>, signal?: AbortSignal): Promise<BridgeResult<T>>;
  onPush(listener: (message: BridgePush) => void): () => void;
  /** Called once when the connection ends (either side, or a protocol error). */
  onClose(listener: () => void): () => void;
  readonly isOpen: boolean;
  close(): void;
}

export interface BridgeConnectionOptions {
  url: string;
  openSocket?: OpenBridgeSocket;
  /** Deadline for opening the socket and for each answer, in ms. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface Pending {
  type: BridgeRequestType;
  resolve: (value: unknown) => void;
  reject: (error: BridgeConnectionError) => void;
}

/** Opens the socket; resolves once it is open (before any handshake). */
export function openBridgeConnection(options: BridgeConnectionOptions): Promise<BridgeConnection> {
  const openSocket = options.openSocket ?? openBrowserBridgeSocket;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pending = new Map<number, Pending>();
  const pushListeners = new Set<(message: BridgePush) => void>();
  const closeListeners = new Set<() => void>();
  let nextId = 1;
  let open = false;
  let ended = false;
  let socket: BridgeSocket | null = null;

  function end(error: BridgeConnectionError): void {
    if (ended) return;
    ended = true;
    open = false;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    socket?.close();
    for (const listener of [...closeListeners]) listener();
  }

  function receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      end(new BridgeConnectionError('malformedAnswer', undefined, 'frame is not JSON'));
      return;
    }
    const parsed = BridgeServerMessage.safeParse(json);
    if (!parsed.success) {
      end(new BridgeConnectionError('malformedAnswer', undefined, 'frame does not match the protocol'));
      return;
    }
    const message = parsed.data;
    if (message.type !== 'response') {
      for (const listener of [...pushListeners]) listener(message);
      return;
    }
    if (message.id === null) {
      // The bridge could not read one of our frames at all: nothing to match it to, and our framing is broken.
      end(new BridgeConnectionError('bridge', message.ok ? undefined : message.error));
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (!message.ok) {
      waiting.reject(new BridgeConnectionError('bridge', message.error));
      return;
    }
    const result = BridgeResults[waiting.type].safeParse(message.result);
    if (result.success) {
      waiting.resolve(result.data);
      return;
    }
    // Rejected here, not by `end`: this request has left `pending` already, and would otherwise wait out its timer.
    const malformed = new BridgeConnectionError('malformedAnswer', undefined, `result of ${waiting.type}`);
    waiting.reject(malformed);
    end(malformed);
  }

  const connection: BridgeConnection = {
    request(type, params, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new BridgeConnectionError('cancelled'));
        if (!open || !socket) return reject(new BridgeConnectionError('closed'));
        const id = nextId++;
        const timer = setTimeout(() => settle(() => reject(new BridgeConnectionError('timeout', undefined, type))), timeoutMs);
        const onAbort = () => settle(() => reject(new BridgeConnectionError('cancelled')));
        // An answer that comes after a cancel or timeout finds no waiter and is dropped.
        function settle(action: () => void): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          pending.delete(id);
          action();
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          type,
          resolve: (value) => settle(() => resolve(value as BridgeResult<typeof type>)),
          reject: (error) => settle(() => reject(error)),
        });
        socket.send(JSON.stringify({ ...params, type, id }));
      });
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    get isOpen() {
      return open;
    },
    close() {
      end(new BridgeConnectionError('closed'));
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new BridgeConnectionError('timeout', undefined, 'opening'));
      end(new BridgeConnectionError('timeout'));
    }, timeoutMs);
    try {
      socket = openSocket(options.url, {
        onOpen() {
          clearTimeout(timer);
          if (ended) return;
          open = true;
          resolve(connection);
        },
        onMessage: receive,
        onClose(code) {
          clearTimeout(timer);
          if (!open && !ended) reject(new BridgeConnectionError('unreachable', undefined, `close ${code}`));
          end(new BridgeConnectionError('closed', undefined, `close ${code}`));
        },
      });
    } catch (error) {
      clearTimeout(timer);
      ended = true;
      reject(new BridgeConnectionError('unreachable', undefined, error instanceof Error ? error.name : 'socket'));
    }
  });
}
