/**
 * The card reader screen on a tablet, after enrolling the device: 「カードリーダー」 in the header opens `#/reader`,
 * which lists the virtual demo reader; 「カードを確認」 reads its 利用者証明用電子証明書 (expiry in 和暦) and shows
 * the tries left before any PIN is typed; a wrong PIN on the pad reports the tries left, the demo PIN 1234
 * signs. The screen passes axe. The oracle for the expiry is the certificate the worker made, as Node parses it.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
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
