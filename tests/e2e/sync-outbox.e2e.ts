/**
 * The sync engine in the browser: person views written to the outbox offline survive a hard browser crash and
 * reach the server exactly once; two tabs writing at once push through one leader without a seq sent twice;
 * the service worker's Background Sync event wakes a push (with a page open: the outbox is sealed with the data
 * key, which only an unlocked page holds, so the worker itself cannot push).
 *
 * The server's audit log, read through a separately enrolled admin device, is the independent oracle.
 */
import type { Page, Request } from '@playwright/test';
import { AuditPageResponse, type AuditEntry } from '../../src/protocol/admin.ts';
import { PushRequest, PushResponse } from '../../src/protocol/sync.ts';
import { launchCrashableTablet } from './fixtures/crashable-tablet.ts';
import { startRestartableServer } from './fixtures/restartable-server.ts';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage, type ServerDevice } from './pages/sign-in-page.ts';

const STAFF = 'kyotaku-cm-1';
const PUSH_URL = '/api/v1/sync/push';

/** The person.view entries the staff member's device(s) uploaded, as the admin reads them. */
async function deviceViews(admin: ServerDevice, staffId = STAFF): Promise<AuditEntry[]> {
  const page = AuditPageResponse.parse(await admin.getJson('/api/v1/admin/audit?action=person.view&limit=1000'));
  return page.entries.filter((e) => e.origin === 'device' && e.staffId === staffId);
}

function personKey(entry: { insurerNumber: string | null; insuredNumber: string | null }): string {
  return `${entry.insurerNumber}/${entry.insuredNumber}`;
}

/** Opens the list's n-th person and goes back; returns `insurer/insured` from the route. */
async function openPerson(page: Page, index: number): Promise<string> {
  const people = new PeoplePage(page);
  await people.rows.nth(index).click();
  await expect(page.getByTestId('person-screen')).toBeVisible();
  const match = /#\/person\/(\d+)\/(\w+)$/.exec(page.url());
  if (!match) throw new Error(`not a person route: ${page.url()}`);
  await page.getByTestId('back-to-list').click();
  await expect(page.getByTestId('person-screen')).toHaveCount(0);
  return `${match[1]}/${match[2]}`;
}

/** Records the seqs of every push the page sends. */
function recordPushedSeqs(page: Page, into: number[]): void {
  page.on('request', (request: Request) => {
    if (!request.url().endsWith(PUSH_URL) || request.method() !== 'POST') return;
    const body = PushRequest.safeParse(request.postDataJSON());
    if (body.success) into.push(...body.data.mutations.map((m) => m.seq));
  });
}

test('offline views survive a hard browser crash and reach the server exactly once', async ({ playwright, launchOptions }) => {
  const server = await startRestartableServer();
  const tablet = await launchCrashableTablet(playwright.chromium, launchOptions);
  try {
    let page = tablet.context().pages()[0] ?? (await tablet.context().newPage());
    await page.goto(server.url);
    const firstSignIn = new SignInPage(page);
    await firstSignIn.enroll(server.activationCode(STAFF));
    await firstSignIn.dismissPasskeyOffer();
    await new PeoplePage(page).expectListLoaded(3);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

    await server.stop();
    const opened: string[] = [];
    for (const index of [0, 1, 2]) opened.push(await openPerson(page, index));
    expect(new Set(opened).size).toBe(3);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '3');

    const crashStarted = Date.now();
    await tablet.crash();
    await server.start();
    const context = await tablet.relaunch();
    page = context.pages()[0] ?? (await context.newPage());
    const pushed: number[] = [];
    recordPushedSeqs(page, pushed);
    await page.goto(server.url);
    const signIn = new SignInPage(page);
    await signIn.expectLocked();
    await signIn.signInWithPin(STAFF);
    await signIn.expectSignedIn();

    const admin = await enrollServerDevice(server.url, server.activationCode('kyotaku-admin-1'));
    await expect.poll(async () => (await deviceViews(admin)).length, { timeout: 60_000 }).toBe(3);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    const recoveredMs = Date.now() - crashStarted;
    const views = await deviceViews(admin);
    expect(views.map(personKey).sort()).toEqual([...opened].sort());
    expect(new Set(views.map((v) => v.deviceId)).size).toBe(1);
    expect(views.every((v) => v.outcome === 'allowed')).toBe(true);
    // Each seq went up once after the restart (nothing reached the server before the crash).
    expect([...pushed].sort((a, b) => a - b)).toEqual([...new Set(pushed)].sort((a, b) => a - b));
    expect(new Set(pushed).size).toBe(3);

    // Another sync changes nothing: the outbox is empty and the server keeps three entries.
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    expect((await deviceViews(admin)).length).toBe(3);
    test.info().annotations.push({ type: 'timing', description: `crash → restart → sign-in → 3 views on the server: ${recoveredMs} ms` });
  } finally {
    await tablet.dispose();
    await server.dispose();
  }
});

test('two tabs writing at once: one leader pushes, every seq once, four views on the server', async ({ appContext: context, platformServer }) => {
  const first = context.pages()[0] ?? (await context.newPage());
  await first.goto(platformServer.url);
  const firstSignIn = new SignInPage(first);
  await firstSignIn.enroll(platformServer.activationCode(STAFF));
  await firstSignIn.dismissPasskeyOffer();
  await new PeoplePage(first).expectListLoaded(4);
  await expect(first.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

  const second = await context.newPage();
  await second.goto(platformServer.url);
  const secondSignIn = new SignInPage(second);
  await secondSignIn.expectLocked();
  await secondSignIn.signInWithPin(STAFF);
  await secondSignIn.expectSignedIn();
  await new PeoplePage(second).expectListLoaded(4);

  const pushedBy = new Map<Page, number[]>([
    [first, []],
    [second, []],
  ]);
  const statuses: string[] = [];
  for (const [page, seqs] of pushedBy) {
    recordPushedSeqs(page, seqs);
    page.on('response', async (response) => {
      if (!response.url().endsWith(PUSH_URL) || response.status() !== 200) return;
      const body = PushResponse.safeParse(await response.json().catch(() => null));
      if (body.success) statuses.push(...body.data.results.map((r) => r.status));
    });
  }

  // Sync is held off while the tabs write, so the four views race each other into the outbox and then go up
  // together. (A sync finishing while a person screen is open records that view again: see the report.)
  for (const page of [first, second]) await page.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
  const opened = (
    await Promise.all([
      (async () => [await openPerson(first, 0), await openPerson(first, 1)])(),
      (async () => [await openPerson(second, 2), await openPerson(second, 3)])(),
    ])
  ).flat();
  expect(new Set(opened).size).toBe(4);
  await expect(first.getByTestId('sync-pending')).toHaveAttribute('data-count', '4');
  await expect(second.getByTestId('sync-pending')).toHaveAttribute('data-count', '4');
  for (const page of [first, second]) await page.unroute('**/api/v1/sync/**');
  // Pushes aborted while held off never reached the server.
  for (const seqs of pushedBy.values()) seqs.length = 0;
  expect(statuses).toEqual([]);
  await second.getByTestId('sync-now').click();

  const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
  await expect.poll(async () => (await deviceViews(admin)).length, { timeout: 60_000 }).toBe(4);
  await expect(first.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  await expect(second.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  const views = await deviceViews(admin);
  expect(views.map(personKey).sort()).toEqual([...opened].sort());
  expect(new Set(views.map((v) => v.deviceId)).size).toBe(1);

  // One tab leads: only it pushed, each seq once, and the server applied each (no duplicate answers).
  const pushers = [...pushedBy.values()].filter((seqs) => seqs.length > 0);
  expect(pushers).toHaveLength(1);
  const all = [...pushedBy.values()].flat().sort((a, b) => a - b);
  expect(all).toEqual([1, 2, 3, 4]);
  expect(statuses).toEqual(['applied', 'applied', 'applied', 'applied']);
});

test("the service worker's Background Sync event wakes a push of the outbox", async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode(STAFF));
  await signIn.dismissPasskeyOffer();
  await new PeoplePage(page).expectListLoaded(1);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

  // Offline for sync only: the debounced push after the view fails, and the view stays queued.
  await page.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
  const failedPush = page.waitForEvent('requestfailed', (request) => request.url().endsWith(PUSH_URL));
  const opened = await openPerson(page, 0);
  await failedPush;
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('sync-error')).toHaveAttribute('data-code', 'network');
  await page.unroute('**/api/v1/sync/**');

  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; scopeURL: string }[] }) => {
      const ours = registrations.find((r) => r.scopeURL === `${platformServer.url}/`);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registration;
  const push = page.waitForResponse((response) => response.url().endsWith(PUSH_URL) && response.status() === 200);
  const woken = Date.now();
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: platformServer.url, registrationId, tag: 'tsunagi-sync', lastChance: false });
  const answer = PushResponse.parse(await (await push).json());
  expect(answer.results).toEqual([{ seq: 1, status: 'applied' }]);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
  const wakeMs = Date.now() - woken;
  await cdp.detach();

  const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
  expect((await deviceViews(admin)).map(personKey)).toEqual([opened]);
  test.info().annotations.push({ type: 'timing', description: `sync event → push applied → pending 0: ${wakeMs} ms` });
});

test('a person screen left open is one view, however often the list syncs under it', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode(STAFF));
  await signIn.dismissPasskeyOffer();
  const people = new PeoplePage(page);
  await people.expectListLoaded(1);
  await people.rows.first().click();
  await expect(page.getByTestId('person-screen')).toBeVisible();
  const match = /#\/person\/(\d+)\/(\w+)$/.exec(page.url());
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  // Each sync reloads the list from the store (new record objects); the open screen must not count again.
  for (let round = 0; round < 3; round++) {
    const pulled = page.waitForResponse((response) => response.url().endsWith('/api/v1/sync/pull'));
    await page.getByTestId('sync-now').click();
    await pulled;
    await expect(page.getByTestId('sync-now')).toBeEnabled();
  }
  await page.waitForTimeout(3_000);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
  expect((await deviceViews(admin)).map(personKey)).toEqual([`${match?.[1]}/${match?.[2]}`]);
});
