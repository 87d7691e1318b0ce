/**
 * The reader side (PCD) of ISO/IEC 14443-4 block transmission over one activated card: splits an APDU into
 * chained I-blocks no larger than the card's frame size, collects the card's chained answer with R(ACK)s,
 * answers S(WTX) waiting-time extensions, and recovers from lost or damaged blocks with the rules of
 * ISO/IEC 14443-4 §7.5.4 (R(NAK) on a timeout or invalid block; R(ACK) while the card is chaining; the
 * last I-block again when the card acknowledges the other block number).
 *
 * It talks to the card through `RfExchange`, one frame out and one back; the RC-S380 driver supplies that
 * with InCommRF. Failures after the retries: a card that stopped answering → `cardRemoved`; blocks that stay
 * damaged or break the protocol → `transportError`; an answer that is not complete by the APDU deadline
 * (a card asking for extension after extension) → `timeout`. After any failure the session is dead: the
 * block numbers can no longer be trusted.
 */
import { CardError } from '../../apdu/card-error.ts';
import { concatBytes } from '../../apdu/hex.ts';
import { decodeIsoDepBlock, encodeIsoDepBlock, type BlockNumber, type IsoDepBlock } from './iso-dep-block.ts';
import { DELTA_FWT_MS, MAX_FWT_MS } from './nfc-b.ts';

/** What came back for one frame: the card's frame, or nothing usable. */
export type RfOutcome = { ok: true; frame: Uint8Array } | { ok: false; error: 'noAnswer' | 'damaged'; detail: string };

/** Sends one frame to the card and waits up to `timeoutMs` for its answer. Reader failures throw `CardError`. */
export type RfExchange = (frame: Uint8Array<ArrayBuffer>, timeoutMs: number, signal?: AbortSignal) => Promise<RfOutcome>;

export interface IsoDepSessionOptions {
  /** The card's frame size (FSC) from its ATQB, PCB and CRC_B included. */
  fsc: number;
  /** The card's frame waiting time, in ms. */
  fwtMs: number;
  /** How many times one block is recovered before giving up (ISO/IEC 14443-4 asks for at least 2). */
  maxRetries?: number;
  /** Deadline for one APDU, extensions included, in ms. */
  apduDeadlineMs?: number;
  /** The clock, for the deadline. */
  now?: () => number;
}

export interface IsoDepSession {
  /** Sends one command APDU and resolves with the whole response APDU. */
  transmit(apdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
  /** Sends S(DESELECT) (best effort; never throws). */
  deselect(): Promise<void>;
}

const CRC_LENGTH = 2;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_APDU_DEADLINE_MS = 30_000;

export function createIsoDepSession(rf: RfExchange, options: IsoDepSessionOptions): IsoDepSession {
  const maxInf = options.fsc - 1 - CRC_LENGTH;
  if (maxInf < 1) throw new RangeError('frame size too small');
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const apduDeadlineMs = options.apduDeadlineMs ?? DEFAULT_APDU_DEADLINE_MS;
  const now = options.now ?? Date.now;
  // Rule A: the reader's block number starts at 0.
  let blockNumber: BlockNumber = 0;
  let failure: CardError | null = null;

  const toggle = () => {
    blockNumber = blockNumber === 0 ? 1 : 0;
  };

  function waitMs(wtxm: number): number {
    return Math.min(options.fwtMs * wtxm, MAX_FWT_MS) + DELTA_FWT_MS;
  }

  /**
   * Sends `block` and returns the first valid I- or R-block that answers it, answering S(WTX) on the way
   * and recovering lost frames. `mode` says what the block is: an I-block of ours, or the R(ACK) that asks
   * the card for the next block of its chain (rules 4 and 5 differ between the two).
   */
  async function exchange(block: Uint8Array<ArrayBuffer>, mode: 'iBlock' | 'ack', deadline: number, signal?: AbortSignal): Promise<IsoDepBlock> {
    let frame = block;
    let failures = 0;
    let wtxm = 1;
    for (;;) {
      if (signal?.aborted) throw new CardError('cancelled');
      if (now() > deadline) throw new CardError('timeout', { reason: 'card answer not complete before the deadline' });
      const outcome = await rf(frame, waitMs(wtxm), signal);
      wtxm = 1;
      const reply = outcome.ok ? decodeIsoDepBlock(outcome.frame) : null;
      if (reply?.type === 'wtx') {
        // Rule 3: S(WTX) is answered with the same multiplier; the extension holds for the next wait only.
        wtxm = reply.wtxm;
        frame = encodeIsoDepBlock({ type: 'wtx', wtxm });
        continue;
      }
      if (reply?.type === 'i') return reply;
      if (reply?.type === 'r' && !reply.nak && mode === 'iBlock') {
        if (reply.blockNumber === blockNumber) return reply;
        // Rule 6: the card acknowledges the other block number, so it never got our I-block.
        failures += 1;
        if (failures > maxRetries) throw new CardError('transportError', { reason: 'iso-dep: I-block not received by the card' });
        frame = block;
        continue;
      }
      // Rules 4 and 5: nothing usable came back; ask again.
      failures += 1;
      if (failures > maxRetries) {
        if (!outcome.ok && outcome.error === 'noAnswer') throw new CardError('cardRemoved', { reason: 'no answer from the card' });
        throw new CardError('transportError', { reason: `iso-dep: ${outcome.ok ? 'invalid block' : outcome.detail}` });
      }
      frame = encodeIsoDepBlock({ type: 'r', blockNumber, nak: mode === 'iBlock' });
    }
  }

  async function run(apdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const deadline = now() + apduDeadlineMs;
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < apdu.length || chunks.length === 0; offset += maxInf) chunks.push(apdu.subarray(offset, offset + maxInf));

    let reply: IsoDepBlock | null = null;
    for (const [index, inf] of chunks.entries()) {
      const chaining = index < chunks.length - 1;
      reply = await exchange(encodeIsoDepBlock({ type: 'i', blockNumber, chaining, inf }), 'iBlock', deadline, signal);
      if (!chaining) break;
      // Rule 7 / rule B: R(ACK) with our number continues our chain.
      if (reply.type !== 'r') throw new CardError('transportError', { reason: 'iso-dep: card answered a chained block with data' });
      toggle();
    }

    const parts: Uint8Array[] = [];
    for (;;) {
      if (reply?.type !== 'i' || reply.blockNumber !== blockNumber) {
        throw new CardError('transportError', { reason: 'iso-dep: unexpected block in the answer' });
      }
      toggle();
      parts.push(reply.inf);
      if (!reply.chaining) break;
      // Rule 2: each block of the card's chain is acknowledged with R(ACK).
      reply = await exchange(encodeIsoDepBlock({ type: 'r', blockNumber, nak: false }), 'ack', deadline, signal);
    }
    return concatBytes(...parts);
  }

  return {
    async transmit(apdu, signal) {
      if (failure) throw new CardError(failure.code, { reason: 'session ended by an earlier failure' });
      try {
        return await run(apdu, signal);
      } catch (error) {
        failure = error instanceof CardError ? error : new CardError('transportError', { reason: 'iso-dep', cause: error });
        throw failure;
      }
    },
    async deselect() {
      if (failure) return;
      try {
        await rf(encodeIsoDepBlock({ type: 'deselect' }), waitMs(1));
      } catch {
        // The card may already be gone; the session ends either way.
      }
      failure = new CardError('transportError', { reason: 'session deselected' });
    },
  };
}
