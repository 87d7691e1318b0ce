/**
 * The reader screen through real PC/SC, end to end: pcscd (started by the fixture, one run at a time on the
 * machine) with vsmartcard's vpcd driver; the software My Number card in this process, plugged into vpcd
 * over TCP on 127.0.0.1; the bridge started exactly as `npm run bridge` starts it (`bridge/main.ts`, the
 * `smartcard` binding) with the app's origin allowed; and the built app in Chromium. A care manager pairs the
 * screen with the code the bridge printed, chooses the vpcd reader, reads the certificate (expiry shown),
 * sees the tries left, types a wrong PIN (the Japanese error with the tries left), then the right one and
 * signs; the card is lifted off the reader in the middle of a certificate read (the screen says so) and put
 * back.
 *
 * The oracle is what crossed PC/SC: the card is wrapped here so every response it gave (read back from the
 * wire, not from the card's keys) is kept. The certificate is put together from the READ BINARY answers and
 * the signature taken from the COMPUTE DIGITAL SIGNATURE answer; node:crypto checks the signature against
 * that certificate. Then the policy on the same path: the page's own paired token opens the 券面事項入力補助AP,
 * verifies its PIN and asks for the individual-number EF every way the policy knows; the card's APDU log
 * shows none of it reached the card, although the card would have answered with the number (checked on the
 * card directly at the end). The 12-digit number is then looked for, in digits, hex and base64, in every
 * answer the card gave, every WebSocket frame the page sent or received, the console, the DOM, local and
 * session storage and IndexedDB, the bridge's output and config files, pcscd's and the server's output. A page
 * of another origin is refused by the bridge's handshake.
 *
 * Skipped, saying what is missing, when pcscd, vpcd or the binding are not on this machine (under CI a
 * missing prerequisite fails instead).
 */
import type { Locator, Page } from '@playwright/test';
import { constants, publicDecrypt, verify, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_PAIRING_STORAGE_KEY } from '../../src/card/bridge-pairing-store.ts';
import { CARD_ERROR_MESSAGES } from '../../src/protocol/card.ts';
import { formatSeireki, formatWareki } from '../../src/domain/wareki.ts';
import { bytesToHex, hexToBytes } from '../../workers/apdu/hex.ts';
import { INDIVIDUAL_NUMBER_CANARY } from '../../workers/transports/virtual-card.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys } from '../../workers/transports/virtual-card-fixture.ts';
import { startBridgeProcess, type BridgeProcess } from '../fixtures/vpcd-bridge-process.ts';
import { connectVpcdCard, type VpcdCard, type VpcdCardModel } from '../fixtures/vpcd-card.ts';
import { checkPcscPrerequisites, startPcscd, type RunningPcscd } from '../fixtures/vpcd-pcscd.ts';
import { expect, test } from './fixtures/test.ts';
import { SignInPage } from './pages/sign-in-page.ts';

const VPCD_READER = 'Virtual PCD 00 00';
/** What the reader screen signs (ReaderScreen.tsx): SHA-256 of this text, as a PKCS#1 v1.5 DigestInfo. */
const SCREEN_TEST_STATEMENT = 'Tsunagi カードリーダーの確認';

const HEX = {
  selectJpki: '00A4040C0AD392F000260100000001',
  selectCardInfo: '00A4040C0AD3921000310001010408',
  /** SELECT EF 0011: the 券面事項入力補助AP's PIN. */
  selectCardInfoPin: '00A4020C020011',
  /** SELECT EF 0001: under the card-info AP, the individual number. */
  selectIndividualNumber: '00A4020C020001',
  /** The same SELECT asking for the file's control information (P2 00). */
  selectIndividualNumberWithFci: '00A40200020001',
  /** SELECT by path from the MF (P1 08). */
  selectIndividualNumberByPath: '00A4080C020001',
  /** READ BINARY of EF 0001 by its short file id, without a SELECT. */
  readIndividualNumberBySfi: '00B0810000',
  /** READ BINARY of whatever is selected (here the PIN EF, after the refused SELECTs). */
  readSelected: '00B0000011',
  authCertificateFid: '000A',
  authCaCertificateFid: '000B',
} as const;

/** VERIFY `00 20 00 80 04 <ASCII PIN>` for the selected PIN EF. */
function verifyHex(pin: string): string {
  return `0020008004${bytesToHex(new TextEncoder().encode(pin))}`;
}

/** The individual number as it could travel: digits, ASCII hex in either case, base64. */
const INDIVIDUAL_NUMBER_FORMS = [
  INDIVIDUAL_NUMBER_CANARY,
  bytesToHex(new TextEncoder().encode(INDIVIDUAL_NUMBER_CANARY)),
  bytesToHex(new TextEncoder().encode(INDIVIDUAL_NUMBER_CANARY)).toLowerCase(),
  Buffer.from(INDIVIDUAL_NUMBER_CANARY, 'ascii').toString('base64'),
];

function expectNoIndividualNumber(where: string, text: string): void {
  expect(text.length, `${where}: nothing collected`).toBeGreaterThan(0);
  for (const form of INDIVIDUAL_NUMBER_FORMS) expect(text.includes(form), `${where} holds the individual number (${form})`).toBe(false);
}

interface Exchange {
  /** As the card logged it (PIN data blanked). */
  command: string;
  response: Uint8Array;
}

/** The contents of each EF as READ BINARY answers carried them, keyed `AID/FID` in hex. */
function filesReadOnTheWire(exchanges: readonly Exchange[]): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let aid = '';
  let fid = '';
  for (const { command, response } of exchanges) {
    if (command.startsWith('00A4040C')) [aid, fid] = [command.slice(10), ''];
    else if (command.startsWith('00A4020C')) fid = command.slice(10);
    else if (command.startsWith('00B0') && Number.parseInt(command.slice(4, 6), 16) < 0x80) {
      expect(bytesToHex(response.subarray(-2)), `READ BINARY ${command}`).toBe('9000');
      const offset = Number.parseInt(command.slice(4, 8), 16);
      const data = response.subarray(0, -2);
      const key = `${aid}/${fid}`;
      const before = files.get(key) ?? new Uint8Array(0);
      const grown = new Uint8Array(Math.max(before.length, offset + data.length));
      grown.set(before);
      grown.set(data, offset);
      files.set(key, grown);
    }
  }
  return files;
}

/** A DER SEQUENCE with a two-byte length (`30 82 LL LL`), cut to its own length. */
function derSequence(bytes: Uint8Array | undefined): Uint8Array {
  if (!bytes || bytes[0] !== 0x30 || bytes[1] !== 0x82) throw new Error(`not a DER certificate: ${bytesToHex(bytes?.subarray(0, 4) ?? new Uint8Array(0))}`);
  const length = (((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) + 4;
  expect(bytes.length).toBeGreaterThanOrEqual(length);
  return bytes.slice(0, length);
}

/** The date part of an instant in Japan, as the screen shows expiry dates. */
function tokyoDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

class ReaderPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: /カードリーダー/ }).click();
    await expect(this.page).toHaveURL(/#\/reader$/);
    await expect(this.page.getByTestId('reader-screen')).toBeVisible();
    await expect(this.page.getByTestId('reader-list').locator('[data-reader-id="virtual:demo"]')).toBeVisible({ timeout: 30_000 });
  }

  reader(id: string): Locator {
    return this.page.getByTestId('reader-list').locator(`[data-reader-id="${id}"]`);
  }

  /** Waits until the list shows a card in the reader (pcscd polls vpcd), asking for the list again meanwhile. */
  async waitForCard(reader: Locator): Promise<void> {
    await expect(async () => {
      if (!(await reader.textContent())?.includes('カードあり')) await this.page.getByRole('button', { name: /一覧を更新/ }).click();
      await expect(reader).toContainText('連携アプリ経由・カードあり', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  }

  async typePin(pin: string): Promise<void> {
    const pad = this.page.getByTestId('pin-pad');
    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await expect(this.page.getByTestId('pin-display')).toHaveText('●'.repeat(pin.length));
  }
}

/** The page's localStorage, typed here (the Node tsconfig has no DOM library). */
type PageGlobals = { localStorage: { getItem(key: string): string | null } };

/**
 * In the page: local and session storage and every IndexedDB database, store by store, as text (binary
 * values as hex, so a number kept as bytes would still show).
 */
async function pageStorageText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    type Idb = {
      databases(): Promise<{ name?: string }[]>;
      open(name: string): { result: IdbDb; onsuccess: (() => void) | null; onerror: (() => void) | null };
    };
    type IdbDb = {
      objectStoreNames: ArrayLike<string>;
      transaction(store: string, mode: 'readonly'): { objectStore(name: string): { getAll(): { result: unknown[]; onsuccess: (() => void) | null; onerror: (() => void) | null } } };
      close(): void;
    };
    type WebStorage = { length: number; key(i: number): string | null; getItem(key: string): string | null };
    const g = globalThis as unknown as { indexedDB: Idb; localStorage: WebStorage; sessionStorage: WebStorage };
    const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
    const replacer = (_key: string, value: unknown) => {
      if (value instanceof ArrayBuffer) return hex(new Uint8Array(value));
      if (ArrayBuffer.isView(value)) return hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return value;
    };
    const parts: string[] = [];
    for (const storage of [g.localStorage, g.sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) ?? '';
        parts.push(`${key}=${storage.getItem(key) ?? ''}`);
      }
    }
    for (const { name } of await g.indexedDB.databases()) {
      if (!name) continue;
      const request = g.indexedDB.open(name);
      const db = await new Promise<IdbDb>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(`could not open ${name}`));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = db.transaction(store, 'readonly').objectStore(store).getAll();
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(new Error(`could not read ${name}/${store}`));
        });
        parts.push(`${name}/${store}: ${JSON.stringify(rows, replacer)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** Result of one request the page sent to the bridge on its own WebSocket. */
interface PageBridgeAnswer {
  type: string;
  ok: boolean;
  code?: string;
  responseHex?: string;
}

/**
 * In the page: opens a WebSocket to the bridge (so the browser sets the Origin), says hello with the token
 * the screen stored when it paired, connects to `reader`, sends each APDU, and disconnects.
 */
async function transmitFromPage(page: Page, args: { url: string; reader: string; storageKey: string; apdus: readonly string[] }): Promise<PageBridgeAnswer[]> {
  return page.evaluate(async ({ url, reader, storageKey, apdus }) => {
    const stored = JSON.parse((globalThis as unknown as PageGlobals).localStorage.getItem(storageKey) ?? 'null') as { token?: string } | null;
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onclose = () => reject(new Error('the bridge refused the page’s socket'));
    });
    type Answer = { type: 'response'; id: number; ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
    const waiting = new Map<number, (answer: Answer) => void>();
    ws.onmessage = (event: { data: unknown }) => {
      const message = JSON.parse(String(event.data)) as Answer | { type: string };
      if (message.type === 'response') waiting.get((message as Answer).id)?.(message as Answer);
    };
    let id = 0;
    const answers: { type: string; ok: boolean; code?: string; responseHex?: string }[] = [];
    const request = async (type: string, fields: Record<string, unknown>): Promise<Answer> => {
      id += 1;
      const answer = await new Promise<Answer>((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type, id, ...fields }));
      });
      answers.push({
        type,
        ok: answer.ok,
        ...(answer.error ? { code: answer.error.code } : {}),
        ...(typeof answer.result?.['responseHex'] === 'string' ? { responseHex: answer.result['responseHex'] } : {}),
      });
      return answer;
    };
    await request('hello', { token: stored?.token ?? '' });
    const connected = await request('connect', { reader });
    const session = connected.result?.['session'];
    if (typeof session === 'string') {
      for (const apduHex of apdus) await request('transmit', { session, apduHex });
      await request('disconnect', { session });
    }
    ws.close();
    return answers;
  }, args);
}

test('through real pcscd + vpcd and the bridge: reads, signs (the signature verifies), reports a wrong PIN and a removed card, never carries the individual number', async ({ page, platformServer }) => {
  // Real pcscd polls vpcd (≈ 45 ms an APDU); the check may install the binding, the start wait for another run.
  test.setTimeout(420_000);
  const prerequisites = checkPcscPrerequisites();
  for (const note of prerequisites.notes) console.info(`reader e2e through pcscd: ${note}`);
  if (!prerequisites.ok) {
    const reason = `real PC/SC is not available on this machine: missing ${prerequisites.missing.join('; ')}`;
    if (process.env['CI']) throw new Error(reason);
    test.skip(true, reason);
  }

  // Everything the page and its workers sent or received on WebSockets, and everything they logged.
  const frames: string[] = [];
  const consoleLines: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => frames.push(String(frame.payload)));
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  page.context().on('console', (message) => consoleLines.push(message.text()));

  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const pcscd: RunningPcscd = await startPcscd({ lockTimeoutMs: 180_000 });
    cleanup.unshift(() => pcscd.stop());
    const card = await createTestCard();
    const exchanges: Exchange[] = [];
    /** When set, the card leaves the reader instead of answering the first command this accepts. */
    let liftOffOn: ((apdu: Uint8Array) => boolean) | null = null;
    const model: VpcdCardModel = {
      transmit(apdu) {
        if (liftOffOn?.(apdu)) {
          liftOffOn = null;
          return null;
        }
        const response = card.transmit(apdu);
        exchanges.push({ command: bytesToHex(card.apduLog.at(-1) ?? new Uint8Array(0)), response: response.slice() });
        return response;
      },
      reset: () => card.reset(),
    };
    let vpcd: VpcdCard = await connectVpcdCard({ card: model });
    cleanup.unshift(() => vpcd.close());
    const configDir = await mkdtemp(join(tmpdir(), 'tsunagi-reader-pcscd-'));
    cleanup.push(() => rm(configDir, { recursive: true, force: true }));
    const bridge: BridgeProcess = await startBridgeProcess({ allowedOrigins: [platformServer.url], configDir });
    cleanup.unshift(() => bridge.stop());

    const signIn = new SignInPage(page);
    const reader = new ReaderPage(page);
    await page.goto(platformServer.url);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    await reader.open();

    const vpcdReader = reader.reader(`bridge:${VPCD_READER}`);
    const certificateNotice = page.getByTestId('reader-certificate');
    const notice = page.getByTestId('reader-notice');

    await test.step('pair with the code the bridge printed; the vpcd reader appears with the card in it', async () => {
      await vpcd.poweredUp;
      const bridgeCard = page.getByTestId('reader-bridge');
      await bridgeCard.getByLabel('ポート番号').fill(String(bridge.port));
      await page.getByTestId('pairing-code').fill(await bridge.pairingCode(0));
      await bridgeCard.getByRole('button', { name: /^ペアリング/ }).click();
      await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
      await bridge.pairingCode(1);
      await expect(vpcdReader).toContainText(VPCD_READER);
      await reader.waitForCard(vpcdReader);
      await vpcdReader.locator('input').check();
    });

    await test.step('「カードを確認」: the certificate is read, then the tries left before any PIN is typed', async () => {
      await page.getByRole('button', { name: /カードを確認/ }).click();
      await expect(certificateNotice).toContainText('カードを読み取れました: 利用者証明用電子証明書の有効期限', { timeout: 30_000 });
      await expect(page.getByTestId('reader-retries')).toContainText('残り回数: 3回');
      await expect(page.getByTestId('pin-display')).toHaveText('○○○○');
      await expect(page.getByText('利用者証明用電子証明書の暗証番号（数字4桁）を入力してください。')).toBeVisible();
    });

    await test.step('a wrong PIN goes to the card and costs a real try; the right one signs', async () => {
      expect(TEST_CARD_HOLDER.authPin).not.toBe('0000');
      await reader.typePin('0000');
      await page.getByTestId('reader-sign').click();
      await expect(notice).toContainText('暗証番号が違います。残り2回です。', { timeout: 30_000 });
      await expect(notice).toHaveAttribute('data-level', 'error');
      await expect(page.getByTestId('reader-retries')).toContainText('残り回数: 2回');
      expect(card.triesLeft('jpki')).toBe(2);
      await reader.typePin(TEST_CARD_HOLDER.authPin);
      await page.getByTestId('reader-sign').click();
      await expect(notice).toContainText('電子署名できました', { timeout: 30_000 });
      await expect(page.getByTestId('reader-retries')).toContainText('残り回数: 3回');
      expect(card.triesLeft('jpki')).toBe(3);
    });

    await test.step('the certificate and the signature as they crossed PC/SC; node:crypto verifies the signature', async () => {
      const files = filesReadOnTheWire(exchanges);
      const authCertificateDer = derSequence(files.get(`${HEX.selectJpki.slice(10)}/${HEX.authCertificateFid}`));
      const caCertificateDer = derSequence(files.get(`${HEX.selectJpki.slice(10)}/${HEX.authCaCertificateFid}`));
      const keys = await testCardKeys();
      expect(bytesToHex(authCertificateDer)).toBe(bytesToHex(keys.authCertificate));
      const certificate = new X509Certificate(authCertificateDer);
      expect(certificate.verify(new X509Certificate(caCertificateDer).publicKey)).toBe(true);
      // `validTo` is the string form (`validToDate` is newer than Node 20).
      const expiry = tokyoDate(new Date(certificate.validTo));
      await expect(certificateNotice).toContainText(`${formatWareki(expiry)}（${formatSeireki(expiry)}）`);
      await expect(certificateNotice).toContainText(`expires on ${expiry}`);

      const signing = exchanges.filter((e) => e.command.startsWith('802A0080'));
      expect(signing).toHaveLength(1);
      const [{ command: signCommand, response: signResponse }] = signing as [Exchange];
      expect(bytesToHex(signResponse.subarray(-2))).toBe('9000');
      const signature = signResponse.subarray(0, -2);
      expect(signature).toHaveLength(256);
      expect(verify('sha256', Buffer.from(SCREEN_TEST_STATEMENT, 'utf8'), certificate.publicKey, signature)).toBe(true);
      // Whatever the statement: the card signed exactly the DigestInfo the page sent.
      const digestInfoSent = hexToBytes(signCommand).subarray(5, 5 + (hexToBytes(signCommand)[4] ?? 0));
      expect(bytesToHex(publicDecrypt({ key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature))).toBe(bytesToHex(digestInfoSent));
      expect(verify('sha256', Buffer.from('another statement', 'utf8'), certificate.publicKey, signature)).toBe(false);
    });

    await test.step('the card leaves the reader in the middle of the certificate read: the screen says so; put back, it reads again', async () => {
      const answeredBefore = exchanges.length;
      // The second READ BINARY of a certificate (offset > 0): the read has begun and is not finished.
      liftOffOn = (apdu) => apdu[0] === 0x00 && apdu[1] === 0xb0 && ((apdu[2] ?? 0) & 0x80) === 0 && (((apdu[2] ?? 0) << 8) | (apdu[3] ?? 0)) > 0;
      await page.getByRole('button', { name: /カードを確認/ }).click();
      await expect(notice).toContainText(CARD_ERROR_MESSAGES.cardRemoved.ja, { timeout: 30_000 });
      await expect(notice).toHaveAttribute('data-level', 'error');
      await expect(notice).toContainText(CARD_ERROR_MESSAGES.cardRemoved.en);
      expect(liftOffOn).toBeNull();
      expect(exchanges.slice(answeredBefore).some((e) => e.command.startsWith('00B00000'))).toBe(true);
      await expect(certificateNotice).toHaveCount(0);
      await expect(page.getByTestId('pin-pad')).toHaveCount(0);
      await expect(page.getByTestId('reader-check-card')).toBeEnabled();

      vpcd = await connectVpcdCard({ card: model });
      await vpcd.poweredUp;
      await reader.waitForCard(vpcdReader);
      await page.getByRole('button', { name: /カードを確認/ }).click();
      await expect(certificateNotice).toContainText('カードを読み取れました', { timeout: 30_000 });
      await expect(page.getByTestId('reader-retries')).toContainText('残り回数: 3回');
      await expect(notice).toHaveCount(0);
    });

    await test.step('the page’s own token asks for the individual-number EF every way; PC/SC never carries it', async () => {
      const logBefore = card.apduLog.length;
      const answeredBefore = vpcd.apdusAnswered;
      const refused = [HEX.selectIndividualNumber, HEX.selectIndividualNumberWithFci, HEX.selectIndividualNumberByPath, HEX.readIndividualNumberBySfi, HEX.readSelected];
      const answers = await transmitFromPage(page, {
        url: bridge.url,
        reader: VPCD_READER,
        storageKey: BRIDGE_PAIRING_STORAGE_KEY,
        apdus: [HEX.selectCardInfo, HEX.selectCardInfoPin, verifyHex(TEST_CARD_HOLDER.cardInfoPin), ...refused],
      });
      expect(answers).toEqual([
        { type: 'hello', ok: true },
        { type: 'connect', ok: true },
        { type: 'transmit', ok: true, responseHex: '9000' },
        { type: 'transmit', ok: true, responseHex: '9000' },
        // The 券面事項入力補助AP's PIN was right: only the policy stands between the page and EF 0001.
        { type: 'transmit', ok: true, responseHex: '9000' },
        ...refused.map(() => ({ type: 'transmit', ok: false, code: 'apduForbidden' })),
        { type: 'disconnect', ok: true },
      ]);
      expect(card.apduLog.slice(logBefore).map(bytesToHex)).toEqual([HEX.selectCardInfo, HEX.selectCardInfoPin, `0020008004${'2A'.repeat(4)}`]);
      expect(vpcd.apdusAnswered - answeredBefore).toBe(3);
      expect(card.triesLeft('cardInfo')).toBe(3);
      for (const command of card.apduLog.map(bytesToHex)) {
        expect(command.endsWith('020001') && command.startsWith('00A4')).toBe(false);
        expect(command.startsWith('00B081')).toBe(false);
      }
      expect(bridge.stderr().match(/APDU refused by policy/g)).toHaveLength(refused.length);
    });

    await test.step('a page of another origin is refused at the bridge’s handshake', async () => {
      const foreignOrigin = platformServer.url.replace('//localhost:', '//127.0.0.1:');
      expect(foreignOrigin).not.toBe(platformServer.url);
      const refusalsBefore = bridge.stderr().match(/handshake refused/g)?.length ?? 0;
      const foreign = await page.context().newPage();
      try {
        await foreign.goto(`${foreignOrigin}/api/health`);
        const outcome = await foreign.evaluate(
          (url) =>
            new Promise<string>((resolve) => {
              const ws = new WebSocket(url);
              ws.onopen = () => resolve('opened');
              ws.onclose = () => resolve('closed before opening');
            }),
          bridge.url,
        );
        expect(outcome).toBe('closed before opening');
        await expect.poll(() => bridge.stderr().match(/handshake refused/g)?.length ?? 0).toBe(refusalsBefore + 1);
        expect(bridge.stderr()).toContain('"reason":"originNotAllowed"');
      } finally {
        await foreign.close();
      }
    });

    await test.step('nothing secret in the bridge’s log: not the PINs, not the token, not the holder', async () => {
      const token = await page.evaluate(
        (key) => (JSON.parse((globalThis as unknown as PageGlobals).localStorage.getItem(key) ?? '{}') as { token?: string }).token ?? '',
        BRIDGE_PAIRING_STORAGE_KEY,
      );
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const pins = [TEST_CARD_HOLDER.authPin, TEST_CARD_HOLDER.cardInfoPin].map((pin) => bytesToHex(new TextEncoder().encode(pin)));
      for (const secret of [token, ...pins, TEST_CARD_HOLDER.name]) expect(bridge.stderr()).not.toContain(secret);
    });

    await test.step('the 12-digit individual number is nowhere: card answers, page, workers, storage, logs', async () => {
      // Non-vacuous: the frames include the card worker's own socket (only it lists readers) and card answers.
      expect(frames.some((frame) => frame.includes('"type":"listReaders"'))).toBe(true);
      expect(frames.filter((frame) => frame.includes('"responseHex"')).length).toBeGreaterThan(20);
      expectNoIndividualNumber('the card’s answers over PC/SC', exchanges.map((e) => bytesToHex(e.response)).join('|'));
      expectNoIndividualNumber('WebSocket frames of the page', frames.join('\n'));
      expectNoIndividualNumber('the page’s DOM', await page.content());
      expectNoIndividualNumber('local/session storage and IndexedDB', await pageStorageText(page));
      expectNoIndividualNumber('the bridge’s output', `${bridge.stdout()}\n${bridge.stderr()}`);
      const bridgeFiles = await Promise.all((await readdir(configDir)).map(async (name) => `${name}: ${await readFile(join(configDir, name), 'utf8')}`));
      expectNoIndividualNumber('the bridge’s config files', bridgeFiles.join('\n'));
      expectNoIndividualNumber('the platform server’s output', platformServer.output());
      for (const line of consoleLines) for (const form of INDIVIDUAL_NUMBER_FORMS) expect(line).not.toContain(form);
      for (const form of INDIVIDUAL_NUMBER_FORMS) expect(pcscd.log()).not.toContain(form);
    });

    expect(await bridge.stop()).toBe(0);

    // The control: what the policy refused would have given the number, had it reached the card.
    await vpcd.close();
    const direct = [HEX.selectCardInfo, HEX.selectCardInfoPin, verifyHex(TEST_CARD_HOLDER.cardInfoPin), HEX.selectIndividualNumber, '00B0000011'].map((apdu) => card.transmit(hexToBytes(apdu)));
    expect(direct.map((r) => bytesToHex(r.subarray(-2)))).toEqual(['9000', '9000', '9000', '9000', '9000']);
    expect(bytesToHex(direct[4] ?? new Uint8Array(0))).toContain(INDIVIDUAL_NUMBER_FORMS[1]);
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
});
