/**
 * The app runs under the server's strict Content-Security-Policy — no inline scripts or styles, nothing from
 * other origins — with no violation reported, from enrollment through the signed-in people list.
 */
import { expect, test } from './fixtures/test.ts';
import { CONTENT_SECURITY_POLICY } from '../../server/routes/static-files.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

declare const document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void };
declare const window: Record<string, unknown>;

test('the app works under a strict Content-Security-Policy without violations', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    window['__cspViolations'] = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const people = new PeoplePage(page);
  const response = await page.goto(platformServer.url);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  await people.expectListLoaded(1);
  await people.searchFor('ア');
  await expect(people.rows.first()).toBeVisible();
  // Rows are placed with transforms set through CSSOM, which style-src 'self' allows.
  expect(await people.rows.nth(1).evaluate((row) => (row as unknown as { style: { transform: string } }).style.transform)).toMatch(/^translateY\(\d+(\.\d+)?px\)$/);
  expect(await page.evaluate(() => window['__cspViolations'])).toEqual([]);
  expect(violations).toEqual([]);
});
