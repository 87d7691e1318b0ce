/**
 * The JPKI user-authentication certificate (EF 000A) and its CA certificate (EF 000B). Both are readable
 * without a PIN. Each file: SELECT EF, READ BINARY of the 4-byte DER header `30 82 LL LL`, then the rest in
 * ≤ 256-byte chunks, so a ≈ 1 KiB certificate costs 2 + 4 APDUs.
 */
import { CardError } from '../apdu/card-error.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import type { AuthCertificateRead } from '../../src/protocol/card.ts';
import { JPKI_FILES } from './card-layout.ts';
import type { CardOperationContext } from './card-operation-context.ts';
import { readTlvFile } from './read-tlv-file.ts';
import { selectApp, selectEf } from './select.ts';

/** Reads the certificate in EF `fid` of the already selected JPKI app. */
export async function readCertificateFile(transport: GuardedTransport, fid: number, context: CardOperationContext = {}): Promise<Uint8Array> {
  context.expectMore?.(2);
  await selectEf(transport, fid, context);
  const der = await readTlvFile(transport, 4, context);
  // A certificate is a DER SEQUENCE (tag 30); anything else in this EF is not a certificate.
  if (der[0] !== 0x30) throw new CardError('malformedResponse', { reason: 'certificate EF does not hold a SEQUENCE' });
  return der;
}

export async function readAuthCertificate(transport: GuardedTransport, context: CardOperationContext = {}): Promise<AuthCertificateRead> {
  context.expectMore?.(1);
  await selectApp(transport, 'jpki', context);
  context.step?.('readingAuthCertificate');
  const authCertificate = await readCertificateFile(transport, JPKI_FILES.authCertificate, context);
  context.step?.('readingCaCertificate');
  const caCertificate = await readCertificateFile(transport, JPKI_FILES.authCaCertificate, context);
  return { authCertificate, caCertificate };
}
