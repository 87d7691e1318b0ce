/** Response APDUs: response data followed by the two status bytes SW1 SW2 (ISO/IEC 7816-4 §5.1.3). */
import { CardError } from './card-error.ts';

export interface ResponseApdu {
  data: Uint8Array;
  sw1: number;
  sw2: number;
  /** SW1 << 8 | SW2, e.g. 0x9000. */
  sw: number;
}

/** The largest response a short or extended APDU can carry: 65 536 data bytes + SW1 SW2. */
const MAX_RESPONSE = 65_538;

/** Splits a response into data and status word. Throws `CardError('malformedResponse')` if it cannot be one. */
export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CardError('malformedResponse', { reason: 'response shorter than SW1 SW2' });
  if (bytes.length > MAX_RESPONSE) throw new CardError('malformedResponse', { reason: 'response too long' });
  const sw1 = bytes[bytes.length - 2] ?? 0;
  const sw2 = bytes[bytes.length - 1] ?? 0;
  return { data: bytes.slice(0, bytes.length - 2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

/** Builds response bytes (the virtual card's side). */
export function encodeResponseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}
