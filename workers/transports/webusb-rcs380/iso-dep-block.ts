/**
 * ISO/IEC 14443-4 (ISO-DEP) block codec, without CID and NAD (Tsunagi activates the card with CID 0 and
 * sends neither). PCB layouts (ISO/IEC 14443-4 §7.1.1):
 *
 * | block | PCB bits b8…b1        | values used                         |
 * |-------|-----------------------|-------------------------------------|
 * | I     | 0 0 0 C 0 0 1 N       | `02`/`03`, chaining `12`/`13`        |
 * | R     | 1 0 1 K 0 0 1 N       | R(ACK) `A2`/`A3`, R(NAK) `B2`/`B3`   |
 * | S     | 1 1 X X 0 0 1 0       | S(DESELECT) `C2`, S(WTX) `F2` + WTXM |
 *
 * C = chaining, N = block number, K = NAK. The CRC_B is added and checked by the reader chip, so blocks
 * here carry none. A block with CID or NAD bits, or any other malformation, decodes to `null`: the
 * caller treats it as an invalid block (ISO/IEC 14443-4 §7.5.4 rule 4).
 */

export type BlockNumber = 0 | 1;

export type IsoDepBlock =
  | { type: 'i'; blockNumber: BlockNumber; chaining: boolean; inf: Uint8Array }
  | { type: 'r'; blockNumber: BlockNumber; nak: boolean }
  | { type: 'wtx'; wtxm: number }
  | { type: 'deselect' };

/** The largest waiting-time-extension multiplier (ISO/IEC 14443-4 §7.3: WTXM 1…59). */
export const MAX_WTXM = 59;

export function encodeIsoDepBlock(block: IsoDepBlock): Uint8Array<ArrayBuffer> {
  switch (block.type) {
    case 'i': {
      const out = new Uint8Array(1 + block.inf.length);
      out[0] = 0x02 | (block.chaining ? 0x10 : 0) | block.blockNumber;
      out.set(block.inf, 1);
      return out;
    }
    case 'r':
      return Uint8Array.of(0xa2 | (block.nak ? 0x10 : 0) | block.blockNumber);
    case 'wtx':
      // Power level bits (b8 b7) are 0 in the answer; only the multiplier is echoed.
      return Uint8Array.of(0xf2, block.wtxm & 0x3f);
    case 'deselect':
      return Uint8Array.of(0xc2);
  }
}

export function decodeIsoDepBlock(bytes: Uint8Array): IsoDepBlock | null {
  const pcb = bytes[0];
  if (pcb === undefined) return null;
  const blockNumber: BlockNumber = (pcb & 0x01) === 1 ? 1 : 0;
  if ((pcb & 0xee) === 0x02) {
    return { type: 'i', blockNumber, chaining: (pcb & 0x10) !== 0, inf: bytes.slice(1) };
  }
  if ((pcb & 0xee) === 0xa2) {
    return bytes.length === 1 ? { type: 'r', blockNumber, nak: (pcb & 0x10) !== 0 } : null;
  }
  if (pcb === 0xf2) {
    const wtxm = (bytes[1] ?? 0) & 0x3f;
    return bytes.length === 2 && wtxm >= 1 && wtxm <= MAX_WTXM ? { type: 'wtx', wtxm } : null;
  }
  if (pcb === 0xc2) return bytes.length === 1 ? { type: 'deselect' } : null;
  return null;
}
