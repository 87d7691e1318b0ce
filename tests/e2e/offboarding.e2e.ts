/**
 * 退職・端末回収 end to end: a care manager's tablet holds the office's people; the admin, on another tablet,
 * offboards that care manager in one action; the care manager's tablet is refused on its next contact and
 * erases its local data (the IndexedDB database is gone).
 */
import { expect, test } from './fixtures/test.ts';
import { launchTablet } from './fixtures/tablet.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

declare const indexedDB: { databases(): Promise<{ name?: string }[]> };

test('offboarding revokes the staff member’s tablet, which wipes itself on its next contact', async ({ appContext, platformServer, playwright, launchOptions }) => {
  const careManagerTablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    const cm = careManagerTablet.context.pages()[0] ?? (await careManagerTablet.context.newPage());
    await cm.goto(platformServer.url);
    const cmSignIn = new SignInPage(cm);
    await cmSignIn.enroll(platformServer.activationCode('kyotaku-cm-2'));
    await cmSignIn.dismissPasskeyOffer();
    const cmPeople = new PeoplePage(cm);
    await cmPeople.expectListLoaded(10);
    expect(await cm.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('tsunagi');

    const admin = appContext.pages()[0] ?? (await appContext.newPage());
    await admin.goto(platformServer.url);
    const adminSignIn = new SignInPage(admin);
    await adminSignIn.enroll(platformServer.activationCode('kyotaku-admin-1'));
    await adminSignIn.dismissPasskeyOffer();
    await admin.getByRole('link', { name: /管理/ }).click();
    const row = admin.locator('[data-staff-id="kyotaku-cm-2"]');
    await row.getByRole('button', { name: /退職・端末回収/ }).click();
    await admin.getByRole('dialog').getByRole('button', { name: /退職・端末回収を実行する/ }).click();
    await expect(admin.getByTestId('offboard-result')).toBeVisible();
    await expect(admin.getByTestId('offboard-result')).toContainText('1');

    // The care manager's tablet makes contact (a refresh): refused, and its data is erased.
    const refused = cm.waitForResponse((response) => response.url().includes('/api/v1/') && response.status() === 403);
    await cmPeople.refresh.click();
    expect((await (await refused).json()) as { code: string }).toMatchObject({ code: 'deviceRevoked' });
    await expect(cm.getByTestId('device-wiped')).toBeVisible();
    await expect.poll(async () => (await cm.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).includes('tsunagi')).toBe(false);

    // Reloading does not bring anything back: the tablet asks to be enrolled again.
    await cm.reload();
    await expect(cm.getByRole('heading', { name: /この端末を登録/ })).toBeVisible();
  } finally {
    await careManagerTablet.dispose();
  }
});
