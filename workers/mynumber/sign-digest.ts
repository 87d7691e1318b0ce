/**
 * COMPUTE DIGITAL SIGNATURE with the JPKI auth key: `80 2A 00 80 33 <DigestInfo(SHA-256, digest)> 00`.
 * The card adds the PKCS#1 v1.5 padding (RFC 8017 §9.2) and answers the 256-byte RSA-2048 signature. The
 * auth PIN must have been verified in this session (`verifyAuthPin`), or the card answers 6982.
 */
import { exchangeApdu } from '../apdu/apdu-exchange.ts';
import { CardError } from '../apdu/card-error.ts';
import { concatBytes } from '../apdu/hex.ts';
import { requireOk } from '../apdu/status-words.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import { JPKI_FILES, SHA256_DIGEST_INFO_PREFIX } from './card-layout.ts';
import type { CardOperationContext } from './card-operation-context.ts';
import { selectEf } from './select.ts';

/** RSA-2048 signatures are 256 bytes. */
export const AUTH_SIGNATURE_LENGTH = 256;

/** `prefix || digest`: the DER DigestInfo for SHA-256. Throws `invalidDigest` unless `digest` is 32 bytes. */
export function sha256DigestInfo(digest: Uint8Array): Uint8Array {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new CardError('invalidDigest');
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, digest);
}

/** Signs a SHA-256 digest with the auth key (JPKI selected and the auth PIN verified). 2 APDUs. */
export async function signDigestWithAuthKey(transport: GuardedTransport, sha256Digest: Uint8Array, context: CardOperationContext = {}): Promise<Uint8Array> {
  const digestInfo = sha256DigestInfo(sha256Digest);
  context.expectMore?.(2);
  context.step?.('signing');
  await selectEf(transport, JPKI_FILES.authKey, context);
  const response = await exchangeApdu(transport, { cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80, data: digestInfo, le: 256 }, context);
  requireOk(response);
  if (response.data.length !== AUTH_SIGNATURE_LENGTH) {
    throw new CardError('malformedResponse', { reason: `signature of ${response.data.length} bytes` });
  }
  return response.data;
}
