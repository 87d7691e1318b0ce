import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { createTestCertificates, type TestCertificates } from './test-certificates.testing.ts';
import { buildTlsOptions } from './tls-options.ts';

describe('buildTlsOptions', () => {
  let dir: string;
  let certs: TestCertificates;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagi-tls-options-'));
    certs = createTestCertificates(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives certificate and key with TLS 1.2 as the floor, and asks for no client certificate without a client CA', () => {
    const options = buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.server.keyFile, clientCaFile: null });
    expect(options).toEqual({ cert: readFileSync(certs.server.certFile, 'utf8'), key: readFileSync(certs.server.keyFile, 'utf8'), minVersion: 'TLSv1.2' });
  });

  it('with a client CA, requires a client certificate signed by it', () => {
    const options = buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.server.keyFile, clientCaFile: certs.ca.certFile });
    expect(options).toMatchObject({ ca: readFileSync(certs.ca.certFile, 'utf8'), requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('stops with a Japanese ConfigError for a missing file, a file that is not PEM, and a key of another certificate', () => {
    const missing = join(dir, 'missing.pem');
    expect(() => buildTlsOptions({ certFile: missing, keyFile: certs.server.keyFile, clientCaFile: null })).toThrow(`TLS_CERT_FILE のファイル ${missing} を読み込めません（ENOENT）`);
    expect(() => buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.server.certFile, clientCaFile: null })).toThrow('PEM 形式の秘密鍵ではありません');
    expect(() => buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.server.keyFile, clientCaFile: certs.ca.keyFile })).toThrow('TLS_CLIENT_CA_FILE');
    expect(() => buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.client.keyFile, clientCaFile: null })).toThrow(ConfigError);
    expect(() => buildTlsOptions({ certFile: certs.server.certFile, keyFile: certs.client.keyFile, clientCaFile: null })).toThrow('組み合わせが一致しません');
  });
});
