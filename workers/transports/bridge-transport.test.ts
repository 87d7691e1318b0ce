import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCardService } from '../card-service.ts';
import { CardError } from '../apdu/card-error.ts';
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import { createBridgeTransport } from './bridge-transport.ts';
import type { OpenBridgeSocket } from './bridge-transport-connection.ts';
import { createFakeBridge, FAKE_TOKEN, type FakeBridgeOptions } from './bridge-transport-fake.testing.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys } from './virtual-card-fixture.ts';

const READER_NAME = 'SONY FeliCa RC-S300/P 00 00';
const READER_ID = `bridge:${READER_NAME}`;

function setup(bridgeOptions: FakeBridgeOptions = {}, token: string | null = FAKE_TOKEN) {
  const bridge = createFakeBridge({ tokens: [FAKE_TOKEN], ...bridgeOptions });
  const transport = createBridgeTransport({ settings: { port: 47999, token }, openSocket: bridge.openSocket, timeoutMs: 500 });
  return { bridge, transport };
}

/** A card that answers SELECT with 90 00 and anything else with 6A 82. */
const echoCard = (apdu: Uint8Array) => (apdu[1] === 0xa4 ? hexToBytes('9000') : hexToBytes('6A82'));

async function rejection(promise: Promise<unknown>): Promise<CardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CardError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The fake bridge's sockets, except that every `transmit` is answered with `frame(id)` instead of the card's answer. */
function answeringTransmitWith(openSocket: OpenBridgeSocket, frame: (id: number) => string): OpenBridgeSocket {
  return (url, events) => {
    const socket = openSocket(url, events);
    return {
      send(text) {
        const request = JSON.parse(text) as { type: string; id: number };
        if (request.type === 'transmit') setTimeout(() => events.onMessage(frame(request.id)), 0);
        else socket.send(text);
      },
      close: () => socket.close(),
    };
  };
}

/** How the promise settled, or 'still waiting' once `ms` have passed. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => error), waited]);
  } finally {
    clearTimeout(timer);
  }
}

/** Card data a broken answer may carry; it must not reach any error text. */
const CARD_DATA = '見本 花子';
const MALFORMED_ANSWERS: [string, (id: number) => string][] = [
  ['a result that does not fit transmit', (id) => JSON.stringify({ type: 'response', id, ok: true, result: { responseHex: `not hex: ${CARD_DATA}` } })],
  ['an empty result', (id) => JSON.stringify({ type: 'response', id, ok: true, result: { responseHex: '' } })],
  ['an empty frame', () => ''],
  ['a frame outside the protocol', (id) => JSON.stringify({ type: 'answer', id, data: CARD_DATA })],
];

describe('bridge transport: handshake and readers', () => {
  it('says hello with the stored token on ws://127.0.0.1:<port>/v1, then lists the readers as bridge readers', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true }, { name: 'Other 01', cardPresent: false }] });
    expect(await transport.listReaders()).toEqual([
      { id: READER_ID, name: READER_NAME, kind: 'bridge', cardPresent: true },
      { id: 'bridge:Other 01', name: 'Other 01', kind: 'bridge', cardPresent: false },
    ]);
    expect(bridge.requests.map((r) => r.url)).toEqual(['ws://127.0.0.1:47999/v1', 'ws://127.0.0.1:47999/v1']);
    expect(bridge.requests.map((r) => r.request)).toEqual([
      { type: 'hello', id: 1, token: FAKE_TOKEN },
      { type: 'listReaders', id: 2 },
    ]);
    // The connection is kept: a second listing sends one request, with the next id.
    await transport.listReaders();
    expect(bridge.connectionsOpened()).toBe(1);
    expect(bridge.requests.at(-1)?.request).toEqual({ type: 'listReaders', id: 3 });
  });

  it('without a pairing token lists nothing and opens no socket; connecting is refused', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] }, null);
    expect(await transport.listReaders()).toEqual([]);
    const error = await rejection(transport.connect(READER_ID, new AbortController().signal));
    expect([error.code, error.reason]).toEqual(['transportError', 'bridge not paired']);
    expect(bridge.connectionsOpened()).toBe(0);
  });

  it('a token the bridge no longer knows is refused at hello and reported as a transport error', async () => {
    const { bridge, transport } = setup({ tokens: [] });
    const error = await rejection(transport.listReaders());
    expect([error.code, error.reason]).toEqual(['transportError', 'bridge invalidToken']);
    expect(bridge.requests.map((r) => r.request.type)).toEqual(['hello']);
    expect(await transport.configureBridge({ port: 47999, token: FAKE_TOKEN })).toEqual({ state: 'refused', code: 'invalidToken' });
  });

  it('configureBridge reports connected, off and unreachable', async () => {
    const { bridge, transport } = setup({}, null);
    expect(await transport.configureBridge({ port: 47999, token: FAKE_TOKEN })).toEqual({ state: 'connected', protocolVersion: 1 });
    expect(await transport.configureBridge({ port: 47999, token: null })).toEqual({ state: 'off' });
    bridge.setUnreachable(true);
    expect(await transport.configureBridge({ port: 47999, token: FAKE_TOKEN })).toEqual({ state: 'unreachable' });
    const error = await rejection(transport.listReaders());
    expect([error.code, error.reason]).toEqual(['transportError', 'bridge unreachable']);
  });

  it('refuses settings that are not valid (port out of range, malformed token)', async () => {
    const { transport } = setup();
    expect(await transport.configureBridge({ port: 80, token: FAKE_TOKEN })).toEqual({ state: 'refused', code: 'invalidMessage' });
    expect(await transport.configureBridge({ port: 47999, token: 'short' })).toEqual({ state: 'refused', code: 'invalidMessage' });
  });

  it('opens a new connection after the bridge dropped the old one', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: false }] });
    await transport.listReaders();
    bridge.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await transport.listReaders()).toHaveLength(1);
    expect(bridge.connectionsOpened()).toBe(2);
    expect(bridge.requests.map((r) => r.request.type)).toEqual(['hello', 'listReaders', 'hello', 'listReaders']);
  });

  it('drops the connection on a frame that is not valid under the protocol', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    bridge.sendRaw(JSON.stringify({ type: 'response', id: 99, ok: true }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const error = await rejection(connection.transmit(hexToBytes('00A4040C0AD392F000260100000001')));
    expect([error.code, error.reason]).toEqual(['transportError', 'bridge closed']);
  });
});

describe('bridge transport: sessions', () => {
  it('connects, transmits APDUs as hex and disconnects on close', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    expect(bytesToHex(await connection.transmit(hexToBytes('00A4040C0AD392F000260100000001')))).toBe('9000');
    expect(bytesToHex(await connection.transmit(hexToBytes('00B0000004')))).toBe('6A82');
    await connection.close();
    const sent = bridge.requests.map((r) => r.request);
    const session = '00000000000000000000000000000001';
    expect(sent.slice(1)).toEqual([
      { type: 'connect', id: 2, reader: READER_NAME },
      { type: 'transmit', id: 3, session, apduHex: '00A4040C0AD392F000260100000001' },
      { type: 'transmit', id: 4, session, apduHex: '00B0000004' },
      { type: 'disconnect', id: 5, session },
    ]);
    expect(bridge.openSessions()).toEqual([]);
  });

  it('maps bridge errors to card errors', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: false }] });
    const signal = new AbortController().signal;
    expect((await rejection(transport.connect(READER_ID, signal))).code).toBe('noCard');
    expect((await rejection(transport.connect('bridge:Gone 00', signal))).code).toBe('readerNotFound');
    expect((await rejection(transport.connect('virtual:demo', signal))).code).toBe('readerNotFound');
    bridge.failNext('connect', 'readerBusy');
    expect((await rejection(transport.connect(READER_ID, signal))).code).toBe('readerBusy');
    bridge.failNext('connect', 'pcscUnavailable');
    const pcsc = await rejection(transport.connect(READER_ID, signal));
    expect([pcsc.code, pcsc.reason]).toEqual(['transportError', 'bridge pcscUnavailable']);
  });

  it('maps transmit failures: forbidden APDU, rate-limited VERIFY, ended session', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    const apdu = hexToBytes('00A4040C0AD392F000260100000001');
    bridge.failNext('transmit', 'apduForbidden');
    expect((await rejection(connection.transmit(apdu))).code).toBe('apduForbidden');
    bridge.failNext('transmit', 'verifyRateLimited');
    expect((await rejection(connection.transmit(apdu))).code).toBe('readerBusy');
    bridge.failNext('transmit', 'sessionNotFound');
    expect((await rejection(connection.transmit(apdu))).code).toBe('cardRemoved');
  });

  it('a session the bridge ended answers cardRemoved without asking the bridge', async () => {
    const { bridge, transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    const [session] = bridge.openSessions();
    bridge.endSession(session ?? '', 'cardRemoved');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = bridge.requests.length;
    expect((await rejection(connection.transmit(hexToBytes('00A4040C0AD392F000260100000001')))).code).toBe('cardRemoved');
    await connection.close();
    expect(bridge.requests.length).toBe(before);
  });

  it('a cancelled transmit rejects with cancelled at once', async () => {
    const { transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    const controller = new AbortController();
    const pending = connection.transmit(hexToBytes('00A4040C0AD392F000260100000001'), controller.signal);
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it.each(MALFORMED_ANSWERS)('%s fails the transmit at once as unreadableReaderAnswer, well before the timeout', async (_, frame) => {
    const bridge = createFakeBridge({ tokens: [FAKE_TOKEN], readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const transport = createBridgeTransport({ settings: { port: 47999, token: FAKE_TOKEN }, timeoutMs: 10_000, openSocket: answeringTransmitWith(bridge.openSocket, frame) });
    const connection = await transport.connect(READER_ID, new AbortController().signal);
    const error = await settledWithin(connection.transmit(hexToBytes('00A4040C0AD392F000260100000001')), 1_000);
    expect(error).toBeInstanceOf(CardError);
    const { code, reason, message } = error as CardError;
    expect(code).toBe('unreadableReaderAnswer');
    expect(message).toContain('The card reader’s answer could not be read.');
    expect(`${reason} ${message}`).not.toContain(CARD_DATA);
  });

  it('a bridge that never answers times out', async () => {
    const bridge = createFakeBridge({ tokens: [FAKE_TOKEN] });
    const silent = createBridgeTransport({
      settings: { port: 47999, token: FAKE_TOKEN },
      timeoutMs: 50,
      openSocket: (url, events) => {
        const socket = bridge.openSocket(url, events);
        // Answers the handshake, then swallows every later request.
        let sent = 0;
        return { send: (text) => (sent++ === 0 ? socket.send(text) : undefined), close: () => socket.close() };
      },
    });
    const error = await rejection(silent.listReaders());
    expect([error.code, error.reason]).toEqual(['timeout', 'bridge did not answer']);
  });
});

describe('bridge transport under the card service', () => {
  it('reads the certificate and signs through the bridge; a wrong PIN reports the tries left', async () => {
    const card = await createTestCard();
    const keys = await testCardKeys();
    const { transport } = setup({ readers: [{ name: READER_NAME, cardPresent: true, card: (apdu) => card.transmit(apdu) }] });
    const service = createCardService({ transports: [transport] });
    expect(await service.listReaders()).toEqual({ ok: true, value: [{ id: READER_ID, name: READER_NAME, kind: 'bridge', cardPresent: true }] });

    const read = await service.readCertificate(READER_ID);
    if (!read.ok) throw new Error(read.error.code);
    expect(bytesToHex(read.value.authCertificate)).toBe(bytesToHex(keys.authCertificate));

    const digest = new Uint8Array(createHash('sha256').update('同意書').digest());
    const wrong = await service.verifyAndSign(READER_ID, '0000', digest);
    expect(wrong.ok ? null : [wrong.error.code, wrong.error.triesLeft, wrong.error.messageJa]).toEqual(['wrongPin', 2, '暗証番号が違います。残り2回です。']);
    expect(await service.readRetries(READER_ID, 'jpki')).toEqual({ ok: true, value: { app: 'jpki', triesLeft: 2, blocked: false } });
    const signed = await service.verifyAndSign(READER_ID, TEST_CARD_HOLDER.authPin, digest);
    expect(signed.ok && signed.value.signature.length).toBe(256);
  });

  it('a malformed answer gives the app a specific error at once, not the card timeout', async () => {
    const bridge = createFakeBridge({ tokens: [FAKE_TOKEN], readers: [{ name: READER_NAME, cardPresent: true, card: echoCard }] });
    const malformed = MALFORMED_ANSWERS[0]?.[1] ?? (() => '');
    const transport = createBridgeTransport({ settings: { port: 47999, token: FAKE_TOKEN }, openSocket: answeringTransmitWith(bridge.openSocket, malformed) });
    const service = createCardService({ transports: [transport] });
    const read = await settledWithin(service.readCertificate(READER_ID), 1_000);
    expect(read).toEqual({
      value: {
        ok: false,
        error: {
          code: 'unreadableReaderAnswer',
          messageJa: 'カードリーダーの応答を読み取れません。もう一度お試しください。',
          messageEn: 'The card reader’s answer could not be read. Try again.',
          reason: 'bridge answer: result of transmit',
        },
      },
    });
    expect(JSON.stringify(read)).not.toContain(CARD_DATA);
  });
});

describe('bridge transport: sockets that fail to open', () => {
  it('a socket the browser refuses at once (it throws) is unreachable', async () => {
    const transport = createBridgeTransport({
      settings: { port: 47999, token: FAKE_TOKEN },
      openSocket: () => {
        throw new SyntaxError('bad url');
      },
    });
    expect(await transport.configureBridge({ port: 47999, token: FAKE_TOKEN })).toEqual({ state: 'unreachable' });
    const error = await rejection(transport.listReaders());
    expect([error.code, error.reason]).toEqual(['transportError', 'bridge unreachable']);
  });

  it('a socket that never opens times out and is closed', async () => {
    let closed = 0;
    const transport = createBridgeTransport({
      settings: { port: 47999, token: FAKE_TOKEN },
      timeoutMs: 30,
      openSocket: () => ({ send: () => undefined, close: () => (closed += 1) }),
    });
    const error = await rejection(transport.listReaders());
    expect([error.code, error.reason]).toEqual(['timeout', 'bridge did not answer']);
    expect(closed).toBe(1);
  });
});
