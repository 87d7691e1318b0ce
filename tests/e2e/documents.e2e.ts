/**
 * 主治医意見書・認定調査票 on the person screen: shown to a care manager (fetched online, never stored on the
 * tablet), absent for a helper of a service provider.
 */
import { expect, test } from './fixtures/test.ts';
import { launchTablet } from './fixtures/tablet.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

test('a care manager sees the certification documents section; a helper does not', async ({ appContext, platformServer, playwright, launchOptions }) => {
  const page = appContext.pages()[0] ?? (await appContext.newPage());
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  const people = new PeoplePage(page);
  await people.expectListLoaded(10);
  const fetched = page.waitForResponse((r) => /\/api\/v1\/providers\/\d+\/people\/\d+\/\d+$/.test(r.url()));
  await people.rows.first().click();
  const section = page.getByTestId('person-documents');
  await expect(section).toBeVisible();
  expect((await fetched).status()).toBe(200);
  await expect(section).not.toContainText('読み込み中');
  await expect(section.getByRole('heading', { name: /主治医意見書・認定調査票/ })).toBeVisible();

  const helperTablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    const helper = helperTablet.context.pages()[0] ?? (await helperTablet.context.newPage());
    await helper.goto(platformServer.url);
    const helperSignIn = new SignInPage(helper);
    await helperSignIn.enroll(platformServer.activationCode('houmon-helper-1'));
    await helperSignIn.dismissPasskeyOffer();
    const helperPeople = new PeoplePage(helper);
    await helperPeople.expectListLoaded(1);
    await helperPeople.rows.first().click();
    await expect(helper.getByTestId('person-screen')).toBeVisible();
    await expect(helper.getByTestId('person-documents')).toHaveCount(0);
  } finally {
    await helperTablet.dispose();
  }
});
