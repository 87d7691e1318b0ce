import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import { guardTransport } from '../apdu/apdu-policy.ts';
import { createTestCard, testCardKeys, wireTestCard } from '../transports/virtual-card-fixture.ts';
import { detectCard } from './detect-card.ts';
import { readAuthCertificate } from './read-auth-certificate.ts';
import { readBinary } from './read-tlv-file.ts';

const SELECT_JPKI = '00A4040C0AD392F000260100000001';

/** The READ BINARY commands for a DER object of `size` bytes: 4-byte header, then 256-byte chunks. */
function expectedReads(size: number): string[] {
  const reads = ['00B0000004'];
  for (let offset = 4; offset < size; offset += 256) {
    const le = Math.min(256, size - offset);
    reads.push(`00B0${offset.toString(16).padStart(4, '0').toUpperCase()}${le === 256 ? '00' : le.toString(16).padStart(2, '0').toUpperCase()}`);
  }
  return reads;
}

describe('expectedReads (the helper itself)', () => {
  it('matches a hand-written sequence for a 906-byte certificate', () => {
    expect(expectedReads(906)).toEqual(['00B0000004', '00B0000400', '00B0010400', '00B0020400', '00B0030486']);
  });
});

describe('detectCard', () => {
  it('is one SELECT of the JPKI AP', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    expect(await detectCard(transport)).toEqual({ myNumberCard: true });
    expect(log()).toEqual([SELECT_JPKI]);
  });

  it('reports another card as unsupported', async () => {
    const transport = guardTransport({ transmit: async () => hexToBytes('6A82') });
    await expect(detectCard(transport)).rejects.toMatchObject({ code: 'unsupportedCard', statusWord: 0x6a82 });
  });
});

describe('readAuthCertificate', () => {
  it('reads both certificates exactly, without a PIN, in the documented APDUs', async () => {
    const keys = await testCardKeys();
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    const read = await readAuthCertificate(transport);
    expect(bytesToHex(read.authCertificate)).toBe(bytesToHex(keys.authCertificate));
    expect(bytesToHex(read.caCertificate)).toBe(bytesToHex(keys.caCertificate));
    expect(log()).toEqual([
      SELECT_JPKI,
      '00A4020C02000A',
      ...expectedReads(keys.authCertificate.length),
      '00A4020C02000B',
      ...expectedReads(keys.caCertificate.length),
    ]);
    const auth = new X509Certificate(read.authCertificate);
    expect(auth.verify(new X509Certificate(read.caCertificate).publicKey)).toBe(true);
  });

  it('counts its APDUs in advance, then adds the chunks once each size is known', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    let expected = 0;
    const steps: string[] = [];
    await readAuthCertificate(transport, { expectMore: (n) => (expected += n), step: (s) => steps.push(s) });
    expect(expected).toBe(log().length);
    expect(steps).toEqual(['selectingApp', 'readingAuthCertificate', 'readingCaCertificate']);
  });

  it('refuses an EF that does not hold a certificate', async () => {
    const answers = ['9000', '9000', '04020102 9000'];
    const transport = guardTransport({ transmit: async () => hexToBytes(answers.shift() ?? '6F00') });
    await expect(readAuthCertificate(transport)).rejects.toMatchObject({ code: 'malformedResponse' });
  });

  it('refuses a header announcing more than READ BINARY can address', async () => {
    const answers = ['9000', '9000', '3082FFFF 9000'];
    const transport = guardTransport({ transmit: async () => hexToBytes(answers.shift() ?? '6F00') });
    await expect(readAuthCertificate(transport)).rejects.toMatchObject({ code: 'malformedResponse', reason: 'file larger than READ BINARY can address' });
  });
});

describe('readBinary', () => {
  it('continues after a short answer and stops on an empty one', async () => {
    const sent: string[] = [];
    const answers = ['AABB 9000', 'CC 9000'];
    const transport = guardTransport({
      transmit: async (apdu) => {
        sent.push(bytesToHex(apdu));
        return hexToBytes((answers.shift() ?? '9000').replace(/ /g, ''));
      },
    });
    transport.policy.observe(hexToBytes(SELECT_JPKI), hexToBytes('9000'));
    transport.policy.observe(hexToBytes('00A4020C02000A'), hexToBytes('9000'));
    expect(bytesToHex(await readBinary(transport, 0x10, 3))).toBe('AABBCC');
    expect(sent).toEqual(['00B0001003', '00B0001201']);
    await expect(readBinary(transport, 0, 1)).rejects.toMatchObject({ code: 'malformedResponse' });
  });

  it('turns the card status into the typed error', async () => {
    const transport = guardTransport({ transmit: async () => hexToBytes('6982') });
    transport.policy.observe(hexToBytes(SELECT_JPKI), hexToBytes('9000'));
    transport.policy.observe(hexToBytes('00A4020C02000A'), hexToBytes('9000'));
    await expect(readBinary(transport, 0, 4)).rejects.toMatchObject({ code: 'securityNotSatisfied' });
  });
});
