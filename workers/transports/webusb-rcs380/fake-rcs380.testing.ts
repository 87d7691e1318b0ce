/**
 * A fake Sony RC-S380 behind the `UsbDeviceLike` shape, for driver tests without hardware. It parses the
 * Port-100 frames the driver writes, answers with an ACK and a response frame the way the chip does, and
 * plays a Type B My Number card on the RF side: ATQB to REQB, activation by ATTRIB, then ISO-DEP blocks
 * following the card-side rules of ISO/IEC 14443-4 §7.5.4 (rules C, D, E, 10–13), with the APDUs
 * answered by a `VirtualCard`.
 *
 * Faults can be injected: S(WTX) before an answer, frames lost either way, a damaged reader frame (bad
 * checksum), the card taken away, and a reader that stops answering. It also checks the driver: set-up
 * order, the frame size the card announced, the WTX answer; breaches are listed in `violations`.
 *
 * Everything here reflects the protocol as documented, not a recording of a real RC-S380 or card.
 */
import { bytesToHex, concatBytes } from '../../apdu/hex.ts';
import type { VirtualCard } from '../virtual-card.ts';
import { decodePort100Frame, encodePort100Response, Port100FrameError, PORT100_ACK } from './port100-frame.ts';
import type { UsbConfigurationLike, UsbDeviceLike } from './usb-device-like.ts';

export type FakeRcs380Fault =
  /** The card answers the next APDU only after `count` S(WTX) requests with multiplier `wtxm`. */
  | { kind: 'wtx'; count: number; wtxm: number }
  /** The next `count` frames to the card are lost before it sees them (the chip reports a receive timeout). */
  | { kind: 'dropToCard'; count: number }
  /** The card handles the next `count` frames but its answers are lost. */
  | { kind: 'dropFromCard'; count: number }
  /** The next `count` response frames to `command` (default InCommRF, 04) reach the host with a wrong data checksum. */
  | { kind: 'badChecksum'; count: number; command?: number }
  /** The card leaves the field once it has answered `afterApdus` more APDUs. */
  | { kind: 'cardRemoved'; afterApdus: number }
  /** The chip acknowledges the next command but never answers it. */
  | { kind: 'readerSilent' };

export interface FakeRcs380Options {
  card?: VirtualCard | null;
  productId?: number;
  serialNumber?: string;
  /** Card frame size code in the ATQB (default 8 = 256 bytes). */
  fsci?: number;
  /** Card frame waiting time integer in the ATQB (default 8 ≈ 77 ms). */
  fwi?: number;
  /** Largest INF the card puts in one of its I-blocks (it may send less than the reader's 256). */
  cardMaxInf?: number;
  /** Protocol type bit of the ATQB (false = not an ISO/IEC 14443-4 card). */
  isoDep?: boolean;
}

export interface RfLogEntry {
  /** The frame sent to the card (hex). */
  sent: string;
  /** InCommRF timeout, in 0.1 ms units. */
  timeoutUnits: number;
  /** The card's answer (hex), or null when none reached the reader. */
  received: string | null;
}

export interface FakeRcs380 {
  readonly device: UsbDeviceLike;
  insertCard(card: VirtualCard): void;
  removeCard(): void;
  inject(fault: FakeRcs380Fault): void;
  /** Port-100 command codes received, in order (host ACKs as 'ack'). */
  readonly commands: readonly string[];
  /** Every InCommRF exchange. */
  readonly rfLog: readonly RfLogEntry[];
  /** Protocol breaches by the driver. */
  readonly violations: readonly string[];
}

const PUPI = Uint8Array.of(0x3a, 0x5c, 0x11, 0x07);
const APPLICATION_DATA = Uint8Array.of(0x00, 0x00, 0x00, 0x00);
const FRAME_SIZES = [16, 24, 32, 40, 48, 64, 96, 128, 256];
const ENDPOINT_IN = 1;
const ENDPOINT_OUT = 2;
const RECEIVE_TIMEOUT_STATUS = Uint8Array.of(0x80, 0x00, 0x00, 0x00, 0x00);

const CONFIGURATION: UsbConfigurationLike = {
  configurationValue: 1,
  interfaces: [
    {
      interfaceNumber: 0,
      alternate: {
        endpoints: [
          { endpointNumber: ENDPOINT_IN, direction: 'in', type: 'bulk' },
          { endpointNumber: ENDPOINT_OUT, direction: 'out', type: 'bulk' },
        ],
      },
    },
  ],
};

type CardState = 'idle' | 'ready' | 'active' | 'halted';

export function createFakeRcs380(options: FakeRcs380Options = {}): FakeRcs380 {
  const fsc = FRAME_SIZES[options.fsci ?? 8] ?? 256;
  const fwi = options.fwi ?? 8;
  const cardMaxInf = options.cardMaxInf ?? 253;
  let card: VirtualCard | null = options.card ?? null;
  let opened = false;
  let configured = false;
  let claimed = false;
  const commands: string[] = [];
  const rfLog: RfLogEntry[] = [];
  const violations: string[] = [];
  const faults: FakeRcs380Fault[] = [];

  // USB side: what the chip has queued for the host, and reads waiting for it.
  const outQueue: Uint8Array<ArrayBuffer>[] = [];
  const waiting: { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void }[] = [];

  // Chip settings.
  let commandType = 0;
  let rfTypeB = false;
  let protocolTypeB = false;

  // Card side.
  let cardState: CardState = 'idle';
  let fsd = 256;
  let piccBlock: 0 | 1 = 1;
  let lastSent: Uint8Array | null = null;
  let received: Uint8Array[] = [];
  let pendingAnswer: Uint8Array | null = null;
  let wtxLeft = 0;
  let wtxm = 1;
  let wtxExpectingAnswer = false;

  function fault<K extends FakeRcs380Fault['kind']>(kind: K): Extract<FakeRcs380Fault, { kind: K }> | undefined {
    return faults.find((f): f is Extract<FakeRcs380Fault, { kind: K }> => f.kind === kind);
  }

  function consume(kind: 'dropToCard' | 'dropFromCard' | 'badChecksum', command = 0x04): boolean {
    const f = fault(kind);
    if (!f || (f.kind === 'badChecksum' && (f.command ?? 0x04) !== command)) return false;
    f.count -= 1;
    if (f.count <= 0) faults.splice(faults.indexOf(f), 1);
    return true;
  }

  function push(bytes: Uint8Array<ArrayBuffer>): void {
    const reader = waiting.shift();
    if (reader) reader.resolve(bytes);
    else outQueue.push(bytes);
  }

  function respond(code: number, data: Uint8Array, damaged = code !== 0x04 && consume('badChecksum', code)): void {
    const frame = encodePort100Response(code + 1, data);
    if (damaged) frame[frame.length - 2] = ((frame[frame.length - 2] ?? 0) ^ 0x5a) & 0xff;
    push(frame);
  }

  function handleCommand(code: number, data: Uint8Array): void {
    commands.push(code.toString(16).padStart(2, '0'));
    push(PORT100_ACK.slice());
    const silent = fault('readerSilent');
    if (silent) {
      faults.splice(faults.indexOf(silent), 1);
      return;
    }
    if (code !== 0x2a && commandType !== 1) {
      violations.push(`command ${code.toString(16)} before SetCommandType 1`);
      respond(code, Uint8Array.of(0x07));
      return;
    }
    switch (code) {
      case 0x2a:
        commandType = data[0] ?? 0;
        return respond(code, Uint8Array.of(0x00));
      case 0x06:
        if (data[0] === 0x00) {
          // Field off: every card in the field loses power.
          cardState = 'idle';
        }
        return respond(code, Uint8Array.of(0x00));
      case 0x00:
        rfTypeB = bytesToHex(data) === '03070F07';
        return respond(code, Uint8Array.of(0x00));
      case 0x02:
        if (data.length % 2 !== 0) return respond(code, Uint8Array.of(0x01));
        // Guard time 20, SOF and EOF added and checked: what Type B needs.
        if (bytesToHex(data) === '001409010A010B010C01') protocolTypeB = true;
        return respond(code, Uint8Array.of(0x00));
      case 0x20:
        return respond(code, Uint8Array.of(0x11, 0x01));
      case 0x04:
        return inCommRf(data);
      default:
        return respond(code, Uint8Array.of(0x01));
    }
  }

  function inCommRf(data: Uint8Array): void {
    const timeoutUnits = (data[0] ?? 0) | ((data[1] ?? 0) << 8);
    const frame = data.slice(2);
    const entry: RfLogEntry = { sent: bytesToHex(frame), timeoutUnits, received: null };
    rfLog.push(entry);
    if (!rfTypeB || !protocolTypeB) violations.push('InCommRF before Type B set-up');
    if (timeoutUnits === 0) violations.push('InCommRF without a timeout');
    const damaged = consume('badChecksum');
    let answer: Uint8Array | null = null;
    if (!consume('dropToCard')) {
      answer = card ? cardReceives(frame) : null;
      if (answer && consume('dropFromCard')) answer = null;
    }
    entry.received = answer ? bytesToHex(answer) : null;
    respond(0x04, answer ? concatBytes(new Uint8Array(5), answer) : RECEIVE_TIMEOUT_STATUS, damaged);
  }

  /** The card: what it sends back for one frame, or null when it stays silent. */
  function cardReceives(frame: Uint8Array): Uint8Array | null {
    const first = frame[0];
    if (first === 0x05 && frame.length === 3) {
      // REQB / WUPB: an idle card answers REQB, a halted one only WUPB (PARAM bit 0x08).
      if (cardState === 'idle' || (cardState === 'halted' && ((frame[2] ?? 0) & 0x08) !== 0)) {
        cardState = 'ready';
        const info2 = ((options.fsci ?? 8) << 4) | (options.isoDep === false ? 0 : 1);
        return concatBytes(Uint8Array.of(0x50), PUPI, APPLICATION_DATA, Uint8Array.of(0x00, info2, fwi << 4));
      }
      return null;
    }
    if (first === 0x1d && frame.length >= 9) {
      if (cardState !== 'ready' || bytesToHex(frame.subarray(1, 5)) !== bytesToHex(PUPI)) return null;
      // The FSDI the reader announced bounds the card's blocks.
      fsd = FRAME_SIZES[(frame[6] ?? 0) & 0x0f] ?? 256;
      cardState = 'active';
      piccBlock = 1;
      lastSent = null;
      received = [];
      pendingAnswer = null;
      card?.reset();
      return Uint8Array.of(0x00);
    }
    if (cardState !== 'active') return null;
    if (frame.length + 2 > fsc) {
      violations.push(`block of ${frame.length + 2} bytes exceeds the card frame size ${fsc}`);
      return null;
    }
    return isoDep(frame);
  }

  function send(block: Uint8Array): Uint8Array {
    lastSent = block;
    return block;
  }

  function nextAnswerBlock(): Uint8Array {
    const rest = pendingAnswer ?? new Uint8Array(0);
    const maxInf = Math.min(cardMaxInf, fsd - 3);
    const chunk = rest.subarray(0, maxInf);
    const more = rest.length > maxInf;
    pendingAnswer = more ? rest.slice(maxInf) : null;
    return send(concatBytes(Uint8Array.of(0x02 | (more ? 0x10 : 0) | piccBlock), chunk));
  }

  function isoDep(frame: Uint8Array): Uint8Array | null {
    const pcb = frame[0] ?? 0;
    const number = (pcb & 0x01) as 0 | 1;
    if ((pcb & 0xee) === 0x02) {
      // Rule D: toggle on every I-block.
      piccBlock = piccBlock === 0 ? 1 : 0;
      if (number !== piccBlock) violations.push('I-block with an unexpected block number');
      received.push(frame.slice(1));
      if ((pcb & 0x10) !== 0) return send(Uint8Array.of(0xa2 | piccBlock));
      const apdu = concatBytes(...received);
      received = [];
      if (!card) return null;
      pendingAnswer = card.transmit(apdu);
      afterApdu();
      if (!card) return null;
      const wtx = fault('wtx');
      if (wtx) {
        faults.splice(faults.indexOf(wtx), 1);
        wtxLeft = wtx.count;
        wtxm = wtx.wtxm;
      }
      if (wtxLeft > 0) return askWtx();
      return nextAnswerBlock();
    }
    if (pcb === 0xf2) {
      if (!wtxExpectingAnswer) {
        violations.push('S(WTX) answer without a request');
        return null;
      }
      if (((frame[1] ?? 0) & 0x3f) !== wtxm || frame.length !== 2) violations.push('S(WTX) answered with another multiplier');
      wtxExpectingAnswer = false;
      if (wtxLeft > 0) return askWtx();
      return nextAnswerBlock();
    }
    if ((pcb & 0xee) === 0xa2) {
      const nak = (pcb & 0x10) !== 0;
      // Rule 11: R(ACK) or R(NAK) with the card's number → the last block again.
      if (number === piccBlock) return lastSent ? send(lastSent) : null;
      // Rule 12: R(NAK) with the other number → R(ACK).
      if (nak) return send(Uint8Array.of(0xa2 | piccBlock));
      // Rule 13: R(ACK) with the other number while chaining → the next block of the chain (rule E: toggle).
      if (pendingAnswer) {
        piccBlock = piccBlock === 0 ? 1 : 0;
        return nextAnswerBlock();
      }
      violations.push('R(ACK) while the card is not chaining');
      return null;
    }
    if (pcb === 0xc2) {
      cardState = 'halted';
      return Uint8Array.of(0xc2);
    }
    violations.push(`unknown block ${bytesToHex(frame.subarray(0, 1))}`);
    return null;
  }

  function askWtx(): Uint8Array {
    wtxLeft -= 1;
    wtxExpectingAnswer = true;
    return send(Uint8Array.of(0xf2, wtxm));
  }

  function afterApdu(): void {
    const removal = fault('cardRemoved');
    if (!removal) return;
    if (removal.afterApdus > 0) {
      removal.afterApdus -= 1;
      return;
    }
    faults.splice(faults.indexOf(removal), 1);
    // The card is already out of the field when its answer would have gone back.
    card = null;
    cardState = 'idle';
    pendingAnswer = null;
  }

  const device: UsbDeviceLike = {
    vendorId: 0x054c,
    productId: options.productId ?? 0x06c3,
    productName: 'RC-S380/P',
    serialNumber: options.serialNumber ?? 'FAKE0001',
    get opened() {
      return opened;
    },
    get configuration() {
      return configured ? CONFIGURATION : null;
    },
    async open() {
      opened = true;
    },
    async close() {
      opened = false;
      claimed = false;
      configured = false;
      outQueue.length = 0;
      for (const reader of waiting.splice(0)) reader.reject(Object.assign(new Error('The device was closed.'), { name: 'NetworkError' }));
    },
    async selectConfiguration(value) {
      if (!opened) throw Object.assign(new Error('closed'), { name: 'InvalidStateError' });
      configured = value === 1;
    },
    async claimInterface(number) {
      if (!opened || !configured || number !== 0) throw Object.assign(new Error('cannot claim'), { name: 'InvalidStateError' });
      claimed = true;
    },
    async transferOut(endpoint, data) {
      if (!claimed || endpoint !== ENDPOINT_OUT) throw Object.assign(new Error('bad transfer'), { name: 'InvalidStateError' });
      let frame;
      try {
        frame = decodePort100Frame(data);
      } catch (error) {
        violations.push(`bad frame from the host: ${error instanceof Port100FrameError ? error.code : 'unknown'}`);
        return { status: 'ok' };
      }
      if (frame.kind === 'ack') {
        // A host ACK aborts the command in progress: drop its pending answer.
        commands.push('ack');
        outQueue.length = 0;
        return { status: 'ok' };
      }
      if (frame.tfi !== 0xd6) violations.push('host frame with a response identifier');
      handleCommand(frame.code, frame.data);
      return { status: 'ok' };
    },
    transferIn(endpoint) {
      if (!claimed || endpoint !== ENDPOINT_IN) return Promise.reject(Object.assign(new Error('bad transfer'), { name: 'InvalidStateError' }));
      const next = outQueue.shift();
      const bytes = next ? Promise.resolve(next) : new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => waiting.push({ resolve, reject }));
      return bytes.then((b) => ({ status: 'ok', data: new DataView(b.buffer, b.byteOffset, b.byteLength) }));
    },
  };

  return {
    device,
    insertCard(next) {
      card = next;
      cardState = 'idle';
    },
    removeCard() {
      card = null;
      cardState = 'idle';
    },
    inject(f) {
      faults.push({ ...f });
    },
    commands,
    rfLog,
    violations,
  };
}
