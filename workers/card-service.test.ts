import { createHash, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthCertificateRead, AuthSignature, BasicFourInfo, CardErrorInfo, CardProgress, cardResultSchema, PinRetries, type CardResult } from '../src/protocol/card.ts';
import { bytesToHex, indexOfBytes } from './apdu/hex.ts';
import { selectApp, selectEf } from './mynumber/select.ts';
import { createCardService, type CardServiceDeps } from './card-service.ts';
import { INDIVIDUAL_NUMBER_CANARY, type VirtualCard, type VirtualCardConfig } from './transports/virtual-card.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys, wireTestCard } from './transports/virtual-card-fixture.ts';
import { createVirtualReader, type VirtualReaderOptions } from './transports/virtual-reader.ts';
import type { CardTransportProvider } from './transports/card-transport.ts';

const READER = 'virtual:test';
const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

async function setup(options: { card?: Partial<VirtualCardConfig>; reader?: VirtualReaderOptions; deps?: Partial<CardServiceDeps> } = {}) {
  const card = await createTestCard(options.card);
  const reader = createVirtualReader({ id: READER, card, ...options.reader });
  const service = createCardService({ transports: [reader], ...options.deps });
  const events: CardProgress[] = [];
  const onProgress = (p: CardProgress) => {
    events.push(p);
  };
  return { card, reader, service, events, onProgress };
}

function errorOf<T>(result: CardResult<T>): CardErrorInfo {
  if (result.ok) throw new Error('expected a failure');
  expect(CardErrorInfo.safeParse(result.error).success).toBe(true);
  return result.error;
}

function valueOf<T>(result: CardResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
  return result.value;
}

/** APDUs of one certificate file: SELECT EF, 4-byte header, then ≤ 256-byte chunks. */
const certificateApdus = (size: number) => 2 + Math.ceil((size - 4) / 256);

describe('card service: operations against the in-process virtual card', () => {
  it('lists the readers of every provider, first one winning a duplicate id, failing providers skipped', async () => {
    const { reader } = await setup();
    const failing: CardTransportProvider = { kind: 'bridge', listReaders: () => Promise.reject(new Error('offline')), connect: () => Promise.reject(new Error('offline')) };
    const duplicate = createVirtualReader({ id: READER, name: 'second' });
    const service = createCardService({ transports: [failing, reader, duplicate] });
    expect(valueOf(await service.listReaders())).toEqual([{ id: READER, name: 'Tsunagi 仮想カードリーダー (Virtual card reader)', kind: 'virtual', cardPresent: true }]);
  });

  it('detects a My Number card with one APDU', async () => {
    const { service, card, events, onProgress } = await setup();
    expect(valueOf(await service.detectCard(READER, onProgress))).toEqual({ myNumberCard: true });
    expect(card.apduLog).toHaveLength(1);
    expect(events.map((e) => e.step)).toEqual(['connecting', 'selectingApp', 'selectingApp']);
    expect(events.at(-1)).toEqual({ readerId: READER, step: 'selectingApp', apdusDone: 1, apdusTotal: 1 });
  });

  it('reads the auth and CA certificates with progress that ends exact', async () => {
    const { service, card, events, onProgress } = await setup();
    const keys = await testCardKeys();
    const result = await service.readCertificate(READER, onProgress);
    expect(cardResultSchema(AuthCertificateRead).safeParse(result).success).toBe(true);
    const read = valueOf(result);
    expect(bytesToHex(read.authCertificate)).toBe(bytesToHex(keys.authCertificate));
    expect(bytesToHex(read.caCertificate)).toBe(bytesToHex(keys.caCertificate));
    const expected = 1 + certificateApdus(keys.authCertificate.length) + certificateApdus(keys.caCertificate.length);
    expect(card.apduLog).toHaveLength(expected);
    const last = events.at(-1);
    expect([last?.apdusDone, last?.apdusTotal]).toEqual([expected, expected]);
    const done = events.map((e) => e.apdusDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(events.every((e) => CardProgress.safeParse(e).success && e.apdusDone <= e.apdusTotal)).toBe(true);
    expect([...new Set(events.map((e) => e.step))]).toEqual(['connecting', 'selectingApp', 'readingAuthCertificate', 'readingCaCertificate']);
  });

  it('reads the tries left of each PIN in 3 APDUs', async () => {
    const { service, card } = await setup({ card: { retries: { auth: 2, cardInfo: 3 } } });
    const jpki = await service.readRetries(READER, 'jpki');
    expect(cardResultSchema(PinRetries).safeParse(jpki).success).toBe(true);
    expect(valueOf(jpki)).toEqual({ app: 'jpki', triesLeft: 2, blocked: false });
    expect(valueOf(await service.readRetries(READER, 'cardInfo'))).toEqual({ app: 'cardInfo', triesLeft: 3, blocked: false });
    expect(card.apduLog).toHaveLength(6);
    expect(errorOf(await service.readRetries(READER, 'visual' as never)).code).toBe('invalidRequest');
  });

  it('verifies the auth PIN and signs: the signature verifies against the certificate (6 APDUs)', async () => {
    const { service, card, events, onProgress } = await setup();
    const certificate = valueOf(await service.readCertificate(READER)).authCertificate;
    const before = card.apduLog.length;
    const result = await service.verifyAndSign(READER, TEST_CARD_HOLDER.authPin, digestOf('同意します'), {}, onProgress);
    expect(cardResultSchema(AuthSignature).safeParse(result).success).toBe(true);
    const { signature, authCertificate } = valueOf(result);
    expect(authCertificate).toBeUndefined();
    expect(card.apduLog.length - before).toBe(6);
    const publicKey = new X509Certificate(certificate).publicKey;
    expect(verify('RSA-SHA256', Buffer.from('同意します'), publicKey, signature)).toBe(true);
    expect(verify('RSA-SHA256', Buffer.from('同意しません'), publicKey, signature)).toBe(false);
    expect([...new Set(events.map((e) => e.step))]).toEqual(['connecting', 'selectingApp', 'readingRetries', 'verifyingPin', 'signing']);
    expect(events.at(-1)).toMatchObject({ apdusDone: 6, apdusTotal: 6 });
  });

  it('signs and reads the auth certificate in one session when asked', async () => {
    const { service, card } = await setup({ card: { transmission: 'getResponse' } });
    const keys = await testCardKeys();
    const { signature, authCertificate } = valueOf(await service.verifyAndSign(READER, TEST_CARD_HOLDER.authPin, digestOf('x'), { includeAuthCertificate: true }));
    expect(bytesToHex(authCertificate ?? new Uint8Array())).toBe(bytesToHex(keys.authCertificate));
    expect(verify('RSA-SHA256', Buffer.from('x'), new X509Certificate(keys.authCertificate).publicKey, signature)).toBe(true);
    // 6 + one GET RESPONSE (T=0 style card) + the certificate file.
    expect(card.apduLog).toHaveLength(7 + certificateApdus(keys.authCertificate.length));
  });

  it('reads the basic four info with the card-info PIN (7 APDUs)', async () => {
    const { service, card } = await setup();
    const result = await service.readBasicInfo(READER, TEST_CARD_HOLDER.cardInfoPin);
    expect(cardResultSchema(BasicFourInfo).safeParse(result).success).toBe(true);
    expect(valueOf(result)).toEqual({ name: '試験 太郎', address: '東京都見本区見本町一丁目1番1号', birthDate: '1950-01-02', sex: 'male' });
    expect(card.apduLog).toHaveLength(7);
  });
});

describe('card service: PIN errors', () => {
  it('counts down 2 → 1, asks to confirm the last try, then blocks', async () => {
    const { service, card } = await setup();
    const sign = (pin: string, confirmLastTry = false) => service.verifyAndSign(READER, pin, digestOf('d'), { confirmLastTry });
    const first = errorOf(await sign('0000'));
    expect(first).toEqual({ code: 'wrongPin', triesLeft: 2, statusWord: '63C2', messageJa: '暗証番号が違います。残り2回です。', messageEn: 'The PIN is wrong. 2 tries left.' });
    expect(errorOf(await sign('0000'))).toMatchObject({ code: 'wrongPin', triesLeft: 1 });
    const sentBefore = card.apduLog.length;
    expect(errorOf(await sign('0000'))).toMatchObject({ code: 'lastTryNeedsConfirmation', triesLeft: 1 });
    expect(card.apduLog.length - sentBefore).toBe(3);
    expect(card.triesLeft('jpki')).toBe(1);
    expect(errorOf(await sign('0000', true))).toMatchObject({ code: 'pinBlocked', triesLeft: 0 });
    expect(errorOf(await sign(TEST_CARD_HOLDER.authPin, true))).toMatchObject({ code: 'pinBlocked', triesLeft: 0 });
    expect(valueOf(await service.readRetries(READER, 'jpki'))).toEqual({ app: 'jpki', triesLeft: 0, blocked: true });
    // The card-info PIN is a different counter.
    expect(valueOf(await service.readRetries(READER, 'cardInfo')).triesLeft).toBe(3);
  });

  it('asks for confirmation on the card-info PIN too, and succeeds when confirmed with the right PIN', async () => {
    const { service, card } = await setup({ card: { retries: { cardInfo: 1 } } });
    expect(errorOf(await service.readBasicInfo(READER, TEST_CARD_HOLDER.cardInfoPin)).code).toBe('lastTryNeedsConfirmation');
    expect(valueOf(await service.readBasicInfo(READER, TEST_CARD_HOLDER.cardInfoPin, { confirmLastTry: true })).name).toBe(TEST_CARD_HOLDER.name);
    expect(card.triesLeft('cardInfo')).toBe(3);
  });

  it('refuses malformed PINs and digests before touching the card', async () => {
    const { service, card } = await setup();
    for (const pin of ['123', '12345', 'abcd', '１２３４', '']) {
      expect(errorOf(await service.verifyAndSign(READER, pin, digestOf('d'))).code).toBe('invalidPin');
      expect(errorOf(await service.readBasicInfo(READER, pin)).code).toBe('invalidPin');
    }
    expect(errorOf(await service.readBasicInfo(READER, 1234 as never)).code).toBe('invalidPin');
    expect(errorOf(await service.verifyAndSign(READER, '1234', new Uint8Array(20))).code).toBe('invalidDigest');
    expect(errorOf(await service.verifyAndSign(READER, '1234', 'digest' as never)).code).toBe('invalidDigest');
    expect(card.apduLog).toEqual([]);
  });

  it('never puts the PIN into results, errors or progress', async () => {
    const { service, events, onProgress } = await setup();
    const pin = TEST_CARD_HOLDER.cardInfoPin;
    const outputs = [
      await service.readBasicInfo(READER, pin, {}, onProgress),
      await service.readBasicInfo(READER, '1111', {}, onProgress),
      await service.verifyAndSign(READER, pin, digestOf('p'), {}, onProgress),
    ];
    const text = JSON.stringify([outputs.map((o) => (o.ok ? 'ok' : o.error)), events]);
    expect(text).not.toContain(pin);
    expect(text).not.toContain('1111');
  });
});

describe('card service: card and reader failures', () => {
  it('reports a card removed mid-read, then an empty reader', async () => {
    const { service, reader } = await setup();
    reader.injectFault({ kind: 'cardRemoved', afterApdus: 4 });
    expect(errorOf(await service.readCertificate(READER)).code).toBe('cardRemoved');
    expect(valueOf(await service.listReaders())[0]?.cardPresent).toBe(false);
    expect(errorOf(await service.readCertificate(READER)).code).toBe('noCard');
    reader.insertCard(await createTestCard());
    expect(valueOf(await service.readCertificate(READER)).authCertificate.length).toBeGreaterThan(0);
  });

  it('reports a card without the JPKI AP as unsupported', async () => {
    const notMyNumber: VirtualCard = { transmit: () => Uint8Array.of(0x6a, 0x82), apduLog: [], triesLeft: () => 0, reset: () => undefined };
    const service = createCardService({ transports: [createVirtualReader({ id: READER, card: notMyNumber })] });
    expect(errorOf(await service.detectCard(READER))).toMatchObject({ code: 'unsupportedCard', statusWord: '6A82' });
    expect(errorOf(await service.readBasicInfo(READER, '1234'))).toMatchObject({ code: 'unsupportedCard' });
  });

  it('times out a reader that stops answering, and frees the reader', async () => {
    const { service, reader } = await setup({ deps: { apduTimeoutMs: 40 } });
    reader.injectFault({ kind: 'hang', afterApdus: 3 });
    const started = performance.now();
    expect(errorOf(await service.readCertificate(READER)).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(valueOf(await service.detectCard(READER))).toEqual({ myNumberCard: true });
  });

  it('passes on a timeout the reader reports', async () => {
    const { service, reader } = await setup();
    reader.injectFault({ kind: 'timeout', afterApdus: 1 });
    expect(errorOf(await service.readRetries(READER, 'jpki')).code).toBe('timeout');
  });

  it('answers readerNotFound for an unknown reader', async () => {
    const { service } = await setup();
    expect(errorOf(await service.readCertificate('bridge:nowhere')).code).toBe('readerNotFound');
    expect(errorOf(await service.readCertificate('' as string)).code).toBe('invalidRequest');
  });

  it('reports foreign transport errors by name only', async () => {
    const broken: CardTransportProvider = {
      kind: 'bridge',
      listReaders: async () => [{ id: 'bridge:1', name: 'B', kind: 'bridge', cardPresent: null }],
      connect: async () => ({
        transmit: () => Promise.reject(new TypeError('socket said 4321')),
        close: async () => undefined,
      }),
    };
    const service = createCardService({ transports: [broken] });
    expect(errorOf(await service.detectCard('bridge:1'))).toMatchObject({ code: 'transportError', reason: 'TypeError' });
  });

  it('keeps going when the progress listener throws', async () => {
    const { service } = await setup();
    const result = await service.detectCard(READER, () => {
      throw new Error('listener');
    });
    expect(result.ok).toBe(true);
  });
});

describe('card service: sessions', () => {
  it('answers readerBusy to a second call while a session runs', async () => {
    const { service } = await setup({ reader: { latencyMs: 5 } });
    const first = service.readCertificate(READER);
    const second = await service.readRetries(READER, 'jpki');
    expect(errorOf(second).code).toBe('readerBusy');
    expect((await first).ok).toBe(true);
    expect((await service.readRetries(READER, 'jpki')).ok).toBe(true);
  });

  it('cancels a certificate read midway', async () => {
    const { service, card } = await setup({ reader: { latencyMs: 5 } });
    let cancelled: Promise<boolean> | null = null;
    const result = await service.readCertificate(READER, (p) => {
      if (p.apdusDone === 4 && !cancelled) cancelled = service.cancel(READER);
    });
    expect(await cancelled).toBe(true);
    expect(errorOf(result)).toMatchObject({ code: 'cancelled', messageJa: '読み取りを中止しました。' });
    expect(card.apduLog.length).toBeLessThanOrEqual(5);
    expect(await service.cancel(READER)).toBe(false);
    expect((await service.detectCard(READER)).ok).toBe(true);
  });

  it('cancels while connecting to a card whose keys are still being made', async () => {
    let release: (card: VirtualCard) => void = () => undefined;
    const slow = new Promise<VirtualCard>((resolve) => (release = resolve));
    const service = createCardService({ transports: [createVirtualReader({ id: READER, card: slow })] });
    const pending = service.detectCard(READER);
    await new Promise((r) => setTimeout(r, 10));
    expect(await service.cancel(READER)).toBe(true);
    expect(errorOf(await pending).code).toBe('cancelled');
    release(await createTestCard());
  });

  it('runs sessions on different readers side by side', async () => {
    const cardA = await createTestCard();
    const cardB = await createTestCard();
    const service = createCardService({
      transports: [createVirtualReader({ id: 'virtual:a', card: cardA, latencyMs: 3 }), createVirtualReader({ id: 'virtual:b', card: cardB, latencyMs: 3 })],
    });
    const [a, b] = await Promise.all([service.readCertificate('virtual:a'), service.readRetries('virtual:b', 'cardInfo')]);
    expect([a.ok, b.ok]).toEqual([true, true]);
  });
});

describe('the individual number never leaves the card', () => {
  it('is refused by the policy, and the card never receives the SELECT or a short-EF read', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    await selectApp(transport, 'cardInfo');
    await expect(selectEf(transport, 0x0001)).rejects.toMatchObject({ code: 'apduForbidden', reason: 'selectEfNotAllowed' });
    await expect(transport.transmit(Uint8Array.of(0x00, 0xb0, 0x81, 0x00, 0x00))).rejects.toMatchObject({ code: 'apduForbidden', reason: 'readBinaryShortFileId' });
    expect(log()).toEqual(['00A4040C0AD3921000310001010408']);
  });

  it('appears in no APDU sent and no byte received across every service operation', async () => {
    const card = await createTestCard();
    const received: Uint8Array[] = [];
    const reader = createVirtualReader({ id: READER, card });
    const recording: CardTransportProvider = {
      kind: 'virtual',
      listReaders: () => reader.listReaders(),
      async connect(id, signal) {
        const connection = await reader.connect(id, signal);
        return {
          async transmit(apdu, s) {
            const response = await connection.transmit(apdu, s);
            received.push(response);
            return response;
          },
          close: () => connection.close(),
        };
      },
    };
    const service = createCardService({ transports: [recording] });
    await service.detectCard(READER);
    await service.readCertificate(READER);
    await service.readRetries(READER, 'cardInfo');
    await service.readBasicInfo(READER, TEST_CARD_HOLDER.cardInfoPin);
    await service.verifyAndSign(READER, TEST_CARD_HOLDER.authPin, digestOf('all'), { includeAuthCertificate: true });
    const log = card.apduLog.map(bytesToHex);
    expect(log.length).toBeGreaterThan(30);
    expect(log.filter((apdu) => apdu.startsWith('00A4020C02') && apdu.endsWith('0001'))).toEqual([]);
    expect(log.filter((apdu) => apdu.startsWith('00B0') && (parseInt(apdu.slice(4, 6), 16) & 0x80) !== 0)).toEqual([]);
    const canary = new TextEncoder().encode(INDIVIDUAL_NUMBER_CANARY);
    expect(received.filter((r) => indexOfBytes(r, canary) >= 0)).toEqual([]);
  });
});
