/**
 * The sync engine in the browser: person views written to the outbox offline survive a hard browser crash and
 * reach the server exactly once; two tabs writing at once push through one leader without a seq sent twice;
 * the service worker's Background Sync event wakes a push.
 *
 * The server's audit log, read through a separately enrolled admin device, is the independent oracle.
 */
import type { Page, Request } from '@playwright/test';
import { AuditPageResponse, type AuditEntry } from '../../src/protocol/admin.ts';
import { PushRequest } from '../../src/protocol/sync.ts';
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
