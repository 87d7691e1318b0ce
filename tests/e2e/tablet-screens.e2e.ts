/**
 * Every screen a helper and a care manager use, on a 10-inch touch tablet in landscape (1280×800) and portrait
 * (800×1280): the burden ratio two taps from the list (search, tap the row) and on screen without scrolling;
 * each screen passes axe, has nothing wider than the screen and no control smaller than 44×44 px; the same
 * screens open again offline after a reload. Screenshots of each screen in each orientation are saved.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { burdenRatioOn } from '../../src/domain/rules/burden-ratio-periods.ts';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { tokyoDate } from '../../src/ui/format/tokyo-time.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { expect, TABLET_LANDSCAPE, TABLET_PORTRAIT, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

// Browser globals used inside page.evaluate: this file compiles for Node, without the DOM library.
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
};
declare const window: { innerWidth: number };
interface BrowserElement {
  getBoundingClientRect(): { width: number; height: number };
  outerHTML: string;
  matches(selector: string): boolean;
  closest(selector: string): BrowserElement | null;
}

/** WCAG 2.5.5 (AAA) target size, which the project holds for every control: care tablets, older hands. */
const MIN_TARGET_PX = 44;

const ORIENTATIONS = [
  { name: 'landscape', viewport: TABLET_LANDSCAPE },
  { name: 'portrait', viewport: TABLET_PORTRAIT },
] as const;

interface Screen {
  readonly name: string;
  readonly hash: string;
  /** Shown once the screen is ready. */
  readonly ready: (page: Page) => ReturnType<Page['getByTestId']>;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Visible controls smaller than the minimum target, described by their markup (empty when all are large enough). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const controls = Array.from(document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a.button, [role=button], [role=radio], [role=tab]'));
    return controls
      .filter((control) => {
        // A radio or checkbox is tapped through its label, which wraps it.
        const el = control.matches('input[type=radio], input[type=checkbox]') ? (control.closest('label') ?? control) : control;
        const box = el.getBoundingClientRect();
        // Zero-sized: not rendered (hidden screens stay mounted under the person screen).
        if (box.width === 0 && box.height === 0) return false;
        return box.width < min - 0.5 || box.height < min - 0.5;
      })
      .map((el) => el.outerHTML.slice(0, 160));
  }, MIN_TARGET_PX);
}

async function checkScreen(page: Page, screen: Screen, label: string): Promise<void> {
  await page.evaluate((hash) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
  }, screen.hash);
  await expect(screen.ready(page)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${label}: wider than the screen`).toBeLessThanOrEqual(0);
  expect(await smallTargets(page), `${label}: controls under ${MIN_TARGET_PX} px`).toEqual([]);
  await expectNoAxeViolations(page);
  await screenshot(page, label);
}

for (const role of [
  { staffId: 'houmon-helper-1', colleague: 'houmon-helper-1', name: 'helper' },
  { staffId: 'kyotaku-cm-1', colleague: 'kyotaku-cm-2', name: 'care-manager' },
] as const) {
  test(`${role.name}: every screen on a tablet in both orientations, online and offline`, async ({ browser, platformServer }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ viewport: TABLET_LANDSCAPE, hasTouch: true, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    try {
      const page = await context.newPage();
      const signIn = new SignInPage(page);
      const people = new PeoplePage(page);
      await page.goto(platformServer.url);
      await signIn.enroll(platformServer.activationCode(role.staffId));
      await signIn.dismissPasskeyOffer();
      await people.expectListLoaded(1);

      // The oracle for the care manager: the office's list as the server gives it to a colleague's device. The
      // helper's office has one demo helper (enrolled above), so the helper opens the first person listed.
      const today = tokyoDate(new Date());
      let known: PeopleResponse['people'][number] | undefined;
      if (role.colleague !== role.staffId) {
        const colleague = await enrollServerDevice(platformServer.url, platformServer.activationCode(role.colleague));
        const snapshot = PeopleResponse.parse(await colleague.getJson(`/api/v1/providers/${colleague.provider.providerNumber}/people`));
        known = snapshot.people.find((p) => burdenRatioOn(p.burdenRatio, today) !== null);
      }
      const firstHref = (await people.rows.first().getByTestId('person-link').getAttribute('href')) ?? '';
      const insuredNumber = known?.insuredNumber ?? /#\/person\/\d+\/(\d+)$/.exec(firstHref)?.[1];
      expect(insuredNumber, 'a person to open').toBeTruthy();

      const screens: Screen[] = [
        { name: 'people', hash: '#/', ready: (p) => p.getByTestId('person-row').first() },
        { name: 'settings', hash: '#/settings', ready: (p) => p.getByTestId('app-version') },
        { name: 'reader', hash: '#/reader', ready: (p) => p.getByTestId('reader-screen') },
        // 紙から転記: for care managers only (a helper's tablet offers no paper entry).
        ...(role.name === 'care-manager' ? [{ name: 'paper', hash: '#/paper/new', ready: (p: Page) => p.getByTestId('paper-save') }] : []),
        { name: 'notices', hash: '#/notices', ready: (p) => p.getByTestId('notices-screen') },
      ];

      for (const orientation of ORIENTATIONS) {
        await page.setViewportSize(orientation.viewport);
        await test.step(`${orientation.name}: search, one tap, the burden ratio on screen`, async () => {
          await page.evaluate(() => {
            (globalThis as unknown as { location: { hash: string } }).location.hash = '#/';
          });
          await people.searchFor(insuredNumber ?? '');
          await expect(people.rows).toHaveCount(1);
          await people.rows.first().getByTestId('person-link').tap();
          await expect(page.getByTestId('person-screen')).toBeVisible();
          await expect(page.getByTestId('burden-ratio')).toBeInViewport();
          if (known) {
            const ratio = burdenRatioOn(known.burdenRatio, today)?.ratio;
            await expect(page.getByTestId('burden-ratio')).toHaveText(`${ratio}割`);
          }
          expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
          expect(await smallTargets(page)).toEqual([]);
          await expectNoAxeViolations(page);
          await screenshot(page, `${role.name}-person-${orientation.name}`);
          await page.getByTestId('back-to-list').tap();
          await people.searchFor('');
        });
        for (const screen of screens) {
          await test.step(`${orientation.name}: ${screen.name}`, () => checkScreen(page, screen, `${role.name}-${screen.name}-${orientation.name}`));
        }
      }

      await test.step('offline: after a reload every screen opens again', async () => {
        await platformServer.stop();
        await page.setViewportSize(TABLET_LANDSCAPE);
        await page.evaluate(() => {
          (globalThis as unknown as { location: { hash: string } }).location.hash = '#/';
        });
        await page.reload();
        await signIn.expectLocked();
        await signIn.signInWithPin(role.staffId);
        await signIn.expectSignedIn();
        await expect(people.connectivity).toContainText('オフライン');
        for (const screen of screens) await checkScreen(page, screen, `${role.name}-${screen.name}-offline`);
        // The tour ends on another screen: back to the list to search.
        await page.evaluate(() => {
          (globalThis as unknown as { location: { hash: string } }).location.hash = '#/';
        });
        await people.searchFor(insuredNumber ?? '');
        await people.rows.first().getByTestId('person-link').tap();
        await expect(page.getByTestId('burden-ratio')).toBeVisible();
        await screenshot(page, `${role.name}-person-offline`);
      });
    } finally {
      await context.close();
    }
  });
}
