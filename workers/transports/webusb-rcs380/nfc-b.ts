/**
 * NFC-B (ISO/IEC 14443-3 Type B) activation values: the REQB command, the ATQB (SENSB_RES) fields the
 * reader needs, the ATTRIB command, and the frame sizes and waiting times they announce.
 *
 * ATQB = `50 | PUPI (4) | application data (4) | protocol info (3)` (ISO/IEC 14443-3 §7.9); protocol info:
 * byte 1 bit rates, byte 2 = FSCI (b8–b5) | protocol type (b4–b1, b1 = ISO/IEC 14443-4 compliant),
 * byte 3 = FWI (b8–b5) | ADC (b4–b3) | FO (b2 NAD, b1 CID).
 */

/** REQB: APf `05`, AFI `00` (all families), PARAM `10` (one slot; extended ATQB supported, NFC Forum Digital). */
export const REQB: Uint8Array<ArrayBuffer> = Uint8Array.of(0x05, 0x00, 0x10);

/** FSDI 8 = 256 bytes: the largest frame the reader accepts (PCB + INF + CRC_B), announced in ATTRIB. */
export const READER_FSDI = 8;
export const READER_FSD = 256;

/** Frame sizes for FSCI 0…8 (ISO/IEC 14443-3 Table 24); higher codes are treated as 256. */
const FRAME_SIZES = [16, 24, 32, 40, 48, 64, 96, 128, 256] as const;

export interface Atqb {
  pupi: Uint8Array;
  applicationData: Uint8Array;
  /** Frame size the card accepts (FSC), PCB and CRC_B included. */
  fsc: number;
  /** Frame waiting time integer. */
  fwi: number;
  /** The card speaks ISO/IEC 14443-4 (a My Number card does). */
  isoDep: boolean;
}

/** Reads an ATQB, or null when the bytes are not one. */
export function parseAtqb(bytes: Uint8Array): Atqb | null {
  if ((bytes.length !== 12 && bytes.length !== 13) || bytes[0] !== 0x50) return null;
  const info2 = bytes[10] ?? 0;
  const info3 = bytes[11] ?? 0;
  const fwi = info3 >> 4;
  return {
    pupi: bytes.slice(1, 5),
    applicationData: bytes.slice(5, 9),
    fsc: frameSize(info2 >> 4),
    // FWI 15 is RFU; a reader reads it as 4 (ISO/IEC 14443-3 §7.9.4.3).
    fwi: fwi === 15 ? 4 : fwi,
    isoDep: (info2 & 0x01) === 1,
  };
}

/**
 * ATTRIB (ISO/IEC 14443-3 §7.10): `1D PUPI | param1 00 (default TR0/TR1, SOF/EOF on) | param2 FSDI 8 at
 * 106 kbit/s both ways | param3 01 (ISO/IEC 14443-4) | param4 00 (CID 0)`.
 */
export function encodeAttrib(pupi: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(9);
  out[0] = 0x1d;
  out.set(pupi.subarray(0, 4), 1);
  out.set([0x00, READER_FSDI, 0x01, 0x00], 5);
  return out;
}

/** The frame size for a size code (FSCI or FSDI). */
export function frameSize(code: number): number {
  return FRAME_SIZES[code] ?? 256;
}

/** FWT = (256 × 16 / fc) × 2^FWI with fc = 13.56 MHz, in milliseconds (ISO/IEC 14443-4 §7.2). */
export function frameWaitingTimeMs(fwi: number): number {
  return ((256 * 16) / 13_560) * 2 ** fwi;
}

/** ΔFWT = 49152 / fc: the extra time a reader allows on top of FWT (ISO/IEC 14443-4 §7.2), in milliseconds. */
export const DELTA_FWT_MS = 49_152 / 13_560;

/** The longest waiting time a card may ask for, FWI 14 (ISO/IEC 14443-4 §7.3: FWT_temp ≤ FWTmax). */
export const MAX_FWT_MS = frameWaitingTimeMs(14);
