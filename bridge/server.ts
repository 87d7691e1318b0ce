/**
 * Binds a bridge to Node's HTTP server on loopback addresses only (127.0.0.1 and ::1 by default): never
 * 0.0.0.0, so the bridge cannot be reached from the office network. A machine without IPv6 simply gets the
 * IPv4 listener; no listener at all is an error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bridge } from './app.ts';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;
export type LoopbackHost = (typeof LOOPBACK_HOSTS)[number];

export interface ListeningBridge {
  /** The addresses actually bound, e.g. `[{ host: '127.0.0.1', port: 47321 }]`. */
  readonly addresses: readonly { host: LoopbackHost; port: number }[];
  /** Hosts that could not be bound, with the reason (e.g. no IPv6 on this machine). */
  readonly failures: readonly { host: LoopbackHost; error: string }[];
  /** Stops listening and closes the bridge's connections. */
  close(): Promise<void>;
}

export class BridgeListenError extends Error {
  override readonly name = 'BridgeListenError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export async function listenBridge(bridge: Bridge, options: { port: number; hosts?: readonly LoopbackHost[] }): Promise<ListeningBridge> {
  const hosts = options.hosts ?? LOOPBACK_HOSTS;
  const servers: Server[] = [];
  const addresses: { host: LoopbackHost; port: number }[] = [];
  const failures: { host: LoopbackHost; error: string }[] = [];
  // With port 0 the first listener picks a free port and the others reuse it.
  let port = options.port;
  let firstError: NodeJS.ErrnoException | null = null;
  for (const host of hosts) {
    const server = createServer(bridge.handleRequest);
    server.on('upgrade', bridge.handleUpgrade);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port, exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      port = (server.address() as AddressInfo).port;
      servers.push(server);
      addresses.push({ host, port });
    } catch (error) {
      const errno = error as NodeJS.ErrnoException;
      firstError ??= errno;
      failures.push({ host, error: errno.code ?? errno.message });
    }
  }
  if (servers.length === 0) {
    const code = firstError?.code ?? 'ELISTEN';
    const message =
      code === 'EADDRINUSE'
        ? `ポート ${options.port} は使用中です（連携アプリがすでに起動していませんか）/ port ${options.port} is in use (is the bridge already running?)`
        : `ループバックで待ち受けできません / cannot listen on loopback: ${code}`;
    throw new BridgeListenError(code, message);
  }
  return {
    addresses,
    failures,
    async close() {
      await bridge.close();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
