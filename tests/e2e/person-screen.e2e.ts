/**
 * The person screen from the list on a touch tablet, after enrolling the device: search a demo person, one tap on the row opens their
 * screen with today's burden ratio (as the server's record says), the screen passes axe, and 「一覧へ戻る」
 * returns to the list with the search kept.
 */
import AxeBuilder from '@axe-core/playwright';
import { burdenRatioOn } from '../../src/domain/rules/burden-ratio-periods.ts';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { tokyoDate } from '../../src/ui/format/tokyo-time.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { expect, TABLET_LANDSCAPE, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

test('tapping a person in the list opens their screen with the burden ratio', async ({ browser, platformServer }) => {
  // The oracle: the office's list as the server gives it to a colleague's device at the same office.
  const colleague = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-cm-2'));
  const snapshot = PeopleResponse.parse(await colleague.getJson(`/api/v1/providers/${colleague.provider.providerNumber}/people`));
  const today = tokyoDate(new Date());
  const known = snapshot.people.find((p) => burdenRatioOn(p.burdenRatio, today) !== null);
  if (!known) throw new Error('nobody in the demo office has a burden ratio today');
  const ratio = burdenRatioOn(known.burdenRatio, today)?.ratio;

  const context = await browser.newContext({ viewport: TABLET_LANDSCAPE, hasTouch: true, isMobile: false });
  try {
    const page = await context.newPage();
    const people = new PeoplePage(page);
    const signIn = new SignInPage(page);
    await page.goto(platformServer.url);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    await people.expectListLoaded(1);

    await people.searchFor(known.insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await people.rows.first().tap();

    await expect(page).toHaveURL(new RegExp(`#/person/${known.insurerNumber}/${known.insuredNumber}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(known.identity.name);
    await expect(page.getByTestId('burden-ratio')).toHaveText(`${ratio}割`);
    await expect(page.getByTestId('person-source')).toContainText(known.source.kind === 'paper' ? '紙から転記' : '介護情報基盤');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    await screenshot(page, 'person-screen');

    await page.getByTestId('back-to-list').tap();
    await expect(page.getByTestId('person-screen')).toHaveCount(0);
    await expect(people.search).toHaveValue(known.insuredNumber);
    await expect(people.rows).toHaveCount(1);
  } finally {
    await context.close();
  }
});
