/**
 * The app shell offline: enroll the device and load the people list once with the server up, then stop the
 * server and reload — the service worker serves the shell, the app is locked, the PIN unlocks it offline
 * against the device's wrapped key, and the list comes from the encrypted IndexedDB store. Also checks
 * Chromium's installability, that no API response lands in Cache Storage, and accessibility (axe), also of
 * the enrollment and lock screens.
 *
 * It runs in a persistent context on a fresh profile (fixtures/test.ts says why: installability).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { dispatchSyncEvent } from './fixtures/service-worker.ts';
import { expect, TABLET_LANDSCAPE, TABLET_PORTRAIT, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

// Browser globals used inside page.evaluate: this file compiles for Node, without the DOM library.
declare const navigator: { serviceWorker: { controller: { scriptURL: string } | null } };
declare const caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<readonly { url: string }[]> }> };

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

test('the people list loads, searches, and still opens with the server gone', async ({ appContext: context, platformServer }) => {
  // The independent oracle: what the server gives a colleague's device at the same office.
  const colleague = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-cm-2'));
  const office = colleague.provider;
  expect(office.kind).toBe('careManagementOffice');
  const snapshot = PeopleResponse.parse(await colleague.getJson(`/api/v1/providers/${office.providerNumber}/people`));
  const known = snapshot.people[Math.floor(snapshot.people.length / 2)];
  if (!known) throw new Error('the demo office lists nobody');
  const familyKana = known.identity.nameKana.split(/[\s\u3000]/)[0] ?? known.identity.nameKana;
  const sameFamilyKana = snapshot.people.filter((p) => p.identity.nameKana.replace(/[\s\u3000]/g, '').startsWith(familyKana)).length;

  const page = context.pages()[0] ?? (await context.newPage());
  const people = new PeoplePage(page);
  const signIn = new SignInPage(page);
  await page.goto(platformServer.url);

  await test.step('first start: the device is enrolled with an activation code; the office is the staff member’s', async () => {
    await expect(page.getByRole('heading', { level: 1 })).toContainText('この端末を登録');
    await screenshot(page, 'enroll');
    await expectNoAxeViolations(page);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    await expect(people.officeName).toHaveText(office.name);
  });

  await test.step('the list shows every person of the office', async () => {
    await people.expectListLoaded(Math.min(300, snapshot.people.length));
    expect((await people.counts()).total).toBe(snapshot.people.length);
    await expect(people.connectivity).toContainText('オンライン');
    await expect(people.lastFetched).toContainText(/最終同期 \d{2}:\d{2}/);
    await screenshot(page, 'people-list-landscape');
  });

  await test.step('search narrows the list instantly: by kana, by hiragana, by insured number', async () => {
    await people.searchFor(familyKana);
    await expect.poll(async () => (await people.counts()).shown).toBe(sameFamilyKana);
    expect(sameFamilyKana).toBeLessThan(snapshot.people.length);
    await people.searchFor(known.insuredNumber);
    await expect.poll(async () => (await people.counts()).shown).toBe(1);
    await expect(people.rows).toHaveCount(1);
    await expect(people.rows.first()).toContainText(known.identity.name);
    await expect(people.rows.first()).toContainText(known.identity.nameKana);
    await screenshot(page, 'people-search');
    await people.searchFor('');
    await expect.poll(async () => (await people.counts()).shown).toBe(snapshot.people.length);
  });

  await test.step('the service worker controls the page and Cache Storage holds no API response', async () => {
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(`${platformServer.url}/sw.js`);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.filter((path) => path.startsWith('/api/'))).toEqual([]);
  });

  // The page answers the wake-up by checking the device's status (a revoked device wipes itself). It no longer
  // refreshes the list as well: src/ui/App.tsx routes SYNC_REQUESTED to session.checkDevice() only.
  await test.step("the worker's Background Sync event wakes the page, which checks the device's status", async () => {
    const cdp = await context.newCDPSession(page);
    const statusRequest = page.waitForRequest(`${platformServer.url}/api/v1/devices/self`);
    await dispatchSyncEvent(cdp, platformServer.url);
    await statusRequest;
    await cdp.detach();
  });

  await test.step('Chromium finds the app installable', async () => {
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
  });

  await test.step('axe finds no accessibility violations, landscape and portrait', async () => {
    await expectNoAxeViolations(page);
    await page.setViewportSize(TABLET_PORTRAIT);
    await expect(people.rows.first()).toBeVisible();
    await screenshot(page, 'people-list-portrait');
    await expectNoAxeViolations(page);
    await page.setViewportSize(TABLET_LANDSCAPE);
  });

  await test.step('with the server stopped, a reload still opens the shell and the stored list', async () => {
    await platformServer.stop();
    await page.reload();
    await signIn.expectLocked();
    await screenshot(page, 'locked-offline');
    await expectNoAxeViolations(page);
    await signIn.signInWithPin('kyotaku-cm-1');
    await signIn.expectSignedIn();
    await people.expectListLoaded(snapshot.people.length);
    expect((await people.counts()).total).toBe(snapshot.people.length);
    await expect(people.connectivity).toContainText('オフライン');
    await expect(page.getByTestId('sync-error')).toHaveAttribute('data-code', 'network');
    await expect(people.officeName).toHaveText(office.name);
    await people.searchFor(known.insuredNumber);
    await expect(people.rows.first()).toContainText(known.identity.name);
    await people.searchFor('');
    await screenshot(page, 'people-list-offline');
    await expectNoAxeViolations(page);
  });

});
