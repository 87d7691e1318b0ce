import { createHash, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { guardTransport } from '../../apdu/apdu-policy.ts';
import { bytesToHex, hexToBytes } from '../../apdu/hex.ts';
import { JPKI_FILES } from '../../mynumber/card-layout.ts';
import { createCardService } from '../../card-service.ts';
import { detectCard } from '../../mynumber/detect-card.ts';
import { readPinRetries, verifyAuthPin } from '../../mynumber/pin.ts';
import { readAuthCertificate } from '../../mynumber/read-auth-certificate.ts';
import { selectApp, selectEf } from '../../mynumber/select.ts';
import { signDigestWithAuthKey } from '../../mynumber/sign-digest.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys } from '../virtual-card-fixture.ts';
import { createFakeRcs380, type FakeRcs380Options } from './fake-rcs380.testing.ts';
import { createRcs380Provider } from './rcs380-provider.ts';
import type { Rcs380ConnectOptions } from './connect-rcs380.ts';
import type { UsbDeviceLike } from './usb-device-like.ts';

const READER = 'webusb:rcs380:FAKE0001';
const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

async function setup(fakeOptions: FakeRcs380Options = {}, options: Rcs380ConnectOptions = {}) {
  const card = await createTestCard();
  const fake = createFakeRcs380({ card, ...fakeOptions });
  const provider = createRcs380Provider({ getDevices: async () => [fake.device], options: { responseMarginMs: 50, ...options } });
  const open = async () => {
    const connection = await provider.connect(READER, new AbortController().signal);
    return { connection, transport: guardTransport(connection) };
  };
  return { card, fake, provider, open };
}

const sentBlocks = (log: readonly { sent: string }[]) => log.map((e) => e.sent.slice(0, 2));

describe('RC-S380 provider', () => {
  it('lists granted RC-S380 devices only, card presence unknown', async () => {
    const { fake } = await setup();
    const other = { ...fake.device, vendorId: 0x072f, productId: 0x2200 } as UsbDeviceLike;
    const provider = createRcs380Provider({ getDevices: async () => [other, fake.device] });
    expect(await provider.listReaders()).toEqual([{ id: READER, name: 'Sony RC-S380 (PaSoRi)', kind: 'webusb', cardPresent: null }]);
    await expect(provider.connect('webusb:rcs380:other', new AbortController().signal)).rejects.toMatchObject({ code: 'readerNotFound' });
  });

  it('sets the chip up for Type B, polls with REQB and activates the card with ATTRIB', async () => {
    const { fake, open } = await setup();
    const { connection } = await open();
    expect(fake.commands).toEqual(['ack', '2a', '06', '00', '02', '02', '04', '04']);
    expect(fake.rfLog[0]).toEqual({ sent: '050010', timeoutUnits: 300, received: '503A5C110700000000008180' });
    // ATQB: 50 | PUPI | application data | 00 (106 kbit/s only), 81 (FSCI 8 = 256 bytes, ISO/IEC 14443-4), 80 (FWI 8).
    // ATTRIB: 1D | PUPI 3A5C1107 | 00 | 08 (FSD 256, 106 kbit/s) | 01 (ISO/IEC 14443-4) | 00 (CID 0) → MBLI|CID 00.
    expect(fake.rfLog[1]?.sent).toBe('1D3A5C110700080100');
    expect(fake.rfLog[1]?.received).toBe('00');
    await connection.close();
    expect(fake.device.opened).toBe(false);
    expect(fake.violations).toEqual([]);
  });

  it('carries APDUs in I-blocks with alternating block numbers (detect card)', async () => {
    const { fake, open } = await setup();
    const { transport } = await open();
    expect(await detectCard(transport)).toEqual({ myNumberCard: true });
    expect(fake.rfLog.slice(2)).toEqual([{ sent: '0200A4040C0AD392F000260100000001', timeoutUnits: 810, received: '029000' }]);
    // Three more APDUs (SELECT AP, SELECT EF 0018, VERIFY without data): block numbers 1, 0, 1.
    await readPinRetries(transport, 'jpki');
    expect(fake.rfLog.slice(3).map((e) => [e.sent.slice(0, 2), e.received])).toEqual([
      ['03', '039000'],
      ['02', '029000'],
      ['03', '0363C3'],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('reads the auth certificate through a card that chains its answers (64-byte blocks, R(ACK) each)', async () => {
    const { fake, open } = await setup({ cardMaxInf: 64 });
    const { transport } = await open();
    const read = await readAuthCertificate(transport);
    const keys = await testCardKeys();
    expect(bytesToHex(read.authCertificate)).toBe(bytesToHex(keys.authCertificate));
    expect(bytesToHex(read.caCertificate)).toBe(bytesToHex(keys.caCertificate));
    const received = fake.rfLog.map((e) => e.received?.slice(0, 2));
    expect(received).toContain('12');
    expect(received).toContain('13');
    expect(sentBlocks(fake.rfLog)).toContain('A2');
    expect(sentBlocks(fake.rfLog)).toContain('A3');
    expect(fake.violations).toEqual([]);
  });

  it('reads the retries left', async () => {
    const { open } = await setup();
    const { transport } = await open();
    expect(await readPinRetries(transport, 'jpki')).toEqual({ app: 'jpki', triesLeft: 3, blocked: false });
  });

  it('verifies the PIN and signs a digest with a 32-byte card frame: the reader chains the command, the card the signature', async () => {
    const { fake, card, open } = await setup({ fsci: 2 });
    const { transport } = await open();
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    const before = fake.rfLog.length;
    const signature = await signDigestWithAuthKey(transport, digestOf('consent'));
    const certificate = new X509Certificate((await testCardKeys()).authCertificate);
    expect(verify('RSA-SHA256', Buffer.from('consent'), certificate.publicKey, signature)).toBe(true);
    // 57-byte sign APDU in 29-byte pieces: I(chaining) → R(ACK) → I(last) after the SELECT EF.
    const signBlocks = fake.rfLog.slice(before + 1);
    expect(signBlocks[0]?.sent.slice(0, 2)).toMatch(/^1[23]$/);
    expect(signBlocks[0]?.sent.length).toBe(2 + 29 * 2);
    expect(signBlocks[0]?.received).toMatch(/^A[23]$/);
    // 258-byte answer with FSD 256: 253 bytes chained, then 5.
    expect(signBlocks.at(-2)?.received?.length).toBe(2 + 253 * 2);
    expect(signBlocks.at(-1)?.received?.length).toBe(2 + 5 * 2);
    expect(card.apduLog.filter((a) => bytesToHex(a).startsWith('002000')).length).toBe(2);
    expect(fake.violations).toEqual([]);
  });

  it('answers S(WTX) with the same multiplier and waits FWT × WTXM for the next frame', async () => {
    const { fake, open } = await setup();
    const { transport } = await open();
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    fake.inject({ kind: 'wtx', count: 2, wtxm: 3 });
    const signature = await signDigestWithAuthKey(transport, digestOf('wtx'));
    expect(signature.length).toBe(256);
    const wtx = fake.rfLog.filter((e) => e.received === 'F203');
    expect(wtx).toHaveLength(2);
    const answers = fake.rfLog.filter((e) => e.sent === 'F203');
    expect(answers).toHaveLength(2);
    // FWI 8: FWT = 4096/13.56 MHz × 2^8 = 77.33 ms; ×3 = 231.99 ms; + ΔFWT 3.62 ms = 235.61 ms → 2357 × 0.1 ms.
    expect(answers.map((e) => e.timeoutUnits)).toEqual([2357, 2357]);
    // Without an extension: 77.33 + 3.62 = 80.95 ms → 810.
    expect(fake.rfLog.at(-1)?.timeoutUnits).toBe(810);
    expect(fake.violations).toEqual([]);
  });

  it('recovers a frame lost on the way to the card: R(NAK), the card R(ACK)s the other number, the I-block again', async () => {
    const { fake, card, open } = await setup();
    const { transport } = await open();
    fake.inject({ kind: 'dropToCard', count: 1 });
    expect(await readPinRetries(transport, 'jpki')).toMatchObject({ triesLeft: 3 });
    const [lost, nak, again] = fake.rfLog.slice(2, 5);
    expect(lost).toMatchObject({ sent: '0200A4040C0AD392F000260100000001', received: null });
    expect(nak).toMatchObject({ sent: 'B2', received: 'A3' });
    expect(again).toMatchObject({ sent: '0200A4040C0AD392F000260100000001', received: '029000' });
    expect(card.apduLog).toHaveLength(3);
  });

  it('recovers an answer lost on the way back without running the command twice (the PIN try is not burnt twice)', async () => {
    const { fake, card, open } = await setup();
    const { transport } = await open();
    await selectApp(transport, 'jpki');
    await selectEf(transport, JPKI_FILES.authPin);
    fake.inject({ kind: 'dropFromCard', count: 1 });
    const response = await transport.transmit(hexToBytes('0020008004 30303030'));
    expect(bytesToHex(response)).toBe('63C2');
    expect(card.triesLeft('jpki')).toBe(2);
    expect(card.apduLog.filter((a) => bytesToHex(a).startsWith('0020008004'))).toHaveLength(1);
    // VERIFY in I(0) (after two SELECTs: I(0), I(1)); its answer is lost, R(NAK) 0 brings the same block back.
    expect(fake.rfLog.slice(-2).map((e) => [e.sent.slice(0, 12), e.received])).toEqual([
      ['020020008004', null],
      ['B2', '0263C2'],
    ]);
  });

  it('recovers a reader frame with a bad checksum the same way (R(NAK), the card sends its block again)', async () => {
    const { fake, open } = await setup();
    const { transport } = await open();
    fake.inject({ kind: 'badChecksum', count: 1 });
    expect(await readPinRetries(transport, 'jpki')).toMatchObject({ triesLeft: 3 });
    expect(sentBlocks(fake.rfLog)).toContain('B2');
  });

  it('asks a settings command once more when its answer arrives damaged', async () => {
    const { fake, open } = await setup();
    fake.inject({ kind: 'badChecksum', count: 1, command: 0x00 });
    const { transport } = await open();
    expect(fake.commands.slice(0, 6)).toEqual(['ack', '2a', '06', '00', '00', '02']);
    expect(await detectCard(transport)).toEqual({ myNumberCard: true });
  });

  it('maps a card taken away mid-operation to cardRemoved, and later APDUs fail the same way', async () => {
    const { fake, open } = await setup();
    const { transport, connection } = await open();
    fake.inject({ kind: 'cardRemoved', afterApdus: 2 });
    await expect(readAuthCertificate(transport)).rejects.toMatchObject({ code: 'cardRemoved' });
    await expect(connection.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c))).rejects.toMatchObject({ code: 'cardRemoved' });
    // I-block, then R(NAK) twice: ISO/IEC 14443-4 asks a reader to try at least twice.
    expect(fake.rfLog.slice(-3).map((e) => [e.sent.slice(0, 2), e.received])).toEqual([
      ['02', null],
      ['B2', null],
      ['B2', null],
    ]);
    await connection.close();
  });

  it('answers noCard when nothing answers REQB, and unsupportedCard for a card without ISO/IEC 14443-4', async () => {
    const empty = createFakeRcs380({ card: null });
    const provider = createRcs380Provider({ getDevices: async () => [empty.device], options: { pollAttempts: 3 } });
    await expect(provider.connect(READER, new AbortController().signal)).rejects.toMatchObject({ code: 'noCard' });
    expect(empty.rfLog.map((e) => e.sent)).toEqual(['050010', '050010', '050010']);
    expect(empty.device.opened).toBe(false);
    const { provider: other } = await setup({ isoDep: false });
    await expect(other.connect(READER, new AbortController().signal)).rejects.toMatchObject({ code: 'unsupportedCard' });
  });

  it('maps a reader that stops answering to timeout, aborts its command with an ACK, and closes cleanly', async () => {
    const { fake, open } = await setup();
    const { transport, connection } = await open();
    fake.inject({ kind: 'readerSilent' });
    const started = Date.now();
    await expect(readPinRetries(transport, 'jpki')).rejects.toMatchObject({ code: 'timeout' });
    // Deadline: InCommRF timeout 81 ms + 50 ms margin.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fake.commands.at(-1)).toBe('ack');
    await expect(connection.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c))).rejects.toMatchObject({ code: 'timeout' });
    await connection.close();
    expect(fake.device.opened).toBe(false);
  });
});

describe('card service over the RC-S380', () => {
  it('runs every card operation through the webusb transport', async () => {
    const { provider, fake } = await setup({ fsci: 5, cardMaxInf: 120 });
    const service = createCardService({ transports: [provider] });
    expect(await service.listReaders()).toEqual({ ok: true, value: [{ id: READER, name: 'Sony RC-S380 (PaSoRi)', kind: 'webusb', cardPresent: null }] });
    expect(await service.detectCard(READER)).toEqual({ ok: true, value: { myNumberCard: true } });
    const certificate = await service.readCertificate(READER);
    expect(certificate.ok && bytesToHex(certificate.value.authCertificate)).toBe(bytesToHex((await testCardKeys()).authCertificate));
    expect(await service.readRetries(READER, 'jpki')).toEqual({ ok: true, value: { app: 'jpki', triesLeft: 3, blocked: false } });
    const signed = await service.verifyAndSign(READER, TEST_CARD_HOLDER.authPin, digestOf('service'));
    expect(signed.ok).toBe(true);
    if (signed.ok) {
      const publicKey = new X509Certificate((await testCardKeys()).authCertificate).publicKey;
      expect(verify('RSA-SHA256', Buffer.from('service'), publicKey, signed.value.signature)).toBe(true);
    }
    const info = await service.readBasicInfo(READER, TEST_CARD_HOLDER.cardInfoPin);
    expect(info.ok && info.value.name).toBe(TEST_CARD_HOLDER.name);
    expect(fake.violations).toEqual([]);
    expect(fake.device.opened).toBe(false);
  });

  it('reports cardRemoved and timeout as card errors', async () => {
    const { provider, fake } = await setup();
    const service = createCardService({ transports: [provider] });
    fake.inject({ kind: 'cardRemoved', afterApdus: 3 });
    const removed = await service.readCertificate(READER);
    expect(removed.ok ? null : removed.error.code).toBe('cardRemoved');
    const noCard = await service.detectCard(READER);
    expect(noCard.ok ? null : noCard.error.code).toBe('noCard');
    fake.insertCard(await createTestCard());
    expect((await service.detectCard(READER)).ok).toBe(true);
    fake.inject({ kind: 'readerSilent' });
    const silent = await service.detectCard(READER);
    expect(silent.ok ? null : silent.error.code).toBe('timeout');
  });
});
