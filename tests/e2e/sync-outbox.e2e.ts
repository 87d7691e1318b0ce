/**
 * The sync engine in the browser: person views written to the outbox offline survive a hard browser crash and
 * reach the server exactly once; two tabs writing at once push through one leader without a seq sent twice;
 * the service worker's Background Sync event delivers the outbox itself through the courier
 * (src/protocol/courier.ts), with a page open and with no page of the app open at all.
 *
 * The server's audit log, read through a separately enrolled admin device, is the independent oracle.
 */
import type { Page, Request } from '@playwright/test';
import { AuditPageResponse, type AuditEntry } from '../../src/protocol/admin.ts';
import { COURIER_PUSH_PATH, CourierPushResponse } from '../../src/protocol/courier.ts';
import { PushRequest, PushResponse } from '../../src/protocol/sync.ts';
import { launchCrashableTablet } from './fixtures/crashable-tablet.ts';
import { startRestartableServer } from './fixtures/restartable-server.ts';
import { appliedCounts, recordDeliveries } from './fixtures/deliveries.ts';
import { dispatchSyncEvent } from './fixtures/service-worker.ts';
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
    // The page's push or, should Chromium fire the pending Background Sync first, the worker's courier.
    const deliveries = recordDeliveries(context);
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
    // Each seq was applied once after the restart (nothing reached the server before the crash).
    expect(appliedCounts(deliveries)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);

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

  // Sync is held off while the tabs write (for the service worker's courier too: a context route sees its
  // requests), so the four views race each other into the outbox and then go up together.
  await context.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
  const opened = (
    await Promise.all([
      (async () => [await openPerson(first, 0), await openPerson(first, 1)])(),
      (async () => [await openPerson(second, 2), await openPerson(second, 3)])(),
    ])
  ).flat();
  expect(new Set(opened).size).toBe(4);
  await expect(first.getByTestId('sync-pending')).toHaveAttribute('data-count', '4');
  await expect(second.getByTestId('sync-pending')).toHaveAttribute('data-count', '4');
  await context.unroute('**/api/v1/sync/**');
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

test("with a page open, the service worker's Background Sync event delivers the outbox and the page shows it sent", async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode(STAFF));
  await signIn.dismissPasskeyOffer();
  await new PeoplePage(page).expectListLoaded(1);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

  // Offline for sync only (the page's and the worker's requests): the debounced push after the view fails, and
  // the view stays queued.
  await context.route('**/api/v1/sync/**', (route) => route.abort('internetdisconnected'));
  const failedPush = page.waitForEvent('requestfailed', (request) => request.url().endsWith(PUSH_URL));
  const opened = await openPerson(page, 0);
  await failedPush;
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('sync-error')).toHaveAttribute('data-code', 'network');
  await context.unroute('**/api/v1/sync/**');

  const deliveries = recordDeliveries(context);
  const delivered = context.waitForEvent('response', (response) => response.url().endsWith(COURIER_PUSH_PATH) && response.status() === 200);
  const woken = Date.now();
  const cdp = await context.newCDPSession(page);
  await dispatchSyncEvent(cdp, platformServer.url);
  const answer = CourierPushResponse.parse(await (await delivered).json());
  expect(answer).toEqual({ lastAppliedSeq: 1, results: [{ seq: 1, status: 'applied' }], held: null });
  // The worker's SYNC_REQUESTED then runs the page's engine: the count drops, and the page sends nothing again.
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
  const wakeMs = Date.now() - woken;
  await cdp.detach();

  const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
  expect((await deviceViews(admin)).map(personKey)).toEqual([opened]);
  expect(deliveries.map((d) => [d.seq, d.name, d.status, d.via])).toEqual([[1, 'personViewed', 'applied', 'courier']]);
  test.info().annotations.push({ type: 'timing', description: `sync event → courier delivered → pending 0: ${wakeMs} ms` });
});

test('with no page of the app open, the service worker delivers the offline views on a sync event; nothing arrives twice', async ({ playwright, launchOptions }) => {
  const server = await startRestartableServer();
  const tablet = await launchCrashableTablet(playwright.chromium, launchOptions);
  try {
    const context = tablet.context();
    const deliveries = recordDeliveries(context);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    const firstSignIn = new SignInPage(page);
    await firstSignIn.enroll(server.activationCode(STAFF));
    await firstSignIn.dismissPasskeyOffer();
    await new PeoplePage(page).expectListLoaded(3);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

    await server.stop();
    const opened = [await openPerson(page, 0), await openPerson(page, 1)];
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '2');

    // The care worker closes the app. A blank tab stays (CDP needs a target in the browser); no page of the
    // app's origin is open, so nothing but the worker can hold the data key or a session — and neither does it.
    const blank = await context.newPage();
    await page.close();
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
    await server.start();

    const delivered = context.waitForEvent('response', {
      predicate: (response) => response.url().endsWith(COURIER_PUSH_PATH) && response.status() === 200,
      timeout: 60_000,
    });
    const cdp = await context.newCDPSession(blank);
    await dispatchSyncEvent(cdp, server.url);
    const answer = CourierPushResponse.parse(await (await delivered).json());
    expect(answer.held).toBeNull();
    expect(answer.lastAppliedSeq).toBe(2);
    await cdp.detach();
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);

    const admin = await enrollServerDevice(server.url, server.activationCode('kyotaku-admin-1'));
    const views = await deviceViews(admin);
    expect(views.map(personKey).sort()).toEqual([...opened].sort());
    expect(views.every((v) => v.outcome === 'allowed' && v.staffId === STAFF)).toBe(true);

    // Back in the app later: the outbox is already empty, and another sync sends nothing again.
    page = await context.newPage();
    await page.goto(server.url);
    const signIn = new SignInPage(page);
    await signIn.expectLocked();
    await signIn.signInWithPin(STAFF);
    await signIn.expectSignedIn();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-now')).toBeEnabled();
    expect((await deviceViews(admin)).length).toBe(2);
    expect(appliedCounts(deliveries)).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(deliveries.filter((d) => d.status === 'applied').map((d) => d.via)).toEqual(['courier', 'courier']);
  } finally {
    await tablet.dispose();
    await server.dispose();
  }
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
