/**
 * Markup in a data field stays text. An insurer's feed rewrites a demo person of 桜丘市 (already linked to the
 * demo office) with an `<img onerror>` in the name and a `<script>` in the assigned care-management office's
 * name (free-text fields the app shows; フリガナ only takes katakana, the address is not shown); after
 * enrollment the list and the person screen show both literally, neither runs, no element is made from them, and the browser
 * reports no Content-Security-Policy or Trusted Types violation (nothing even reached a sink to be blocked).
 */
import { InsuredRecord, type InsuredRecordContent } from '../../src/domain/insured.ts';
import { FeedResult, type FeedFile } from '../../src/protocol/feed.ts';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { demoFeedToken } from '../../server/seed/seed-demo.ts';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

// Browser globals used inside page.evaluate and init scripts: this file compiles for Node, without the DOM library.
declare const document: {
  addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  querySelectorAll(selectors: string): { length: number };
};
declare const window: Record<string, unknown>;

const SAKURAGAOKA = '229013';
const INJECTED_NAME = '<img src=x onerror="window.__pwned=1">';
const INJECTED_SCRIPT = '<script>window.__pwned=2</script>';

test('markup in a person’s name and office name is shown as text and never runs', async ({ appContext: context, platformServer }) => {
  // A demo person of 桜丘市 whom the office serves, read through a colleague's device at the same office.
  const colleague = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-cm-2'));
  const snapshot = PeopleResponse.parse(await colleague.getJson(`/api/v1/providers/${colleague.provider.providerNumber}/people`));
  const target = snapshot.people.find((p) => p.insurerNumber === SAKURAGAOKA && p.source.kind === 'platform');
  if (!target) throw new Error('the demo office serves nobody of 桜丘市 from the platform');
  const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = InsuredRecord.parse(target);
  const assigned = content.eligibility.assignedCareManagementOffices;
  const inForce = assigned.findIndex((o) => o.cancelledOn === null);
  const inForceOffice = assigned[inForce];
  if (!inForceOffice) throw new Error('the 桜丘市 person has no assigned care-management office in force');
  const injectedOffice = `${INJECTED_SCRIPT}${inForceOffice.name}`;
  const record: InsuredRecordContent = {
    ...content,
    identity: { ...content.identity, name: INJECTED_NAME },
    eligibility: { ...content.eligibility, assignedCareManagementOffices: assigned.map((o, i) => (i === inForce ? { ...o, name: injectedOffice } : o)) },
  };
  const feed: FeedFile = {
    format: 'tsunagi-insurer-feed',
    version: 1,
    insurerNumber: SAKURAGAOKA,
    createdAt: new Date().toISOString(),
    records: [{ kind: 'insured', ...record }],
  };

  await test.step('桜丘市 sends a feed that rewrites the person with markup in the name and the office name', async () => {
    const response = await fetch(`${platformServer.url}/api/v1/feeds`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demoFeedToken(SAKURAGAOKA)}`, 'X-File-Name': 'injection.json', 'Content-Type': 'application/octet-stream' },
      body: JSON.stringify(feed),
    });
    const result = FeedResult.parse(await response.json());
    expect(result).toMatchObject({ status: 'applied', records: 1, updated: 1 });
  });

  const page = context.pages()[0] ?? (await context.newPage());
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    window['__cspViolations'] = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const people = new PeoplePage(page);
  const signIn = new SignInPage(page);
  await page.goto(platformServer.url);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  await people.expectListLoaded(1);

  await test.step('the list shows the name as text', async () => {
    await people.searchFor(target.insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await expect(people.rows.first()).toContainText(INJECTED_NAME);
    expect(await people.rows.first().locator('img, script').count()).toBe(0);
  });

  await test.step('the person screen shows the name and the office name as text', async () => {
    await people.rows.first().getByTestId('person-link').click();
    await expect(page.getByTestId('person-screen')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(INJECTED_NAME);
    await expect(page.getByTestId('person-screen')).toContainText(injectedOffice);
    expect(await page.getByTestId('person-screen').locator('img, script').count()).toBe(0);
  });

  // Whatever was parsed as markup would have run (or been blocked) by now.
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], body script').length)).toBe(0);
  expect(await page.evaluate(() => window['__pwned'])).toBeUndefined();
  expect(await page.evaluate(() => window['__cspViolations'])).toEqual([]);
  expect(violations).toEqual([]);
});
