/**
 * Mutual TLS end to end: the platform server (createApp on an in-memory PGlite, bound by the same
 * createNodeServer + buildTlsOptions as server/main.ts) listens on a free loopback port with certificates made
 * by `openssl` for this run. A client with a certificate from the configured CA gets /api/health; a client
 * without one, or with one from a foreign CA, does not get past the TLS handshake. Without TLS_CLIENT_CA_FILE
 * the server speaks plain TLS to any client.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPgliteDatabase } from '../../server/db/pglite-database.ts';
import { captureLogger } from '../../server/testing/capture-logger.testing.ts';
import { createNodeServer } from '../../server/tls/create-node-server.ts';
import { createTestCertificates, type KeyAndCertificate, type TestCertificates } from '../../server/tls/test-certificates.testing.ts';
import { buildTlsOptions } from '../../server/tls/tls-options.ts';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly protocol: string | null;
}

let dir: string;
let certs: TestCertificates;
let db: Database;
const servers: Server[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsunagi-mtls-'));
  certs = createTestCertificates(dir);
  db = await openPgliteDatabase();
  await migrate(db);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(clientCaFile: string | null): Promise<number> {
  const app = createApp({ db, logger: captureLogger().logger, clock: () => new Date() });
  const server = createNodeServer(app.fetch, buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.server.keyFile, clientCaFile }));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

function getHealth(port: number, client: KeyAndCertificate | null, maxVersion?: 'TLSv1.2'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        path: '/api/health',
        agent: false,
        // The client checks the server too: its certificate must come from the test CA and name localhost.
        ca: readFileSync(certs.ca.certFile),
        ...(client ? { cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) } : {}),
        ...(maxVersion ? { maxVersion } : {}),
        timeout: 5_000,
      },
      (res) => {
        const protocol = 'getProtocol' in res.socket && typeof res.socket.getProtocol === 'function' ? (res.socket.getProtocol() as string | null) : null;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, protocol }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('the server with TLS_CLIENT_CA_FILE (mutual TLS)', () => {
  let port: number;
  beforeAll(async () => {
    port = await startServer(certs.ca.certFile);
  });

  it('answers a client whose certificate the CA signed, over TLS 1.3', async () => {
    const answer = await getHealth(port, certs.client);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok', database: 'pglite' });
    expect(answer.protocol).toBe('TLSv1.3');
  });

  it('still accepts TLS 1.2, the floor', async () => {
    const answer = await getHealth(port, certs.client, 'TLSv1.2');
    expect(answer.status).toBe(200);
    expect(answer.protocol).toBe('TLSv1.2');
  });

  it('refuses a client without a certificate in the handshake: no HTTP answer at all', async () => {
    const failure = await getHealth(port, null).then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    // TLS 1.3 sends the refusal as an alert after the client's Finished: "certificate required" (RFC 8446 §4.4.2.4).
    expect(failure).toMatch(/^(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|ECONNRESET|EPIPE)$/);
  });

  it('refuses a client certificate signed by another CA', async () => {
    const failure = await getHealth(port, certs.foreignClient).then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(failure).toMatch(/^(ERR_SSL_TLSV1_ALERT_UNKNOWN_CA|ECONNRESET|EPIPE)$/);
  });
});

describe('the server with only TLS_CERT_FILE and TLS_KEY_FILE', () => {
  it('serves plain TLS: a client without a certificate gets /api/health', async () => {
    const port = await startServer(null);
    const answer = await getHealth(port, null);
    expect(answer.status).toBe(200);
    expect(answer.protocol).toBe('TLSv1.3');
  });
});
