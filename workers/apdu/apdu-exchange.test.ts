import { describe, expect, it } from 'vitest';
import { exchangeApdu } from './apdu-exchange.ts';
import { CardError } from './card-error.ts';
import { bytesToHex, hexToBytes } from './hex.ts';
import type { CardTransport } from '../transports/card-transport.ts';

/** A transport that answers from a script and records what it was sent (copies, as sent). */
function scripted(answers: string[]): CardTransport & { sent: string[]; buffers: Uint8Array[] } {
  const sent: string[] = [];
  const buffers: Uint8Array[] = [];
  return {
    sent,
    buffers,
    async transmit(apdu) {
      sent.push(bytesToHex(apdu));
      buffers.push(apdu);
      const next = answers.shift();
      if (next === undefined) throw new Error('script exhausted');
      return hexToBytes(next);
    },
  };
}

describe('exchangeApdu', () => {
  it('returns data and status of a plain answer', async () => {
    const t = scripted(['0102 9000']);
    const r = await exchangeApdu(t, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 2 });
    expect([bytesToHex(r.data), r.sw]).toEqual(['0102', 0x9000]);
    expect(t.sent).toEqual(['00B0000002']);
  });

  it('resends once with the Le the card names in 6Cxx', async () => {
    const t = scripted(['6C03', 'AABBCC 9000']);
    let extra = 0;
    const r = await exchangeApdu(t, { cla: 0, ins: 0xb0, p1: 0x01, p2: 0x00, le: 256 }, { expectMore: (n) => (extra += n) });
    expect(t.sent).toEqual(['00B0010000', '00B0010003']);
    expect(bytesToHex(r.data)).toBe('AABBCC');
    expect(extra).toBe(1);
  });

  it('does not loop on a second 6Cxx', async () => {
    const t = scripted(['6C03', '6C02']);
    const r = await exchangeApdu(t, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
    expect(r.sw).toBe(0x6c02);
    expect(t.sent).toHaveLength(2);
  });

  it('leaves 6Cxx alone for commands without Le', async () => {
    const t = scripted(['6C03']);
    const r = await exchangeApdu(t, { cla: 0, ins: 0x20, p1: 0, p2: 0x80 });
    expect(r.sw).toBe(0x6c03);
  });

  it('collects 61xx answers with GET RESPONSE', async () => {
    const t = scripted(['6104', '01020304 6102', '0506 9000']);
    let extra = 0;
    const r = await exchangeApdu(t, { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: Uint8Array.of(1), le: 256 }, { expectMore: (n) => (extra += n) });
    expect(t.sent).toEqual(['802A00800101' + '00', '00C0000004', '00C0000002']);
    expect(bytesToHex(r.data)).toBe('010203040506');
    expect(r.sw).toBe(0x9000);
    expect(extra).toBe(2);
  });

  it('asks for 256 bytes after 6100', async () => {
    const t = scripted(['6100', `${'AB'.repeat(256)}9000`]);
    const r = await exchangeApdu(t, { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: Uint8Array.of(1), le: 256 });
    expect(t.sent[1]).toBe('00C0000000');
    expect(r.data.length).toBe(256);
  });

  it('keeps the error status that ends a GET RESPONSE chain', async () => {
    const t = scripted(['6102', '6F00']);
    const r = await exchangeApdu(t, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 2 });
    expect(r.sw).toBe(0x6f00);
  });

  it('stops a card that never stops saying 61xx', async () => {
    const t = scripted(Array.from({ length: 300 }, () => '00 6101'));
    await expect(exchangeApdu(t, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 })).rejects.toMatchObject({ code: 'malformedResponse' });
    expect(t.sent.length).toBe(257);
  });

  it('sends nothing when already cancelled', async () => {
    const t = scripted(['9000']);
    const controller = new AbortController();
    controller.abort();
    await expect(exchangeApdu(t, { cla: 0, ins: 0x20, p1: 0, p2: 0x80 }, { signal: controller.signal })).rejects.toBeInstanceOf(CardError);
    expect(t.sent).toEqual([]);
  });

  it('zeroes the command buffer after sending (a VERIFY carries the PIN)', async () => {
    const t = scripted(['9000']);
    await exchangeApdu(t, { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: hexToBytes('31323334') });
    expect(t.sent).toEqual(['002000800431323334']);
    expect([...(t.buffers[0] ?? [])]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('reports a response without status word as malformedResponse', async () => {
    const t = scripted(['90']);
    await expect(exchangeApdu(t, { cla: 0, ins: 0x20, p1: 0, p2: 0x80 })).rejects.toMatchObject({ code: 'malformedResponse' });
  });
});
