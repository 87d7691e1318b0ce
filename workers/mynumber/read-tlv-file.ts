/**
 * Reads a transparent EF that holds one BER-TLV object (a DER certificate, the basic four info), with READ
 * BINARY `00 B0 <offset hi> <offset lo> <Le>`: first `headLength` bytes to learn the object's size from its
 * header, then the rest in chunks of at most 256 bytes (Le `00`). Offsets are 15 bits (P1 bit 8 must stay 0:
 * it would switch to short-EF addressing).
 */
import { exchangeApdu } from '../apdu/apdu-exchange.ts';
import { CardError } from '../apdu/card-error.ts';
import { concatBytes } from '../apdu/hex.ts';
import { requireOk } from '../apdu/status-words.ts';
import { parseTlvHeader } from '../apdu/tlv.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import type { CardOperationContext } from './card-operation-context.ts';

const MAX_OFFSET = 0x7fff;
const CHUNK = 256;

/** READ BINARY of `length` bytes at `offset`; a shorter answer with 9000 is kept and reading goes on after it. */
export async function readBinary(transport: GuardedTransport, offset: number, length: number, context: CardOperationContext = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let position = offset;
  const end = offset + length;
  while (position < end) {
    if (position > MAX_OFFSET) throw new CardError('malformedResponse', { reason: 'file larger than READ BINARY can address' });
    const le = Math.min(CHUNK, end - position);
    const response = await exchangeApdu(transport, { cla: 0x00, ins: 0xb0, p1: position >> 8, p2: position & 0xff, le }, context);
    requireOk(response);
    if (response.data.length === 0 || response.data.length > le) {
      throw new CardError('malformedResponse', { reason: `READ BINARY answered ${response.data.length} bytes for Le ${le}` });
    }
    parts.push(response.data);
    position += response.data.length;
  }
  return concatBytes(...parts);
}

/** The TLV object stored in the selected EF, exactly (padding after it is not read). */
export async function readTlvFile(transport: GuardedTransport, headLength: number, context: CardOperationContext = {}): Promise<Uint8Array> {
  const head = await readBinary(transport, 0, headLength, context);
  const header = parseTlvHeader(head);
  if (!header.ok) throw new CardError('malformedResponse', { reason: `file header: ${header.error.message}`, cause: header.error });
  const total = header.value.headerLength + header.value.valueLength;
  if (total <= head.length) return head.slice(0, total);
  if (total > MAX_OFFSET + 1) throw new CardError('malformedResponse', { reason: 'file larger than READ BINARY can address' });
  const rest = total - head.length;
  context.expectMore?.(Math.ceil(rest / CHUNK));
  return concatBytes(head, await readBinary(transport, head.length, rest, context));
}
