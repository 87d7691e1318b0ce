/**
 * Keys and certificates for a virtual My Number card, made at runtime with WebCrypto: a test CA (RSA-2048)
 * that issues a user-authentication certificate for the card's RSA-2048 auth key. The CA's private key is
 * dropped once the certificates are signed. Names say plainly that this is a test card.
 */
import { issueCertificate, type CertificateName } from './virtual-card-certificate.ts';
import { rsaKeyFromJwk, type RsaPrivateKeyParams } from './virtual-card-rsa.ts';

export interface VirtualCardKeys {
  /** The auth private key, for the card's own RSA operation. */
  authPrivateKey: RsaPrivateKeyParams;
  /** DER of the user-authentication certificate (EF 000A). */
  authCertificate: Uint8Array;
  /** DER of the test CA certificate (EF 000B). */
  caCertificate: Uint8Array;
}

export interface VirtualCardKeyOptions {
  /** The issue time (defaults to the current time); certificates are valid from a day before it. */
  now?: Date;
  /** Shown in the auth certificate's subject, to tell test cards apart. */
  cardLabel?: string;
}

const RSA_PARAMS = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: Uint8Array.of(1, 0, 1),
  hash: 'SHA-256',
} as const;

const CA_NAME: CertificateName = { country: 'JP', organization: 'Tsunagi Test JPKI', commonName: 'Tsunagi Test User Authentication CA' };
const DAY_MS = 86_400_000;

export async function createVirtualCardKeys(options: VirtualCardKeyOptions = {}): Promise<VirtualCardKeys> {
  const now = options.now ?? new Date();
  const [ca, auth] = await Promise.all([
    crypto.subtle.generateKey(RSA_PARAMS, false, ['sign', 'verify']),
    crypto.subtle.generateKey(RSA_PARAMS, true, ['sign', 'verify']),
  ]);
  const caSpki = new Uint8Array(await crypto.subtle.exportKey('spki', ca.publicKey));
  const authSpki = new Uint8Array(await crypto.subtle.exportKey('spki', auth.publicKey));
  const notBefore = new Date(now.getTime() - DAY_MS);
  const caCertificate = await issueCertificate(
    {
      serialNumber: randomSerial(),
      issuer: CA_NAME,
      subject: CA_NAME,
      notBefore,
      notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
      subjectPublicKeyInfo: caSpki,
      issuerPublicKeyInfo: caSpki,
      isCa: true,
    },
    ca.privateKey,
  );
  const authCertificate = await issueCertificate(
    {
      serialNumber: randomSerial(),
      issuer: CA_NAME,
      subject: { country: 'JP', organization: 'Tsunagi Test JPKI', commonName: `Test card ${options.cardLabel ?? 'virtual'}` },
      notBefore,
      notAfter: new Date(now.getTime() + 5 * 365 * DAY_MS),
      subjectPublicKeyInfo: authSpki,
      issuerPublicKeyInfo: caSpki,
      isCa: false,
    },
    ca.privateKey,
  );
  const authPrivateKey = rsaKeyFromJwk(await crypto.subtle.exportKey('jwk', auth.privateKey));
  return { authPrivateKey, authCertificate, caCertificate };
}

/** 16 random bytes with the top bit clear: positive and well under the 20-byte limit. */
function randomSerial(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}
