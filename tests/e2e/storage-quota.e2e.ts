/**
 * A full disk in the real browser: Chromium's own quota (CDP `Storage.overrideQuotaForOrigin`) shrunk below what
 * the origin already uses, so IndexedDB refuses the next commit. Chromium takes an origin's quota when its
 * IndexedDB is first opened, so each quota change is a restart of the tablet (as one whose disk filled up would
 * be). With the disk full, signing in (which must write) is refused with the storage-full message in Japanese
 * and English; the outbox queued before is untouched, and once space returns the next view queues behind it and
 * both reach the server exactly once (the admin's audit log is the oracle). Which write of a transaction hits the
 * quota, and that nothing of it remains, is swept write by write in src/data/dexie-local-store-quota.test.ts.
 */
import type { Page } from '@playwright/test';
import { AuditPageResponse } from '../../src/protocol/admin.ts';
import { launchCrashableTablet } from './fixtures/crashable-tablet.ts';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

const STAFF = 'kyotaku-cm-1';

/** Opens the list's n-th person and goes back; returns `insurer/insured` from the route. */
async function openPerson(page: Page, index: number): Promise<string> {
  await new PeoplePage(page).rows.nth(index).click();
  await expect(page.getByTestId('person-screen')).toBeVisible();
  const match = /#\/person\/(\d+)\/(\w+)$/.exec(page.url());
  if (!match) throw new Error(`not a person route: ${page.url()}`);
  await page.getByTestId('back-to-list').click();
  await expect(page.getByTestId('person-screen')).toHaveCount(0);
  return `${match[1]}/${match[2]}`;
}

test('a full disk refuses sign-in with a clear error, keeps the outbox whole, and the outbox carries on once space returns', async ({ playwright, launchOptions, platformServer }) => {
  const tablet = await launchCrashableTablet(playwright.chromium, launchOptions);
  const origin = new URL(platformServer.url).origin;
  /** Restarts the tablet with the origin's quota set (undefined: Chromium's own) and tries to sign in again. */
  const restartWithQuota = async (quotaSize: number | undefined, expectSignedIn: boolean): Promise<Page> => {
    await tablet.crash();
    const context = await tablet.relaunch();
    const page = context.pages()[0] ?? (await context.newPage());
    // Chromium reads an origin's quota when its IndexedDB is first opened, so it is set before the app loads.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', quotaSize === undefined ? { origin } : { origin, quotaSize });
    await context.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
    await page.goto(platformServer.url);
    const signIn = new SignInPage(page);
    await signIn.expectLocked();
    await signIn.signInWithPin(STAFF);
    if (!expectSignedIn) return page;
    await signIn.expectSignedIn();
    await new PeoplePage(page).expectListLoaded(3);
    return page;
  };
  try {
    let page = tablet.context().pages()[0] ?? (await tablet.context().newPage());
    await page.goto(platformServer.url);
    const signIn = new SignInPage(page);
    await signIn.enroll(platformServer.activationCode(STAFF));
    await signIn.dismissPasskeyOffer();
    await new PeoplePage(page).expectListLoaded(3);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

    // Sync held back (the service worker's courier too: a context route sees its requests), so the outbox's
    // contents are visible in the pending count.
    await page.context().route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
    const first = await openPerson(page, 0);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');

    // The disk fills up: the origin may store 1,000 bytes, far less than it already holds. Signing in must
    // write (the new lease, the PIN attempt count: a count that cannot be stored cannot limit guesses), so the
    // sign-in is refused with the storage-full message, and nothing already stored is touched.
    page = await restartWithQuota(1_000, false);
    const refusal = page.getByRole('alert');
    await expect(refusal).toContainText('端末の保存容量が足りません');
    await expect(refusal).toContainText('out of storage space');
    await new SignInPage(page).expectLocked();

    // Space again: the next view is queued behind the first, and the error is gone.
    page = await restartWithQuota(undefined, true);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
    const second = await openPerson(page, 1);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('write-error')).toHaveCount(0);

    // The network back: both views arrive once, the refused one never.
    await page.context().unroute('**/api/v1/sync/**');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
    const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
    const audit = AuditPageResponse.parse(await admin.getJson('/api/v1/admin/audit?action=person.view&limit=1000'));
    const views = audit.entries.filter((e) => e.origin === 'device' && e.staffId === STAFF).map((e) => `${e.insurerNumber}/${e.insuredNumber}`);
    expect(views.sort()).toEqual([first, second].sort());
  } finally {
    await tablet.dispose();
  }
});
