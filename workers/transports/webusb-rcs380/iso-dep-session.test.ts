import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../apdu/card-error.ts';
import { bytesToHex, hexToBytes } from '../../apdu/hex.ts';
import { decodeIsoDepBlock, encodeIsoDepBlock } from './iso-dep-block.ts';
import { createIsoDepSession, type RfExchange, type RfOutcome } from './iso-dep-session.ts';

/** An RF side that answers from a script and records what it was sent (hex) and the waits asked for. */
function scripted(answers: (RfOutcome | string)[]) {
  const sent: string[] = [];
  const waits: number[] = [];
  const rf: RfExchange = async (frame, timeoutMs) => {
    sent.push(bytesToHex(frame));
    waits.push(Math.round(timeoutMs * 100) / 100);
    const next = answers.shift();
    if (next === undefined) return { ok: false, error: 'noAnswer', detail: 'script ended' };
    return typeof next === 'string' ? { ok: true, frame: hexToBytes(next) } : next;
  };
  return { rf, sent, waits };
}

const silence: RfOutcome = { ok: false, error: 'noAnswer', detail: 'receive timeout' };
const noise: RfOutcome = { ok: false, error: 'damaged', detail: 'rf status 00000004' };

describe('ISO-DEP block codec', () => {
  it('encodes and decodes each block kind (PCB values of ISO/IEC 14443-4 §7.1.1)', () => {
    expect(bytesToHex(encodeIsoDepBlock({ type: 'i', blockNumber: 1, chaining: true, inf: hexToBytes('AABB') }))).toBe('13AABB');
    expect(bytesToHex(encodeIsoDepBlock({ type: 'r', blockNumber: 0, nak: true }))).toBe('B2');
    expect(bytesToHex(encodeIsoDepBlock({ type: 'wtx', wtxm: 59 }))).toBe('F23B');
    expect(decodeIsoDepBlock(hexToBytes('039000'))).toEqual({ type: 'i', blockNumber: 1, chaining: false, inf: hexToBytes('9000') });
    expect(decodeIsoDepBlock(hexToBytes('A3'))).toEqual({ type: 'r', blockNumber: 1, nak: false });
    // Power level bits (C0) are ignored: WTXM is the low six bits.
    expect(decodeIsoDepBlock(hexToBytes('F2C5'))).toEqual({ type: 'wtx', wtxm: 5 });
  });

  it('refuses blocks with CID/NAD, WTXM 0 or above 59, and stray bytes', () => {
    for (const hex of ['0A9000', '069000', 'AA', 'F200', 'F23C', 'A200', 'C2FF', '', 'FF']) expect(decodeIsoDepBlock(hexToBytes(hex))).toBeNull();
  });
});

describe('ISO-DEP session', () => {
  it('splits a command into chained I-blocks of FSC − 3 bytes and joins a chained answer', async () => {
    // FSC 16 → INF ≤ 13: 30 bytes go as 13 + 13 + 4; the card acknowledges A2, A3, then answers in three blocks.
    const { rf, sent } = scripted(['A2', 'A3', '1211', '1322', '02339000']);
    const session = createIsoDepSession(rf, { fsc: 16, fwtMs: 10 });
    const apdu = Uint8Array.from({ length: 30 }, (_, i) => i);
    const answer = await session.transmit(apdu);
    expect(sent).toEqual(['12000102030405060708090A0B0C', '130D0E0F10111213141516171819', '021A1B1C1D', 'A3', 'A2']);
    expect(bytesToHex(answer)).toBe('1122339000');
  });

  it('answers S(WTX) with its multiplier and extends only the next wait', async () => {
    const { rf, sent, waits } = scripted(['F202', 'F2C3', '029000']);
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    expect(bytesToHex(await session.transmit(hexToBytes('00A4040C')))).toBe('9000');
    expect(sent).toEqual(['0200A4040C', 'F202', 'F203']);
    // FWT 10 ms (+ ΔFWT 3.62 ms): 13.62, then ×2 → 23.62, then ×3 → 33.62.
    expect(waits).toEqual([13.62, 23.62, 33.62]);
  });

  it('gives timeout when the answer is not complete by the deadline (a card asking extension after extension)', async () => {
    let clock = 0;
    const rf: RfExchange = async () => {
      clock += 1_000;
      return { ok: true, frame: hexToBytes('F201') };
    };
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10, apduDeadlineMs: 5_000, now: () => clock });
    await expect(session.transmit(hexToBytes('00A4040C'))).rejects.toMatchObject({ code: 'timeout' });
    expect(clock).toBe(6_000);
  });

  it('gives cardRemoved after the block and two R(NAK)s go unanswered, and stays dead', async () => {
    const { rf, sent } = scripted([silence, silence, silence, '029000']);
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    await expect(session.transmit(hexToBytes('00A4040C'))).rejects.toMatchObject({ code: 'cardRemoved' });
    expect(sent).toEqual(['0200A4040C', 'B2', 'B2']);
    await expect(session.transmit(hexToBytes('00A4040C'))).rejects.toMatchObject({ code: 'cardRemoved' });
    expect(sent).toHaveLength(3);
  });

  it('gives transportError when blocks keep arriving damaged', async () => {
    const { rf } = scripted([noise, '77', noise]);
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    await expect(session.transmit(hexToBytes('00A4040C'))).rejects.toMatchObject({ code: 'transportError', reason: 'iso-dep: rf status 00000004' });
  });

  it('recovers while the card chains with R(ACK), not R(NAK) (rule 5)', async () => {
    const { rf, sent } = scripted(['1201', silence, '0302']);
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    expect(bytesToHex(await session.transmit(hexToBytes('00B0000002')))).toBe('0102');
    expect(sent).toEqual(['0200B0000002', 'A3', 'A3']);
  });

  it('refuses an answer block with the wrong block number', async () => {
    const { rf } = scripted(['039000']);
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    await expect(session.transmit(hexToBytes('00A4040C'))).rejects.toMatchObject({ code: 'transportError' });
  });

  it('stops at once when the signal is aborted', async () => {
    const { rf, sent } = scripted([]);
    const controller = new AbortController();
    controller.abort();
    const session = createIsoDepSession(rf, { fsc: 256, fwtMs: 10 });
    await expect(session.transmit(hexToBytes('00A4040C'), controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(sent).toEqual([]);
  });

  it('always ends, with bytes or a CardError, whatever the card sends (fuzz)', async () => {
    const answer = fc.oneof(
      fc.uint8Array({ maxLength: 8 }).map((frame): RfOutcome => ({ ok: true, frame })),
      fc.constantFrom('029000', '039000', 'A2', 'A3', 'B2', 'F201', 'F23B', 'C2', '1201', '1301').map((hex): RfOutcome => ({ ok: true, frame: hexToBytes(hex) })),
      fc.constant(silence),
      fc.constant(noise),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { maxLength: 40 }), fc.uint8Array({ minLength: 1, maxLength: 60 }), async (answers, apdu) => {
        const { rf } = scripted(answers);
        const session = createIsoDepSession(rf, { fsc: 16, fwtMs: 1 });
        try {
          const response = await session.transmit(apdu);
          expect(response).toBeInstanceOf(Uint8Array);
        } catch (error) {
          expect(error).toBeInstanceOf(CardError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
