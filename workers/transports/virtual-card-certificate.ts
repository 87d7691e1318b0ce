/**
 * Minimal X.509 v3 certificates in DER (RFC 5280 §4.1) for the virtual card: a test CA certificate and the
 * user-authentication certificate it issues. Signed with RSASSA-PKCS1-v1_5 / SHA-256 through WebCrypto.
 * Extensions: basicConstraints and keyUsage (critical), subjectKeyIdentifier, authorityKeyIdentifier.
 * Names carry no personal data (a real 利用者証明用 certificate has none either).
 */
import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicitPrimitive,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from './virtual-card-der.ts';
import { parseTlv } from '../apdu/tlv.ts';

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

export interface CertificateName {
  country: string;
  organization: string;
  commonName: string;
}

export interface CertificateRequest {
  /** Positive, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: bigint;
  issuer: CertificateName;
  subject: CertificateName;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER (`crypto.subtle.exportKey('spki', …)`). */
  subjectPublicKeyInfo: Uint8Array;
  /** SubjectPublicKeyInfo DER of the issuer (for the authority key identifier). */
  issuerPublicKeyInfo: Uint8Array;
  /** A CA certificate (may sign certificates) or an end-entity one (digital signature only). */
  isCa: boolean;
}

/** WebCrypto's key type, named without the DOM lib (these files also compile for Node tests). */
export type WebCryptoKey = Parameters<typeof crypto.subtle.sign>[1];

/** Builds the certificate and signs it with `issuerPrivateKey` (RSASSA-PKCS1-v1_5, SHA-256). */
export async function issueCertificate(request: CertificateRequest, issuerPrivateKey: WebCryptoKey): Promise<Uint8Array> {
  if (request.serialNumber <= 0n) throw new RangeError('serial number must be positive');
  const algorithm = derSequence(derOid(OID.sha256WithRsa), derNull());
  const extensions = [
    extension(OID.basicConstraints, true, request.isCa ? derSequence(derBoolean(true)) : derSequence()),
    // keyUsage bits (RFC 5280 §4.2.1.3): digitalSignature (0) for the end entity; keyCertSign (5) and
    // cRLSign (6) for the CA. DER drops trailing zero bits, hence the unused-bit counts.
    extension(OID.keyUsage, true, request.isCa ? derBitString(Uint8Array.of(0x06), 1) : derBitString(Uint8Array.of(0x80), 7)),
    extension(OID.subjectKeyIdentifier, false, derOctetString(await keyIdentifier(request.subjectPublicKeyInfo))),
    extension(OID.authorityKeyIdentifier, false, derSequence(derImplicitPrimitive(0, await keyIdentifier(request.issuerPublicKeyInfo)))),
  ];
  const tbs = derSequence(
    derExplicit(0, derInteger(2n)),
    derInteger(request.serialNumber),
    algorithm,
    name(request.issuer),
    derSequence(derTime(request.notBefore), derTime(request.notAfter)),
    name(request.subject),
    request.subjectPublicKeyInfo,
    derExplicit(3, derSequence(...extensions)),
  );
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', issuerPrivateKey, tbs as Uint8Array<ArrayBuffer>));
  return derSequence(tbs, algorithm, derBitString(signature));
}

function name(n: CertificateName): Uint8Array {
  return derSequence(
    derSet(derSequence(derOid(OID.country), derPrintableString(n.country))),
    derSet(derSequence(derOid(OID.organization), derUtf8String(n.organization))),
    derSet(derSequence(derOid(OID.commonName), derUtf8String(n.commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? derSequence(derOid(oid), derBoolean(true), derOctetString(value)) : derSequence(derOid(oid), derOctetString(value));
}

/**
 * Key identifier, RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value (after its
 * unused-bits byte); in a SubjectPublicKeyInfo that BIT STRING is the last element.
 */
async function keyIdentifier(spki: Uint8Array): Promise<Uint8Array> {
  const parsed = parseTlv(spki);
  const bitString = parsed.ok ? parsed.value[0]?.children.at(-1) : undefined;
  if (!bitString || bitString.tag !== 0x03) throw new TypeError('not a SubjectPublicKeyInfo');
  return new Uint8Array(await crypto.subtle.digest('SHA-1', bitString.value.slice(1)));
}
