import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardTransport } from '../workers/apdu/apdu-policy.ts';
import { bytesToHex } from '../workers/apdu/hex.ts';
import { verifyAuthPin } from '../workers/mynumber/pin.ts';
import { readAuthCertificate } from '../workers/mynumber/read-auth-certificate.ts';
import { signDigestWithAuthKey } from '../workers/mynumber/sign-digest.ts';
import type { VirtualCard } from '../workers/transports/virtual-card.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys } from '../workers/transports/virtual-card-fixture.ts';
import { createBridge, type Bridge } from './app.ts';
import { BridgeHandshakeError, BridgeRequestError, bridgeCardTransport, openBridgeClient, type BridgeClient } from './bridge-client.ts';
import { createFakePcsc, type FakePcsc } from './fake-pcsc.ts';
import { createLogger } from './logger.ts';
import { createMemoryPairingStore, type PairingStore } from './pairing-store.ts';
import { listenBridge, type ListeningBridge } from './server.ts';

const ORIGIN = 'http://localhost:8080';
const OTHER_ALLOWED = 'https://tsunagi.example.jp';
const READER = 'Fake Reader 00 00';

/** APDUs spelt out (ISO/IEC 7816-4; AIDs from card-reading.md §1). */
const APDU = {
  selectJpki: '00A4040C0AD392F000260100000001',
  selectCardInfo: '00A4040C0AD3921000310001010408',
  selectAuthPin: '00A4020C020018',
  selectIndividualNumber: '00A4020C020001',
  retries: '00200080',
  verifyPin: (pin: string) => `0020008004${Buffer.from(pin, 'ascii').toString('hex').toUpperCase()}`,
} as const;

interface Harness {
  fake: FakePcsc;
  card: VirtualCard;
  store: PairingStore;
  bridge: Bridge;
  listening: ListeningBridge;
  url: string;
  port: number;
  codes: string[];
  logLines: string[];
  advance(ms: number): void;
  client(origin?: string | undefined, headers?: Record<string, string>): Promise<BridgeClient>;
  paired(origin?: string): Promise<{ client: BridgeClient; token: string }>;
}

const open: BridgeClient[] = [];
let h: Harness;

async function makeHarness(): Promise<Harness> {
  const card = await createTestCard();
  const fake = createFakePcsc({ [READER]: card, 'Empty Reader 00 00': null });
  const store = createMemoryPairingStore();
  const codes: string[] = [];
  const logLines: string[] = [];
  let now = Date.parse('2026-04-01T09:00:00Z');
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const bridge = createBridge({
    pcsc: fake,
    allowedOrigins: [ORIGIN, OTHER_ALLOWED],
    pairingStore: store,
    logger: createLogger({ level: 'debug', destination }),
    clock: () => new Date(now),
    random: (n) => new Uint8Array(randomBytes(n)),
    onPairingCode: (code) => codes.push(code),
  });
  const listening = await listenBridge(bridge, { port: 0, hosts: ['127.0.0.1'] });
  const port = listening.addresses[0]?.port ?? 0;
  const url = `ws://127.0.0.1:${port}/v1`;
  const harness: Harness = {
    fake,
    card,
    store,
    bridge,
    listening,
    url,
    port,
    codes,
    logLines,
    advance: (ms) => {
      now += ms;
    },
    async client(origin = ORIGIN, headers) {
      const client = await openBridgeClient({ url, origin, ...(headers ? { headers } : {}) });
      open.push(client);
      return client;
    },
    async paired(origin = ORIGIN) {
      const client = await harness.client(origin);
      const { token } = await client.request('pair', { code: bridge.pairingCode() });
      return { client, token };
    },
  };
  return harness;
}

async function failure(promise: Promise<unknown>): Promise<BridgeRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BridgeRequestError) return error;
    throw error;
  }
  throw new Error('expected the bridge to refuse');
}

async function handshakeStatus(url: string, origin: string | undefined, headers?: Record<string, string>): Promise<number> {
  try {
    const client = await openBridgeClient({ url, origin, ...(headers ? { headers } : {}) });
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof BridgeHandshakeError) return error.status;
    throw error;
  }
}

/** Hex of every APDU that reached the fake reader. */
const sentHex = () => h.fake.allSent().map(bytesToHex);

beforeAll(async () => {
  await testCardKeys();
});

beforeEach(async () => {
  h = await makeHarness();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await h.listening.close();
});

describe('bridge handshake', () => {
  it('accepts an allowed Origin with each loopback Host form', async () => {
    expect(await handshakeStatus(h.url, ORIGIN)).toBe(101);
    expect(await handshakeStatus(h.url, OTHER_ALLOWED, { Host: `localhost:${h.port}` })).toBe(101);
    expect(await handshakeStatus(h.url, ORIGIN, { Host: `[::1]:${h.port}` })).toBe(101);
  });

  it('refuses a foreign Origin, a missing Origin and a look-alike of an allowed one with 403', async () => {
    expect(await handshakeStatus(h.url, 'https://evil.example')).toBe(403);
    expect(await handshakeStatus(h.url, undefined)).toBe(403);
    expect(await handshakeStatus(h.url, 'http://localhost:8081')).toBe(403);
    expect(await handshakeStatus(h.url, 'http://localhost:8080.evil.example')).toBe(403);
    expect(await handshakeStatus(h.url, 'null')).toBe(403);
    expect(h.bridge.connectionCount()).toBe(0);
  });

  it('refuses a DNS-rebinding Host (right Origin, wrong name) and a Host with another port with 421', async () => {
    expect(await handshakeStatus(h.url, ORIGIN, { Host: `evil.example:${h.port}` })).toBe(421);
    expect(await handshakeStatus(h.url, ORIGIN, { Host: `127.0.0.1:${h.port + 1}` })).toBe(421);
    expect(await handshakeStatus(h.url, ORIGIN, { Host: '127.0.0.1' })).toBe(421);
  });

  it('refuses other paths with 404 and plain HTTP with 426', async () => {
    expect(await handshakeStatus(h.url.replace('/v1', '/v2'), ORIGIN)).toBe(404);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: h.port, path: '/v1', headers: { Origin: ORIGIN } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(426);
  });
});

describe('bridge pairing', () => {
  it('lets an unpaired client call only pair and hello: listReaders, connect and transmit answer notPaired', async () => {
    const client = await h.client();
    expect((await failure(client.request('listReaders', {}))).info.code).toBe('notPaired');
    expect((await failure(client.request('connect', { reader: READER }))).info.code).toBe('notPaired');
    const transmit = await failure(client.request('transmit', { session: 'a'.repeat(32), apduHex: APDU.selectJpki }));
    expect(transmit.info).toMatchObject({ code: 'notPaired', messageJa: expect.stringContaining('6桁') });
    expect(h.fake.allSent()).toEqual([]);
  });

  it('pairs with the shown code, stores only the token hash, and accepts the token on a later connection', async () => {
    expect(h.codes).toHaveLength(1);
    expect(h.codes[0]).toMatch(/^[0-9]{6}$/);
    const { client, token } = await h.paired();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The code was used: a new one is on display.
    expect(h.codes).toHaveLength(2);
    expect(h.codes[1]).not.toBe(h.codes[0]);
    const stored = await h.store.list();
    expect(stored).toEqual([{ origin: ORIGIN, tokenHash: createHash('sha256').update(token).digest('hex'), createdAt: '2026-04-01T09:00:00.000Z' }]);
    expect(JSON.stringify(stored)).not.toContain(token);
    await client.close();

    const later = await h.client();
    expect(await later.request('hello', { token })).toEqual({ protocolVersion: 1 });
    expect(await later.request('listReaders', {})).toEqual({
      readers: [
        { name: READER, cardPresent: true },
        { name: 'Empty Reader 00 00', cardPresent: false },
      ],
    });
  });

  it('binds a token to its origin and refuses unknown tokens', async () => {
    const { token } = await h.paired(ORIGIN);
    const other = await h.client(OTHER_ALLOWED);
    expect((await failure(other.request('hello', { token }))).info.code).toBe('invalidToken');
    expect((await failure(other.request('listReaders', {}))).info.code).toBe('notPaired');
    const forged = await h.client();
    expect((await failure(forged.request('hello', { token: 'A'.repeat(43) }))).info.code).toBe('invalidToken');
  });

  it('locks pairing after 5 wrong codes, shows a new code, and doubles the wait after the next 5', async () => {
    const wrongFor = (code: string) => (code === '000000' ? '000001' : '000000');
    const client = await h.client();
    const shown = h.bridge.pairingCode();
    for (const attemptsLeft of [4, 3, 2, 1]) {
      const error = await failure(client.request('pair', { code: wrongFor(shown) }));
      expect(error.info).toMatchObject({ code: 'wrongPairingCode', attemptsLeft });
    }
    const locked = await failure(client.request('pair', { code: wrongFor(shown) }));
    expect(locked.info).toMatchObject({ code: 'pairingLocked', retryAfterMs: 30_000 });
    const fresh = h.bridge.pairingCode();
    expect(h.codes).toEqual([shown, fresh]);
    // Even the right (new) code waits out the lockout, from any connection.
    const second = await h.client();
    expect((await failure(second.request('pair', { code: fresh }))).info).toMatchObject({ code: 'pairingLocked', retryAfterMs: 30_000 });
    h.advance(10_000);
    expect((await failure(second.request('pair', { code: fresh }))).info).toMatchObject({ code: 'pairingLocked', retryAfterMs: 20_000 });
    h.advance(20_000);
    // The replaced code no longer pairs; five more misses lock for twice as long.
    const stale = shown !== fresh ? shown : wrongFor(fresh);
    expect((await failure(second.request('pair', { code: stale }))).info).toMatchObject({ code: 'wrongPairingCode', attemptsLeft: 4 });
    for (let i = 0; i < 3; i++) await failure(second.request('pair', { code: wrongFor(fresh) }));
    expect((await failure(second.request('pair', { code: wrongFor(fresh) }))).info).toMatchObject({ code: 'pairingLocked', retryAfterMs: 60_000 });
    h.advance(60_000);
    const { token } = await second.request('pair', { code: h.bridge.pairingCode() });
    expect(token).toHaveLength(43);
    expect(h.fake.allSent()).toEqual([]);
  });

  it('takes an --unpair into account at the next connect', async () => {
    const { client } = await h.paired();
    expect(await h.store.removeOrigin(ORIGIN)).toBe(1);
    expect((await failure(client.request('connect', { reader: READER }))).info.code).toBe('invalidToken');
    expect((await failure(client.request('listReaders', {}))).info.code).toBe('notPaired');
  });
});

describe('bridge messages', () => {
  it('refuses replayed ids, non-JSON, unknown fields and oversized APDUs without echoing their content', async () => {
    const { client } = await h.paired();
    await client.request('listReaders', {});
    const replay = await failure(client.sendRaw(JSON.stringify({ type: 'listReaders', id: 1 }), 1));
    expect(replay.info.code).toBe('replayedRequest');
    const notJson = await failure(client.sendRaw('{"type":', null));
    expect(notJson.info.code).toBe('invalidMessage');
    const extra = await failure(client.sendRaw(JSON.stringify({ type: 'listReaders', id: 10, pin: '4321' }), 10));
    expect(extra.info.code).toBe('invalidMessage');
    expect(JSON.stringify(extra.info)).not.toContain('4321');
    const long = await failure(client.sendRaw(JSON.stringify({ type: 'transmit', id: 11, session: 'a'.repeat(32), apduHex: '00'.repeat(262) }), 11));
    expect(long.info).toMatchObject({ code: 'invalidMessage', reason: 'apduHex: invalid_format' });
  });

  it('answers pcscUnavailable with the reason when PC/SC is down', async () => {
    const { client } = await h.paired();
    h.fake.setUnavailable(true);
    const error = await failure(client.request('listReaders', {}));
    expect(error.info).toMatchObject({ code: 'pcscUnavailable', reason: expect.stringContaining('PC/SC service not running') });
  });
});

describe('bridge card sessions', () => {
  it('reads the auth certificate and signs a digest through the worker operations; the signature verifies', async () => {
    const { client } = await h.paired();
    const { session } = await client.request('connect', { reader: READER });
    const transport = guardTransport(bridgeCardTransport(client, session));
    const { authCertificate, caCertificate } = await readAuthCertificate(transport);
    const keys = await testCardKeys();
    expect(bytesToHex(authCertificate)).toBe(bytesToHex(keys.authCertificate));
    expect(bytesToHex(caCertificate)).toBe(bytesToHex(keys.caCertificate));

    const statement = Buffer.from('同意: 試験 太郎 / 2026-04-01', 'utf8');
    const digest = new Uint8Array(createHash('sha256').update(statement).digest());
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    const signature = await signDigestWithAuthKey(transport, digest);
    const publicKey = new X509Certificate(Buffer.from(authCertificate)).publicKey;
    expect(verify('sha256', statement, publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('something else'), publicKey, signature)).toBe(false);
    await client.request('disconnect', { session });
    expect(h.fake.openHandles()).toBe(0);
  });

  it('refuses SELECT of EF 0001 in the card-info AP and CHANGE REFERENCE DATA before they reach PC/SC', async () => {
    const { client } = await h.paired();
    const { session } = await client.request('connect', { reader: READER });
    expect(await client.request('transmit', { session, apduHex: APDU.selectCardInfo })).toEqual({ responseHex: '9000' });
    const selectNumber = await failure(client.request('transmit', { session, apduHex: APDU.selectIndividualNumber }));
    expect(selectNumber.info).toMatchObject({ code: 'apduForbidden', reason: 'selectEfNotAllowed' });
    // Short-EF-id READ BINARY would read EF 0001 without selecting it.
    const sfiRead = await failure(client.request('transmit', { session, apduHex: '00B0810000' }));
    expect(sfiRead.info).toMatchObject({ code: 'apduForbidden', reason: 'readBinaryShortFileId' });
    await client.request('transmit', { session, apduHex: '00A4020C020011' });
    const change = await failure(client.request('transmit', { session, apduHex: '002401800838373635303030' + '30' }));
    expect(change.info).toMatchObject({ code: 'apduForbidden', reason: 'commandNotAllowed' });
    const visualAp = await failure(client.request('transmit', { session, apduHex: '00A4040C0AD3921000310001010402' }));
    expect(visualAp.info).toMatchObject({ code: 'apduForbidden', reason: 'selectAidNotAllowed' });

    expect(sentHex()).toEqual([APDU.selectCardInfo, '00A4020C020011']);
    expect(sentHex().some((apdu) => apdu.startsWith('0024') || apdu.endsWith('020001'))).toBe(false);
    expect(h.card.apduLog.map(bytesToHex)).toEqual([APDU.selectCardInfo, '00A4020C020011']);
  });

  it('keeps one policy state per session: a new session starts with nothing selected', async () => {
    const { client } = await h.paired();
    const first = await client.request('connect', { reader: READER });
    await client.request('transmit', { session: first.session, apduHex: APDU.selectJpki });
    await client.request('disconnect', { session: first.session });
    const second = await client.request('connect', { reader: READER });
    const read = await failure(client.request('transmit', { session: second.session, apduHex: '00A4020C02000A' }));
    expect(read.info).toMatchObject({ code: 'apduForbidden', reason: 'selectEfWithoutApp' });
  });

  it('allows 3 PIN VERIFYs per 10 s on a reader (retries queries not counted), across sessions', async () => {
    const { client } = await h.paired();
    const { session } = await client.request('connect', { reader: READER });
    await client.request('transmit', { session, apduHex: APDU.selectJpki });
    await client.request('transmit', { session, apduHex: APDU.selectAuthPin });
    expect(await client.request('transmit', { session, apduHex: APDU.retries })).toEqual({ responseHex: '63C3' });
    for (let i = 0; i < 3; i++) {
      expect(await client.request('transmit', { session, apduHex: APDU.verifyPin(TEST_CARD_HOLDER.authPin) })).toEqual({ responseHex: '9000' });
      h.advance(1_000);
    }
    const limited = await failure(client.request('transmit', { session, apduHex: APDU.verifyPin(TEST_CARD_HOLDER.authPin) }));
    expect(limited.info).toMatchObject({ code: 'verifyRateLimited', retryAfterMs: 7_000 });
    // The tries-left query still goes through (the virtual card answers 63Cx; a card may answer 9000 once verified).
    expect(await client.request('transmit', { session, apduHex: APDU.retries })).toEqual({ responseHex: expect.stringMatching(/^(63C3|9000)$/) });
    // A new session on the same reader does not reset the count.
    await client.request('disconnect', { session });
    const again = await client.request('connect', { reader: READER });
    await client.request('transmit', { session: again.session, apduHex: APDU.selectJpki });
    await client.request('transmit', { session: again.session, apduHex: APDU.selectAuthPin });
    expect((await failure(client.request('transmit', { session: again.session, apduHex: APDU.verifyPin('4321') }))).info.code).toBe('verifyRateLimited');
    h.advance(7_000);
    expect(await client.request('transmit', { session: again.session, apduHex: APDU.verifyPin('4321') })).toEqual({ responseHex: '9000' });
    expect(h.fake.allSent().filter((a) => a.length > 5 && a[1] === 0x20)).toHaveLength(4);
  });

  it('gives a reader to one session at a time and frees it when the connection closes', async () => {
    const { client, token } = await h.paired();
    await client.request('connect', { reader: READER });
    const other = await h.client();
    await other.request('hello', { token });
    expect((await failure(other.request('connect', { reader: READER }))).info.code).toBe('readerBusy');
    expect((await failure(other.request('connect', { reader: 'Empty Reader 00 00' }))).info.code).toBe('noCard');
    expect((await failure(other.request('connect', { reader: 'No Such Reader' }))).info.code).toBe('readerNotFound');
    await client.close();
    await expect.poll(() => h.fake.openHandles()).toBe(0);
    expect(await other.request('connect', { reader: READER })).toMatchObject({ session: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('pushes reader events to clients that asked, and ends the session of a removed card', async () => {
    const { client } = await h.paired();
    const quiet = (await h.paired()).client;
    expect(await client.request('readerEvents', { enabled: true })).toEqual({ enabled: true });
    const { session } = await client.request('connect', { reader: READER });
    h.fake.addReader('Hot Reader 00 00');
    h.fake.removeCard(READER);
    await expect.poll(() => client.pushed.length).toBe(3);
    expect(client.pushed).toEqual([
      { type: 'readerEvent', event: 'readerAdded', reader: 'Hot Reader 00 00' },
      { type: 'sessionEnded', session, reason: 'cardRemoved' },
      { type: 'readerEvent', event: 'cardRemoved', reader: READER },
    ]);
    expect(quiet.pushed).toEqual([]);
    expect((await failure(client.request('transmit', { session, apduHex: APDU.selectJpki }))).info.code).toBe('sessionNotFound');
    h.fake.insertCard(READER, h.card);
    await expect.poll(() => client.pushed.at(-1)).toEqual({ type: 'readerEvent', event: 'cardInserted', reader: READER });
  });
});

describe('bridge log hygiene', () => {
  it('logs no token, pairing code, PIN or APDU bytes', async () => {
    const { client, token } = await h.paired();
    const usedCode = h.codes[0] ?? '';
    const { session } = await client.request('connect', { reader: READER });
    const transport = guardTransport(bridgeCardTransport(client, session));
    await readAuthCertificate(transport);
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    await failure(client.request('transmit', { session, apduHex: '00A4020C020001' }));
    await client.request('disconnect', { session });
    const log = h.logLines.join('');
    expect(log).toContain('"msg":"apdu"');
    expect(log).toContain('"rule":"selectEfNotAllowed"');
    for (const secret of [token, usedCode, h.bridge.pairingCode(), '34333231', APDU.selectJpki, 'D392F0']) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/"(apduHex|responseHex|token|pin)"/);
  });
});

afterAll(() => {
  expect(open).toEqual([]);
});
