/**
 * The card reader screen on a tablet, after enrolling the device: 「カードリーダー」 in the header opens `#/reader`,
 * which lists the virtual demo reader; 「カードを確認」 reads its 利用者証明用電子証明書 (expiry in 和暦) and shows
 * the tries left before any PIN is typed; a wrong PIN on the pad reports the tries left, the demo PIN 1234
 * signs. The screen passes axe.
 *
 * Then the bridge: a bridge started in the test process (the real `bridge/app.ts` over a fake PC/SC holding
 * the software card) prints a pairing code; the code typed on the screen pairs, its reader appears as
 * 「連携アプリ経由」, a card check and a signature run through it, the pairing survives a reload, and
 * 「ペアリングを解除」 removes the reader. This needs the app's CSP to allow `connect-src ws://127.0.0.1:*`.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createBridge } from '../../bridge/app.ts';
import { createFakePcsc } from '../../bridge/fake-pcsc.ts';
import { createLogger } from '../../bridge/logger.ts';
import { createMemoryPairingStore } from '../../bridge/pairing-store.ts';
import { listenBridge } from '../../bridge/server.ts';
import { createTestCard, TEST_CARD_HOLDER } from '../../workers/transports/virtual-card-fixture.ts';
import { formatSeireki, formatWareki } from '../../src/domain/wareki.ts';
import { DEMO_VIRTUAL_CARD } from '../../workers/card-deps.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { expect, test } from './fixtures/test.ts';
import { SignInPage } from './pages/sign-in-page.ts';

class ReaderPage {
  readonly screen: Locator;
  readonly retries: Locator;
  readonly notice: Locator;
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('reader-screen');
    this.retries = page.getByTestId('reader-retries');
    this.notice = page.getByTestId('reader-notice');
  }

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: /カードリーダー/ }).click();
    await expect(this.page).toHaveURL(/#\/reader$/);
    await expect(this.screen).toBeVisible();
    await expect(this.page.getByTestId('reader-list').locator('[data-reader-id="virtual:demo"] input')).toBeChecked({ timeout: 30_000 });
  }

  async checkCard(): Promise<void> {
    await this.page.getByRole('button', { name: /カードを確認/ }).click();
    await expect(this.page.getByTestId('reader-certificate')).toContainText('カードを読み取れました: 利用者証明用電子証明書の有効期限', { timeout: 30_000 });
  }

  async sign(pin: string): Promise<void> {
    await this.typePin(pin);
    await this.page.getByTestId('reader-sign').click();
  }

  async readerIds(): Promise<(string | null)[]> {
    return this.page.getByTestId('reader-list').locator('[data-reader-id]').evaluateAll((labels) => labels.map((l) => l.getAttribute('data-reader-id')));
  }

  async typePin(pin: string): Promise<void> {
    const pad = this.page.getByTestId('pin-pad');
    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await expect(this.page.getByTestId('pin-display')).toHaveText('●'.repeat(pin.length) + '○'.repeat(4 - pin.length));
  }
}

test('reads the demo card, shows the tries left before the PIN, and signs with the PIN pad', async ({ page, platformServer }) => {
  const signIn = new SignInPage(page);
  const reader = new ReaderPage(page);
  await page.goto(platformServer.url);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  await reader.open();

  // What this browser can use, said plainly: Web NFC cannot talk to the card.
  await expect(page.getByTestId('reader-availability')).toContainText('Web NFCはマイナンバーカードと通信できません');

  await page.getByRole('button', { name: /カードを確認/ }).click();
  const certificate = page.getByTestId('reader-certificate');
  await expect(certificate).toContainText('カードを読み取れました: 利用者証明用電子証明書の有効期限', { timeout: 30_000 });
  // The demo card's certificate is valid for five years from when the worker made it (today, in Japan).
  const expiry = /expires on (\d{4}-\d{2}-\d{2})/.exec(await certificate.innerText())?.[1];
  if (!expiry) throw new Error('no expiry date shown');
  expect(Number(expiry.slice(0, 4)) - new Date().getUTCFullYear()).toBeGreaterThanOrEqual(4);
  await expect(certificate).toContainText(`${formatWareki(expiry)}（${formatSeireki(expiry)}）`);

  // Tries left are on screen before any digit is typed.
  await expect(reader.retries).toContainText('残り回数: 3回');
  await expect(page.getByTestId('pin-display')).toHaveText('○○○○');
  await expect(page.getByTestId('reader-sign')).toBeDisabled();
  const key = page.getByTestId('pin-pad').getByRole('button', { name: '5', exact: true });
  const box = await key.boundingBox();
  expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(64);

  // 訂正 and クリア on the pad.
  await reader.typePin('12');
  await page.getByTestId('pin-pad').getByRole('button', { name: '訂正' }).click();
  await expect(page.getByTestId('pin-display')).toHaveText('●○○○');
  await page.getByTestId('pin-pad').getByRole('button', { name: 'クリア' }).click();
  await expect(page.getByTestId('pin-display')).toHaveText('○○○○');

  // A wrong PIN says how many tries are left.
  expect(DEMO_VIRTUAL_CARD.authPin).not.toBe('0000');
  await reader.typePin('0000');
  await page.getByTestId('reader-sign').click();
  await expect(reader.notice).toContainText('暗証番号が違います。残り2回です。', { timeout: 30_000 });
  await expect(reader.retries).toContainText('残り回数: 2回');
  await expect(page.getByTestId('pin-display')).toHaveText('○○○○');

  // The demo PIN signs the test digest.
  await reader.typePin(DEMO_VIRTUAL_CARD.authPin);
  await page.getByTestId('reader-sign').click();
  await expect(reader.notice).toContainText('電子署名できました', { timeout: 30_000 });
  await expect(reader.retries).toContainText('残り回数: 3回');

  const axe = await new AxeBuilder({ page }).include('[data-testid="reader-screen"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  await screenshot(page, 'reader-screen');

  await page.getByTestId('reader-back').click();
  await expect(reader.screen).toHaveCount(0);
});

test('pairs with the bridge by its code and checks a card on a PC/SC reader through it', async ({ page, platformServer }) => {
  const card = await createTestCard();
  const readerName = 'Tsunagi Test Reader 00 00';
  const codes: string[] = [];
  const bridge = createBridge({
    pcsc: createFakePcsc({ [readerName]: { transmit: (apdu) => card.transmit(apdu) } }),
    allowedOrigins: [platformServer.url],
    pairingStore: createMemoryPairingStore(),
    logger: createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) }),
    clock: () => new Date(),
    random: (size) => new Uint8Array(randomBytes(size)),
    onPairingCode: (code) => codes.push(code),
  });
  const listening = await listenBridge(bridge, { port: 0, hosts: ['127.0.0.1'] });
  try {
    const port = String(listening.addresses[0]?.port ?? 0);
    const signIn = new SignInPage(page);
    const reader = new ReaderPage(page);
    await page.goto(platformServer.url);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    await reader.open();
    const bridgeCard = page.getByTestId('reader-bridge');
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'off');

    // A wrong code is refused with the tries left; the code the bridge printed pairs.
    await bridgeCard.getByLabel('ポート番号').fill(port);
    await page.getByTestId('pairing-code').fill(codes.at(-1) === '000000' ? '111111' : '000000');
    await bridgeCard.getByRole('button', { name: /^ペアリング/ }).click();
    await expect(page.getByTestId('pairing-error')).toContainText('ペアリングコードが違います。あと');
    await page.getByTestId('pairing-code').fill(codes.at(-1) ?? '');
    await bridgeCard.getByRole('button', { name: /^ペアリング/ }).click();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    const bridgeReader = page.getByTestId('reader-list').locator(`[data-reader-id="bridge:${readerName}"]`);
    await expect(bridgeReader).toContainText('連携アプリ経由・カードあり');

    await bridgeReader.locator('input').check();
    await reader.checkCard();
    await expect(reader.retries).toContainText('残り回数: 3回');
    await reader.sign('0000');
    await expect(reader.notice).toContainText('暗証番号が違います。残り2回です。', { timeout: 30_000 });
    await reader.sign(TEST_CARD_HOLDER.authPin);
    await expect(reader.notice).toContainText('電子署名できました', { timeout: 30_000 });

    // The token is remembered for this origin: after a reload the bridge reader is back without a code.
    await page.reload();
    await signIn.expectLocked();
    await signIn.signInWithPin('kyotaku-cm-1');
    await signIn.expectSignedIn();
    await reader.open();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect.poll(() => reader.readerIds()).toContain(`bridge:${readerName}`);
    await page.getByTestId('reader-unpair').click();
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'off');
    await expect.poll(() => reader.readerIds()).toEqual(['virtual:demo']);
  } finally {
    await listening.close();
  }
});
