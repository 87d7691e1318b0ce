/** Page object for enrollment, sign-in and the lock screen. */
import { expect, type Page } from '@playwright/test';

export const DEMO_PIN = '482915';

export class SignInPage {
  constructor(readonly page: Page) {}

  /** Enrolls the device with a printed activation code and chooses the PIN; ends signed in. */
  async enroll(code: string, pin = DEMO_PIN): Promise<void> {
    const page = this.page;
    await page.getByLabel('登録コード').fill(code);
    await page.getByLabel('PIN（6〜12桁の数字）').fill(pin);
    await page.getByLabel('PIN（確認のためもう一度）').fill(pin);
    await page.getByRole('button', { name: /登録してサインイン/ }).click();
    await expect(page.getByTestId('signed-in-staff')).toBeVisible({ timeout: 60_000 });
  }

  /** Skips the passkey offer shown after enrollment, when there is one. */
  async dismissPasskeyOffer(): Promise<void> {
    const later = this.page.getByRole('button', { name: /あとで/ });
    if (await later.isVisible().catch(() => false)) await later.click();
  }

  async signInWithPin(staffId: string, pin = DEMO_PIN): Promise<void> {
    const page = this.page;
    await page.getByLabel('職員ID').fill(staffId);
    await page.getByLabel('PIN（6〜12桁の数字）').fill(pin);
    await page.getByRole('button', { name: /PINでサインイン/ }).click();
  }

  async expectSignedIn(): Promise<void> {
    await expect(this.page.getByTestId('signed-in-staff')).toBeVisible({ timeout: 60_000 });
  }

  async expectLocked(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: /ロック中|サインイン/ })).toBeVisible();
  }
}
