/**
 * Command APDUs in the short form of ISO/IEC 7816-4 §5.1 (the only form the My Number card needs):
 *   case 1: CLA INS P1 P2
 *   case 2: CLA INS P1 P2 Le
 *   case 3: CLA INS P1 P2 Lc data
 *   case 4: CLA INS P1 P2 Lc data Le
 * Lc is 1–255; Le is 1–256 where 256 is written `00`. Extended lengths are refused on both sides.
 */
import { CardError } from './card-error.ts';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (1–255 bytes); absent or empty means none. */
  data?: Uint8Array;
  /** Expected response length 1–256; absent means no response data expected. */
  le?: number;
}

export type ApduCase = 1 | 2 | 3 | 4;

export interface DecodedCommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Absent in cases 1 and 3. */
  le: number | undefined;
  apduCase: ApduCase;
}

export type DecodeCommandResult = { ok: true; value: DecodedCommandApdu } | { ok: false; reason: string };

function isByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xff;
}

/** Encodes a short command APDU. Throws `CardError('invalidRequest')` for values out of range. */
export function encodeCommandApdu(command: CommandApdu): Uint8Array {
  const { cla, ins, p1, p2, le } = command;
  const data = command.data ?? new Uint8Array(0);
  if (![cla, ins, p1, p2].every(isByte)) throw new CardError('invalidRequest', { reason: 'header byte out of range' });
  if (data.length > 255) throw new CardError('invalidRequest', { reason: 'command data longer than 255 bytes' });
  if (le !== undefined && !(Number.isInteger(le) && le >= 1 && le <= 256)) {
    throw new CardError('invalidRequest', { reason: 'Le must be 1-256' });
  }
  const length = 4 + (data.length > 0 ? 1 + data.length : 0) + (le !== undefined ? 1 : 0);
  const out = new Uint8Array(length);
  out[0] = cla;
  out[1] = ins;
  out[2] = p1;
  out[3] = p2;
  let offset = 4;
  if (data.length > 0) {
    out[offset++] = data.length;
    out.set(data, offset);
    offset += data.length;
  }
  if (le !== undefined) out[offset] = le === 256 ? 0 : le;
  return out;
}

/** Decodes a short command APDU (for the APDU policy and the virtual card); never throws. */
export function decodeCommandApdu(bytes: Uint8Array): DecodeCommandResult {
  if (bytes.length < 4) return { ok: false, reason: 'shorter than a header' };
  const [cla, ins, p1, p2] = [bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0];
  if (bytes.length === 4) return { ok: true, value: { cla, ins, p1, p2, data: new Uint8Array(0), le: undefined, apduCase: 1 } };
  const b4 = bytes[4] ?? 0;
  if (bytes.length === 5) {
    return { ok: true, value: { cla, ins, p1, p2, data: new Uint8Array(0), le: b4 === 0 ? 256 : b4, apduCase: 2 } };
  }
  if (b4 === 0) return { ok: false, reason: 'extended length is not used' };
  const data = bytes.slice(5, 5 + b4);
  if (bytes.length === 5 + b4) return { ok: true, value: { cla, ins, p1, p2, data, le: undefined, apduCase: 3 } };
  if (bytes.length === 6 + b4) {
    const leByte = bytes[5 + b4] ?? 0;
    return { ok: true, value: { cla, ins, p1, p2, data, le: leByte === 0 ? 256 : leByte, apduCase: 4 } };
  }
  return { ok: false, reason: 'length does not match Lc' };
}
