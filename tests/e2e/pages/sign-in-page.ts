/** Page object for enrollment, sign-in and the lock screen. */
import { expect, type Page } from '@playwright/test';
import { EnrollResponse, type SignedInStaff } from '../../../src/protocol/auth.ts';
import type { Provider } from '../../../src/domain/organisations.ts';
import { newDeviceKeys, signRequest } from '../../../server/testing/signed-client.testing.ts';

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

/**
 * A second device, enrolled from the test process with another staff member's activation code: it signs its
 * requests as the app does, so a test can read what the server holds (its independent oracle) without going
 * through the browser under test.
 */
export interface ServerDevice {
  readonly staff: SignedInStaff;
  readonly provider: Provider;
  /** A signed GET of `path` (e.g. `/api/v1/providers/…/people`); throws unless the answer is 200. */
  getJson(path: string): Promise<unknown>;
}

export async function enrollServerDevice(baseUrl: string, activationCode: string, pin = DEMO_PIN): Promise<ServerDevice> {
  const keys = await newDeviceKeys();
  const response = await fetch(`${baseUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ activationCode, deviceName: 'テスト用の端末', publicKey: keys.publicKey, pin }),
  });
  if (response.status !== 200) throw new Error(`enroll: ${response.status} ${await response.text()}`);
  const enrollment = EnrollResponse.parse(await response.json());
  return {
    staff: enrollment.staff,
    provider: enrollment.provider,
    async getJson(path) {
      const headers = await signRequest(keys, enrollment.deviceId, 'GET', path, null, new Date());
      const answer = await fetch(`${baseUrl}${path}`, { headers: { ...headers, Authorization: `Bearer ${enrollment.accessToken}` } });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${await answer.text()}`);
      return answer.json();
    },
  };
}
