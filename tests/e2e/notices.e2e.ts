/**
 * Change notices (お知らせ) end to end, on the built app and a real server with the demo data. An insurer's feed
 * changes the burden ratio and the care level of a person that both the demo care-management office and the
 * home-help provider serve. The care manager sees every notice with its Japanese sentence (和暦) and the header
 * badge; acknowledges one offline (the outbox holds it through a reload), and back online the sync pushes it
 * exactly once. The home-help helper sees only what the scope rules give a helper (no 主治医意見書/認定調査票
 * notices, no other office's acknowledgements) and acknowledges on the person screen; the care manager then
 * sees that provider as 確認済み. The notices screen passes axe.
 *
 * The oracle is a colleague's device enrolled from the test process (a second care manager of the office),
 * reading POST /api/v1/sync/notices as the server scopes it: every provider serving each person, every
 * provider's acknowledgements. What the helper should see follows from it by the scope rules (notices about
 * people the home-help provider serves, without document notices).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { InsuredRecord, type BurdenRatioValue, type InsuredRecordContent } from '../../src/domain/insured.ts';
import { formatWareki } from '../../src/domain/wareki.ts';
import { EnrollResponse } from '../../src/protocol/auth.ts';
import { FeedResult, type FeedFile } from '../../src/protocol/feed.ts';
import { NOTICES_PULL_PATH, NoticesPullResponse, type Notice, type NoticeAcknowledgement, type NoticeCursor } from '../../src/protocol/notices.ts';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { tokyoDate } from '../../src/ui/format/tokyo-time.ts';
import { NOTICES_PAGE_SIZE } from '../../src/ui/notices/create-notices.ts';
import { newDeviceKeys, signRequest } from '../../server/testing/signed-client.testing.ts';
import { DEMO_HOME_HELP_PROVIDER } from '../../server/demo/demo-organisations.ts';
import { demoFeedToken } from '../../server/seed/seed-demo.ts';
import { recordDeliveries } from './fixtures/deliveries.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { launchTablet } from './fixtures/tablet.ts';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { DEMO_PIN, SignInPage } from './pages/sign-in-page.ts';

const CARE_MANAGER = 'kyotaku-cm-1';
const HELPER = 'houmon-helper-1';
const HOME_HELP = DEMO_HOME_HELP_PROVIDER.providerNumber;
const DOCUMENT_KINDS: readonly string[] = ['doctorOpinionReceived', 'assessmentSurveyReceived'];

/** A colleague's device that reads the notices as the server scopes them for its staff member. */
interface NoticesReader {
  readonly providerNumber: string;
  getJson(path: string): Promise<unknown>;
  /** Every notice and acknowledgement visible to the reader, paging from the start. */
  pullAll(): Promise<{ notices: Notice[]; acknowledgements: NoticeAcknowledgement[] }>;
}

async function enrollReader(baseUrl: string, activationCode: string): Promise<NoticesReader> {
  const keys = await newDeviceKeys();
  const response = await fetch(`${baseUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ activationCode, deviceName: 'お知らせ確認用の端末', publicKey: keys.publicKey, pin: DEMO_PIN }),
  });
  if (response.status !== 200) throw new Error(`enroll: ${response.status} ${await response.text()}`);
  const enrollment = EnrollResponse.parse(await response.json());
  const send = async (method: 'GET' | 'POST', path: string, body: string | null): Promise<unknown> => {
    const headers = await signRequest(keys, enrollment.deviceId, method, path, body, new Date());
    const answer = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body === null ? {} : { body }),
      headers: { ...headers, Authorization: `Bearer ${enrollment.accessToken}`, ...(body === null ? {} : { 'Content-Type': 'application/json' }) },
    });
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  };
  return {
    providerNumber: enrollment.provider.providerNumber,
    getJson: (path) => send('GET', path, null),
    async pullAll() {
      const notices: Notice[] = [];
      const acknowledgements: NoticeAcknowledgement[] = [];
      let cursor: NoticeCursor | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const page = NoticesPullResponse.parse(await send('POST', NOTICES_PULL_PATH, JSON.stringify({ cursor, limit: 2000 })));
        notices.push(...page.notices);
        acknowledgements.push(...page.acknowledgements);
        cursor = page.cursor;
        if (!page.hasMore) return { notices, acknowledgements };
      }
      throw new Error('the notices stream did not end');
    },
  };
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

const otherRatio = (ratio: BurdenRatioValue): BurdenRatioValue => (ratio === 3 ? 2 : ratio === 2 ? 3 : 2);

test('notices: the care manager acknowledges offline, the sync pushes it once; a helper sees its scope and its acknowledgement reaches the care manager', async ({
  appContext: context,
  platformServer,
  playwright,
  launchOptions,
}) => {
  test.setTimeout(420_000);
  const careManagerOffice = await enrollReader(platformServer.url, platformServer.activationCode('kyotaku-cm-2'));
  const today = tokyoDate(new Date());

  // A person the home-help provider serves too (as the office's notices name the providers serving each
  // person), fed by a live insurer, with a burden ratio in force today.
  const before = await careManagerOffice.pullAll();
  const servedByHomeHelp = new Set(before.notices.filter((n) => n.servingProviders.some((p) => p.providerNumber === HOME_HELP)).map((n) => `${n.insurerNumber}/${n.insuredNumber}`));
  const served = PeopleResponse.parse(await careManagerOffice.getJson(`/api/v1/providers/${careManagerOffice.providerNumber}/people`));
  const target = served.people.find(
    (p) =>
      servedByHomeHelp.has(`${p.insurerNumber}/${p.insuredNumber}`) &&
      p.source.kind === 'platform' &&
      p.burdenRatio.periods.some((r) => r.period.from <= today && today <= r.period.to) &&
      /^care[1-4]$/.test(p.eligibility.careLevel),
  );
  if (!target) throw new Error('the home-help provider serves nobody fed by the platform with a burden ratio and a care level 1–4');
  const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = InsuredRecord.parse(target);
  const inForce = content.burdenRatio.periods.findIndex((r) => r.period.from <= today && today <= r.period.to);
  const period = content.burdenRatio.periods[inForce];
  if (!period) throw new Error('no burden ratio in force');
  const newRatio = otherRatio(period.ratio);
  const nextLevel = `care${Number(content.eligibility.careLevel.slice(4)) + 1}` as InsuredRecordContent['eligibility']['careLevel'];
  const changed: InsuredRecordContent = {
    ...content,
    eligibility: { ...content.eligibility, careLevel: nextLevel },
    burdenRatio: { ...content.burdenRatio, periods: content.burdenRatio.periods.map((r, i) => (i === inForce ? { ...r, ratio: newRatio } : r)) },
  };
  const feed: FeedFile = { format: 'tsunagi-insurer-feed', version: 1, insurerNumber: target.insurerNumber, createdAt: new Date().toISOString(), records: [{ kind: 'insured', ...changed }] };
  const fed = await fetch(`${platformServer.url}/api/v1/feeds`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demoFeedToken(target.insurerNumber)}`, 'X-File-Name': 'notices-e2e.json', 'Content-Type': 'application/octet-stream' },
    body: JSON.stringify(feed),
  });
  expect(FeedResult.parse(await fed.json())).toMatchObject({ status: 'applied', updated: 1 });

  const officeView = await careManagerOffice.pullAll();
  const aboutTarget = officeView.notices.filter((n) => n.insuredNumber === target.insuredNumber && n.insurerNumber === target.insurerNumber);
  const burdenNotice = aboutTarget.find((n) => n.detail.kind === 'burdenRatioChanged');
  const levelNotice = aboutTarget.find((n) => n.detail.kind === 'careLevelChanged');
  if (!burdenNotice || !levelNotice) throw new Error(`the feed made no burden-ratio or care-level notice: ${JSON.stringify(aboutTarget.map((n) => n.detail))}`);
  expect(officeView.acknowledgements).toEqual([]);
  const burdenCard = (page: Page) => page.locator(`[data-testid="notice-card"][data-event-id="${burdenNotice.eventId}"]`);
  const expectedSentence = `負担割合が ${period.ratio}割 → ${newRatio}割 に変わります（${formatWareki(period.period.from)}から）`;
  expect(expectedSentence).toMatch(/（(令和|平成)(元|\d+)年\d+月\d+日から）$/);

  const page = context.pages()[0] ?? (await context.newPage());
  const deliveries = recordDeliveries(context);
  const signIn = new SignInPage(page);
  const people = new PeoplePage(page);
  const nav = page.getByTestId('notices-nav');
  await page.goto(platformServer.url);
  await signIn.enroll(platformServer.activationCode(CARE_MANAGER));
  await signIn.dismissPasskeyOffer();
  await people.expectListLoaded(1);

  await test.step('the care manager: the header badge counts every notice of the office, the list marks the person', async () => {
    await expect(nav).toHaveAttribute('data-count', String(officeView.notices.length), { timeout: 60_000 });
    await expect(nav.getByTestId('notice-badge')).toHaveText(officeView.notices.length > 99 ? '99+' : String(officeView.notices.length));
    await people.searchFor(target.insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await expect(people.rows.first().getByTestId('notice-badge')).toHaveAttribute('data-count', String(aboutTarget.length));
    await people.searchFor('');
    await page.locator('#filter-notices').selectOption('unacknowledged');
    const withNotices = new Set(officeView.notices.map((n) => `${n.insurerNumber}/${n.insuredNumber}`)).size;
    await expect(people.count).toHaveAttribute('data-shown', String(withNotices));
    // The list stays as it was left while another screen is open: the filter survives a visit to the notices.
    await nav.click();
    await expect(page.getByTestId('notices-screen')).toBeVisible();
    await page.getByTestId('notices-back').click();
    await expect(page.locator('#filter-notices')).toHaveValue('unacknowledged');
    await expect(people.count).toHaveAttribute('data-shown', String(withNotices));
    await page.locator('#filter-notices').selectOption('');
  });

  await test.step('the notices screen: the sentence in Japanese with 和暦, the providers serving the person, axe clean', async () => {
    await nav.click();
    await expect(page.getByTestId('notices-screen')).toBeVisible();
    await expect(page.getByTestId('notices-unread')).toHaveAttribute('data-count', String(officeView.notices.length));
    await expect(page.getByTestId('notices-unread').getByTestId('notice-card')).toHaveCount(Math.min(officeView.notices.length, NOTICES_PAGE_SIZE));
    if (officeView.notices.length > NOTICES_PAGE_SIZE) {
      await page.getByTestId('notices-unread-more').click();
      await expect(page.getByTestId('notices-unread').getByTestId('notice-card')).toHaveCount(Math.min(officeView.notices.length, 2 * NOTICES_PAGE_SIZE));
    }
    await expect(burdenCard(page).locator('.notice-change .bi-ja')).toHaveText(expectedSentence);
    await expect(page.locator(`[data-testid="notice-card"][data-event-id="${levelNotice.eventId}"] .notice-change .bi-ja`)).toContainText('要介護度');
    const providers = burdenCard(page).getByTestId('notice-provider');
    await expect(providers).toHaveCount(burdenNotice.servingProviders.length);
    await expect(burdenCard(page).locator(`[data-testid="notice-provider"][data-provider="${HOME_HELP}"]`)).toHaveAttribute('data-seen', 'no');
    await expectNoAxeViolations(page);
    await screenshot(page, 'notices-care-manager');
  });

  await test.step('offline: 確認しました is recorded at once and kept through a reload, waiting in the outbox', async () => {
    await context.setOffline(true);
    await expect(people.connectivity).toContainText('オフライン');
    await burdenCard(page).getByTestId('notice-acknowledge').click();
    await expect(burdenCard(page).getByTestId('notice-done')).toHaveAttribute('data-pending', 'yes');
    await expect(page.getByTestId('notices-read').getByTestId('notice-card')).toHaveCount(1);
    await expect(nav).toHaveAttribute('data-count', String(officeView.notices.length - 1));
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
    await expectNoAxeViolations(page);

    await page.reload();
    await signIn.expectLocked();
    await signIn.signInWithPin(CARE_MANAGER);
    await signIn.expectSignedIn();
    await expect(page.getByTestId('notices-screen')).toBeVisible();
    await expect(burdenCard(page).getByTestId('notice-done')).toHaveAttribute('data-pending', 'yes');
    await expect(nav).toHaveAttribute('data-count', String(officeView.notices.length - 1));
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
    expect((await careManagerOffice.pullAll()).acknowledgements).toEqual([]);
  });

  await test.step('online again: the acknowledgement goes up once before any online sign-in (the courier); signed in online, the tablet shows it sent', async () => {
    await context.setOffline(false);
    // Unlocked offline, the page holds no session: the outbox goes up through the courier with the device key
    // (the page's own run, or the service worker's sync event), and the page says what needs an online sign-in.
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    await expect.poll(async () => (await careManagerOffice.pullAll()).acknowledgements.length, { timeout: 60_000 }).toBe(1);
    await expect(page.getByTestId('sync-error')).toHaveAttribute('data-code', 'signInForLatest');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /ロック/ }).click();
    await signIn.expectLocked();
    await signIn.signInWithPin(CARE_MANAGER);
    await signIn.expectSignedIn();
    await expect(page.getByTestId('notices-screen')).toBeVisible();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    await expect(burdenCard(page).getByTestId('notice-done')).toHaveAttribute('data-pending', 'no', { timeout: 60_000 });
    await expect(page.getByTestId('sync-error')).toHaveCount(0);
    const acks = (await careManagerOffice.pullAll()).acknowledgements;
    expect(acks.map((a) => [a.eventId, a.staffId])).toEqual([[burdenNotice.eventId, CARE_MANAGER]]);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    expect(deliveries.filter((d) => d.name === 'noticeAcknowledged' && d.status === 'applied')).toHaveLength(1);
    expect((await careManagerOffice.pullAll()).acknowledgements).toHaveLength(1);
    await expect(burdenCard(page).locator(`[data-testid="notice-provider"][data-provider="${careManagerOffice.providerNumber}"]`)).toHaveAttribute('data-seen', 'yes');
  });

  // The helper's scope: notices about people the home-help provider serves, without document notices.
  const helperView = (await careManagerOffice.pullAll()).notices.filter((n) => n.servingProviders.some((p) => p.providerNumber === HOME_HELP) && !DOCUMENT_KINDS.includes(n.detail.kind));
  const helperTablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    const helper = helperTablet.context.pages()[0] ?? (await helperTablet.context.newPage());
    const helperPeople = new PeoplePage(helper);
    const helperSignIn = new SignInPage(helper);
    await helper.goto(platformServer.url);
    await helperSignIn.enroll(platformServer.activationCode(HELPER));
    await helperSignIn.dismissPasskeyOffer();
    await helperPeople.expectListLoaded(1);

    await test.step('the helper sees the notices its scope gives: no document notices, its own office only', async () => {
      expect(helperView.map((n) => n.eventId)).toEqual(expect.arrayContaining([burdenNotice.eventId, levelNotice.eventId]));
      await expect(helper.getByTestId('notices-nav')).toHaveAttribute('data-count', String(helperView.length), { timeout: 60_000 });
      await helper.getByTestId('notices-nav').click();
      await expect(helper.getByTestId('notice-card')).toHaveCount(helperView.length);
      const shown = await helper.getByTestId('notice-card').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-event-id'))));
      expect(shown.sort((a, b) => a - b)).toEqual(helperView.map((n) => n.eventId).sort((a, b) => a - b));
      // The care manager's acknowledgement is another office's: the helper's card is still to acknowledge.
      await expect(burdenCard(helper).getByTestId('notice-acknowledge')).toBeVisible();
      await expect(helper.getByTestId('notices-screen')).not.toContainText('主治医意見書');
      await expect(helper.getByTestId('notice-providers')).toHaveCount(0);
      await expectNoAxeViolations(helper);
      await screenshot(helper, 'notices-helper');
    });

    await test.step('the helper acknowledges on the person screen', async () => {
      await burdenCard(helper).getByTestId('notice-person').click();
      await expect(helper.getByTestId('person-screen')).toBeVisible();
      const section = helper.getByTestId('person-notices');
      await expect(section.getByTestId('notice-card')).toHaveCount(helperView.filter((n) => n.insuredNumber === target.insuredNumber).length);
      await burdenCard(helper).getByTestId('notice-acknowledge').click();
      await expect(burdenCard(helper).getByTestId('notice-done')).toBeVisible();
      await expect(helper.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
      await expect(burdenCard(helper).getByTestId('notice-done')).toHaveAttribute('data-pending', 'no', { timeout: 60_000 });
      await screenshot(helper, 'notices-helper-person');
    });
  } finally {
    await helperTablet.dispose();
  }

  await test.step('the care manager sees the home-help provider as 確認済み, by whom', async () => {
    const helperAck = (await careManagerOffice.pullAll()).acknowledgements.find((a) => a.providerNumber === HOME_HELP);
    expect(helperAck).toMatchObject({ eventId: burdenNotice.eventId, staffId: HELPER });
    await page.getByTestId('sync-now').click();
    const row = burdenCard(page).locator(`[data-testid="notice-provider"][data-provider="${HOME_HELP}"]`);
    await expect(row).toHaveAttribute('data-seen', 'yes', { timeout: 60_000 });
    await expect(row.getByTestId('notice-acker')).toContainText(helperAck?.staffName ?? '');
    await screenshot(page, 'notices-care-manager-seen');
  });
});
