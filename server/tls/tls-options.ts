/**
 * The HTTPS server options for a deployment that terminates TLS in Node: the server certificate and key, and,
 * for mutual TLS, the CA that signs the platform's client certificates (医療情報システムの安全管理に関する
 * ガイドライン: mutual authentication with the other end of a network connection).
 *
 * TLS 1.2 is the floor (RFC 8996 retired 1.0 and 1.1); Node negotiates 1.3 (RFC 8446) whenever the client
 * offers it. With a client CA the handshake itself refuses a client without a certificate signed by that CA,
 * before any HTTP is read. The files are read and checked here, once at start, so that a wrong path or a key
 * that does not match the certificate stops the server with a Japanese message instead of failing on the
 * first connection.
 */
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { ConfigError, type TlsConfig } from '../config.ts';

export type ReadPemFile = (path: string) => string;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** Reads the PEM files named by the configuration and returns the options for `https.createServer`. */
export function buildTlsOptions(config: TlsConfig, readPem: ReadPemFile = (path) => readFileSync(path, 'utf8')): ServerOptions {
  const cert = readPemFile(readPem, config.certFile, 'TLS_CERT_FILE', PEM_CERTIFICATE, 'PEM 形式の証明書');
  const key = readPemFile(readPem, config.keyFile, 'TLS_KEY_FILE', PEM_PRIVATE_KEY, 'PEM 形式の秘密鍵');
  const options: ServerOptions = { cert, key, minVersion: 'TLSv1.2' };
  try {
    // Parses the certificate and key and checks that they belong together (OpenSSL: key values mismatch).
    createSecureContext(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`TLS_CERT_FILE の証明書と TLS_KEY_FILE の秘密鍵を読み込めないか、組み合わせが一致しません（${reason}）`);
  }
  if (config.clientCaFile === null) return options;
  const ca = readPemFile(readPem, config.clientCaFile, 'TLS_CLIENT_CA_FILE', PEM_CERTIFICATE, 'PEM 形式の CA 証明書');
  return { ...options, ca, requestCert: true, rejectUnauthorized: true };
}

function readPemFile(readPem: ReadPemFile, path: string, variable: string, expected: RegExp, what: string): string {
  let text: string;
  try {
    text = readPem(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${variable} のファイル ${path} を読み込めません（${code ?? 'error'}）`);
  }
  if (!expected.test(text)) throw new ConfigError(`${variable} のファイル ${path} は${what}ではありません`);
  return text;
}
