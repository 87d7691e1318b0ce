/**
 * The update flow with a real service worker: a changed /sw.js (the next build) installs and waits; the app
 * shows 「新しいバージョンがあります」; 「更新する」 activates it and the page reloads under the new worker.
 * The next build is simulated by a proxy that serves /sw.js with a comment appended (Playwright's request
 * routing does not see service-worker script fetches), so ./dist stays untouched. The reload locks the app
 * (nothing decrypted survives it): the staff member signs in again with the PIN and the list is back.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { startRewritingProxy } from './fixtures/rewriting-proxy.ts';
import { screenshot } from './fixtures/screenshot.ts';

declare const navigator: {
  serviceWorker: {
    controller: { scriptURL: string } | null;
    getRegistration(): Promise<{ update(): Promise<void>; waiting: object | null } | undefined>;
  };
};
declare const window: { __beforeReload?: boolean } & Record<string, unknown>;

test('a new version waits for the user, then 「更新する」 activates it and reloads', async ({ appContext: context, platformServer }) => {
  const proxy = await startRewritingProxy(platformServer.url);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const people = new PeoplePage(page);
    const signIn = new SignInPage(page);
    await page.goto(proxy.url);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    await people.expectListLoaded(1);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // From now on /sw.js is "the next build".
    proxy.rewrite('/sw.js', (body) => `${body}\n// next build\n`);
    await page.evaluate(async () => {
      window['__beforeReload'] = true;
      await (await navigator.serviceWorker.getRegistration())?.update();
    });

    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('新しいバージョンがあります');
    await expect(banner).toContainText('A new version is available');
    expect(proxy.rewrites('/sw.js')).toBeGreaterThan(0);
    await screenshot(page, 'update-banner');
    const axe = await new AxeBuilder({ page }).include('[data-testid=update-banner]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Waiting, not yet active: this page still runs the old build.
    expect(await page.evaluate(() => window['__beforeReload'] === true)).toBe(true);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null)).toBe(true);

    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: /更新する/ }).click()]);
    await expect.poll(() => page.evaluate(() => window['__beforeReload'] === undefined)).toBe(true);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    await signIn.expectLocked();
    await signIn.signInWithPin('kyotaku-cm-1');
    await signIn.expectSignedIn();
    await people.expectListLoaded(1);
    // The waiting worker became the active one and controls the reloaded page.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  } finally {
    await proxy.close();
  }
});
