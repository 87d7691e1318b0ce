/**
 * Binds a fetch handler (a Hono app's `fetch`) to a Node server: HTTPS with the options from buildTlsOptions,
 * or plain HTTP without them. The same function serves main.ts and the mutual-TLS integration test, so the
 * test exercises the code path the server runs.
 */
import type { Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import { createAdaptorServer, type Http2Bindings, type HttpBindings } from '@hono/node-server';

export type NodeFetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** Not yet listening: the caller calls `listen`. An HTTPS server has the same close methods as an HTTP one. */
export function createNodeServer(fetch: NodeFetch, tlsOptions: HttpsServerOptions | null): Server {
  const server = tlsOptions ? createAdaptorServer({ fetch, createServer: createHttpsServer, serverOptions: tlsOptions }) : createAdaptorServer({ fetch });
  return server as Server;
}
