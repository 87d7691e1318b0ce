/**
 * Throwaway certificates for the TLS tests, made with the `openssl` command into a directory the caller
 * removes: a test CA; a server certificate it signs (SAN localhost and 127.0.0.1); a client certificate it
 * signs, standing in for the platform's client certificate; and a client certificate from a second, foreign CA.
 * EC P-256 keys, valid for one day.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyAndCertificate {
  readonly keyFile: string;
  readonly certFile: string;
}

export interface TestCertificates {
  /** The CA that signs the server and the accepted client certificate. */
  readonly ca: KeyAndCertificate;
  readonly server: KeyAndCertificate;
  readonly client: KeyAndCertificate;
  /** Signed by another CA: must be refused. */
  readonly foreignClient: KeyAndCertificate;
}

export function createTestCertificates(dir: string): TestCertificates {
  const ca = createCa(dir, 'ca', 'Tsunagi Test CA');
  const foreignCa = createCa(dir, 'foreign-ca', 'Foreign Test CA');
  return {
    ca,
    server: createSigned(dir, 'server', 'localhost', ca, ['subjectAltName=DNS:localhost,IP:127.0.0.1', 'extendedKeyUsage=serverAuth']),
    client: createSigned(dir, 'client', 'test-device-1', ca, ['extendedKeyUsage=clientAuth']),
    foreignClient: createSigned(dir, 'foreign-client', 'test-device-1', foreignCa, ['extendedKeyUsage=clientAuth']),
  };
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function createCa(dir: string, name: string, commonName: string): KeyAndCertificate {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { keyFile, certFile };
}

function createSigned(dir: string, name: string, commonName: string, issuer: KeyAndCertificate, extensions: readonly string[]): KeyAndCertificate {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  const requestFile = join(dir, `${name}.csr`);
  const extensionsFile = join(dir, `${name}.ext`);
  writeFileSync(extensionsFile, [...extensions, 'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature'].join('\n') + '\n');
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', requestFile, '-subj', `/CN=${commonName}`]);
  openssl(['x509', '-req', '-in', requestFile, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-set_serial', String(Date.now()), '-days', '1', '-out', certFile, '-extfile', extensionsFile]);
  return { keyFile, certFile };
}
