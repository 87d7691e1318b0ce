/**
 * The paper fallback (紙から転記) end to end, on the built app and a real server with the demo data. A care
 * manager, offline, copies a person's paper cards for an insurer not on the platform: a wrong 和暦 date and a
 * missing burden ratio are shown beside their fields first (the first wrong field focused); once fixed the
 * person is on the list at once with a 紙 mark and stays there through a reload. Back online the sync pushes
 * the entry once and the server holds it; 紙の内容を修正 corrects it as version 2. A helper sees no paper
 * buttons and cannot open the paper screen. The paper screen passes axe, with and without errors. A correction
 * made offline on a record another tablet corrected meanwhile is refused, and the refusal is shown with its
 * Japanese reason in the header's list of records the server did not accept.
 *
 * The oracle is a colleague's device (a second care manager, or the administrator, of the office) enrolled from
 * the test process, reading the office's people as the server serves them.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PeopleResponse } from '../../src/protocol/people.ts';
import { tokyoDate } from '../../src/ui/format/tokyo-time.ts';
import { appliedCounts, recordDeliveries } from './fixtures/deliveries.ts';
import { screenshot } from './fixtures/screenshot.ts';
import { launchTablet } from './fixtures/tablet.ts';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { enrollServerDevice, SignInPage } from './pages/sign-in-page.ts';

const CARE_MANAGER = 'kyotaku-cm-1';
const COLLEAGUE = 'kyotaku-cm-2';
const HELPER = 'houmon-helper-1';
const NAME = '紙山 ハル';

async function expectNoAxeViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A field's error beside it: the Japanese line first, then the English in a lang="en" line, and nothing else. */
async function expectFieldError(page: Page, field: string, ja: string, en: string): Promise<void> {
  const error = page.getByTestId(`paper-error-${field}`);
  await expect(error.locator('.bi-ja')).toHaveText(ja);
  await expect(error.locator('[lang="en"]')).toHaveText(en);
  await expect(error).toHaveText(ja + en);
}

/** Types a text field of the paper form by its field name. */
async function fill(page: Page, field: string, value: string): Promise<void> {
  await page.locator(`#paper-${field}`).fill(value);
}

test('a care manager enters a person from paper offline; it syncs once, is corrected; a helper has no paper entry', async ({
  appContext: context,
  platformServer,
  playwright,
  launchOptions,
}) => {
  const page = context.pages()[0] ?? (await context.newPage());
  // What the server applied, by the page's push or the service worker's courier (offline attempts never reach it).
  const deliveries = recordDeliveries(context);
  const paperApplied = () => deliveries.filter((d) => d.name === 'paperRecordEntered' && d.status === 'applied');
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode(CARE_MANAGER));
  await signIn.dismissPasskeyOffer();
  const people = new PeoplePage(page);
  await people.expectListLoaded(1);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

  const colleague = await enrollServerDevice(platformServer.url, platformServer.activationCode(COLLEAGUE));
  const officePeople = async (): Promise<PeopleResponse> => PeopleResponse.parse(await colleague.getJson(`/api/v1/providers/${colleague.provider.providerNumber}/people`));
  const before = await officePeople();
  const today = tokyoDate(new Date());
  const offPlatform = before.insurers.find((i) => i.platformLiveFrom === null || i.platformLiveFrom > today);
  if (!offPlatform) throw new Error('the demo office serves no person of an insurer off the platform');
  const taken = new Set(before.people.map((p) => `${p.insurerNumber}/${p.insuredNumber}`));
  let serial = 1;
  while (taken.has(`${offPlatform.insurerNumber}/${String(8_000_000_000 + serial)}`)) serial++;
  const insuredNumber = String(8_000_000_000 + serial);
  const onServer = async () => (await officePeople()).people.find((p) => p.insurerNumber === offPlatform.insurerNumber && p.insuredNumber === insuredNumber);

  await test.step('offline: a wrong 和暦 date and a missing burden ratio are shown beside their fields', async () => {
    await context.setOffline(true);
    await expect(people.connectivity).toContainText('オフライン');
    await page.getByTestId('paper-new').click();
    await expect(page.getByTestId('paper-entry-screen')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.locator('#paper-insurerNumber').selectOption(offPlatform.insurerNumber);
    await fill(page, 'insuredNumber', insuredNumber);
    await fill(page, 'name', NAME);
    await fill(page, 'nameKana', 'かみやま はる');
    await fill(page, 'birthDate', '令和8年2月30日');
    await page.locator('#paper-sex').selectOption('female');
    await fill(page, 'postalCode', '4370101');
    await fill(page, 'address', '静岡県袋井市紙町1-2');
    await fill(page, 'issuedOn', '令和8年4月1日');
    await page.locator('#paper-careLevel').selectOption('care1');
    await fill(page, 'certificationFrom', '令和8年4月1日');
    await fill(page, 'certificationTo', 'R9.3.31');
    await fill(page, 'burdenFrom', 'R8.8.1');
    await fill(page, 'burdenTo', '2027/7/31');
    await page.getByTestId('paper-save').click();

    await expect(page.getByTestId('paper-error-summary')).toContainText('入力を確認してください（2件）');
    await expectFieldError(page, 'birthDate', '生年月日は存在しない日付です', 'Date of birth: this date does not exist');
    await expectFieldError(page, 'burdenRatio', '負担割合は1割・2割・3割から選んでください', 'Choose a burden ratio of 10%, 20% or 30%');
    // The summary shows the same two errors, in the order of the form, in both languages.
    await expect(page.getByTestId('paper-error-summary').locator('li .bi-ja')).toHaveText(['生年月日は存在しない日付です', '負担割合は1割・2割・3割から選んでください']);
    await expect(page.getByTestId('paper-error-summary').locator('li [lang="en"]')).toHaveText([
      'Date of birth: this date does not exist',
      'Choose a burden ratio of 10%, 20% or 30%',
    ]);
    await expect(page.locator('#paper-birthDate')).toBeFocused();
    await expect(page.locator('#paper-birthDate')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#paper-birthDate')).toHaveAttribute('aria-describedby', /paper-birthDate-error/);
    await expect(page.locator('#paper-burdenRatio')).toHaveAttribute('aria-describedby', 'paper-burdenRatio-error');
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    await expectNoAxeViolations(page);
    await screenshot(page, 'paper-entry-errors');
  });

  await test.step('fixed and saved: on the list at once with a 紙 mark, kept through a reload, not yet on the server', async () => {
    await fill(page, 'birthDate', '昭和16年5月2日');
    await page.locator('#paper-burdenRatio').selectOption('2');
    // The card's second period: 3割 from 令和9年8月1日.
    await page.locator('#paper-burdenNextRatio').selectOption('3');
    await fill(page, 'burdenNextFrom', '令和9年8月1日');
    await fill(page, 'burdenNextTo', 'R10.7.31');
    await page.getByTestId('paper-save').click();
    await expect(page.getByTestId('person-screen')).toBeVisible();
    await expect(page.getByTestId('person-source')).toContainText('紙から転記');
    await expect(page.getByTestId('burden-ratio')).toHaveText('2割');
    await expect(page.getByTestId('next-burden')).toContainText('3割');
    await page.getByTestId('back-to-list').click();
    await people.searchFor(insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await expect(people.rows.first()).toContainText(NAME);
    await expect(people.rows.first().getByTestId('paper-mark')).toContainText('紙');
    // The 状況 filter keeps it under 紙から転記 (every row shown there carries the mark) and under a ratio change.
    await page.locator('#filter-status').selectOption('paper');
    await expect(people.rows).toHaveCount(1);
    await page.locator('#filter-status').selectOption('burdenRatioChange');
    await expect(people.rows).toHaveCount(1);
    await people.searchFor('');
    await page.locator('#filter-status').selectOption('paper');
    await expect(people.rows.first()).toBeVisible();
    await expect(people.rows.getByTestId('paper-mark')).toHaveCount(await people.rows.count());
    await page.locator('#filter-status').selectOption('');
    await people.searchFor(insuredNumber);
    // The entry, and the view of the person's screen it opened, wait in the outbox.
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '2');

    await page.reload();
    await signIn.expectLocked();
    await signIn.signInWithPin(CARE_MANAGER);
    await signIn.expectSignedIn();
    await people.searchFor(insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await expect(people.rows.first().getByTestId('paper-mark')).toBeVisible();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '2');
    expect(await onServer()).toBeUndefined();
    expect(paperApplied()).toEqual([]);
  });

  await test.step('online: the sync pushes the entry once and the server holds it as from paper', async () => {
    await context.setOffline(false);
    // Signed in offline, the tablet holds no access token: the next sign-in (online) lets the sync run.
    await page.reload();
    await signIn.expectLocked();
    await signIn.signInWithPin(CARE_MANAGER);
    await signIn.expectSignedIn();
    // (The count reads 0 for a moment after the reload, before the outbox is read: the server is the oracle.)
    await expect.poll(async () => (await onServer()) !== undefined, { timeout: 60_000 }).toBe(true);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    const held = await onServer();
    expect(held).toMatchObject({
      source: { kind: 'paper' },
      version: 1,
      identity: { name: NAME, nameKana: 'カミヤマ ハル', birthDate: '1941-05-02', sex: 'female', postalCode: '437-0101' },
      eligibility: { careLevel: 'care1', certificationPeriod: { from: '2026-04-01', to: '2027-03-31' } },
      burdenRatio: {
        periods: [
          { ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } },
          { ratio: 3, period: { from: '2027-08-01', to: '2028-07-31' } },
        ],
      },
    });
    // Entered by the care manager of this tablet (not the colleague reading it), as the tablet shows it.
    const enteredBy = held?.source.kind === 'paper' ? held.source.enteredBy : '';
    expect(enteredBy).not.toBe(colleague.staff.name);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    await people.searchFor(insuredNumber);
    await expect(people.rows).toHaveCount(1);
    await people.rows.first().getByTestId('person-link').click();
    await expect(page.getByTestId('person-source')).toContainText(enteredBy);
    await page.getByTestId('back-to-list').click();
    // Applied once. (The reload above may cut off the answer to a delivery already under way; the retry then
    // only hears "duplicate", so the server's version 1 is the oracle, and no seq may be applied twice.)
    expect(paperApplied().length).toBeLessThanOrEqual(1);
    expect(appliedCounts(deliveries).filter(([, times]) => times !== 1)).toEqual([]);
  });

  await test.step('紙の内容を修正: the correction replaces version 1 on the server', async () => {
    const appliedBefore = paperApplied().length;
    await people.rows.first().getByTestId('person-link').click();
    await expect(page.getByTestId('person-screen')).toBeVisible();
    await page.getByTestId('paper-edit').click();
    await expect(page.getByTestId('paper-entry-screen')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('紙の内容を修正');
    await expect(page.getByTestId('paper-fixed-ids')).toContainText(insuredNumber);
    await expect(page.locator('#paper-address')).toHaveValue('静岡県袋井市紙町1-2');
    await expectNoAxeViolations(page);
    await screenshot(page, 'paper-entry-correct');
    await fill(page, 'address', '静岡県袋井市紙町3-4');
    await page.getByTestId('paper-save').click();
    await expect(page.getByTestId('person-screen')).toBeVisible();
    await expect.poll(async () => (await onServer())?.version, { timeout: 60_000 }).toBe(2);
    expect((await onServer())?.identity.address).toBe('静岡県袋井市紙町3-4');
    // The correction keeps the card's second period: the form showed it and sent it back.
    expect((await onServer())?.burdenRatio.periods.map((p) => p.ratio)).toEqual([2, 3]);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    // Version 2 on the server means it replaced version 1 (a stale correction is refused): applied once.
    expect(paperApplied().length - appliedBefore).toBe(1);
    expect(appliedCounts(deliveries).filter(([, times]) => times !== 1)).toEqual([]);
    await page.getByTestId('back-to-list').click();
    await expect(page.getByTestId('person-screen')).toHaveCount(0);
    await expect(people.rows.first().getByTestId('paper-mark')).toBeVisible();
  });

  const helperTablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    await test.step('a helper sees no paper buttons and cannot open the paper screen', async () => {
      const helper = helperTablet.context.pages()[0] ?? (await helperTablet.context.newPage());
      await helper.goto(platformServer.url);
      const helperSignIn = new SignInPage(helper);
      await helperSignIn.enroll(platformServer.activationCode(HELPER));
      await helperSignIn.dismissPasskeyOffer();
      const helperPeople = new PeoplePage(helper);
      await helperPeople.expectListLoaded(1);
      await expect(helper.getByTestId('paper-new')).toHaveCount(0);
      await helperPeople.rows.first().click();
      await expect(helper.getByTestId('person-screen')).toBeVisible();
      await expect(helper.getByTestId('paper-edit')).toHaveCount(0);
      await helper.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '#/paper/new';
      });
      await expect(helperPeople.rows.first()).toBeVisible();
      await expect(helper.getByTestId('paper-entry-screen')).toHaveCount(0);
    });
  } finally {
    await helperTablet.dispose();
  }
});

test('a correction made offline on a record another tablet corrected meanwhile is refused with a Japanese reason', async ({
  appContext: context,
  platformServer,
  playwright,
  launchOptions,
}) => {
  // Two tablets, each enrolled and synced: generous under a loaded machine.
  test.setTimeout(300_000);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode(CARE_MANAGER));
  await signIn.dismissPasskeyOffer();
  const people = new PeoplePage(page);
  await people.expectListLoaded(1);

  const admin = await enrollServerDevice(platformServer.url, platformServer.activationCode('kyotaku-admin-1'));
  const officePeople = async (): Promise<PeopleResponse> => PeopleResponse.parse(await admin.getJson(`/api/v1/providers/${admin.provider.providerNumber}/people`));
  const paper = (await officePeople()).people.find((p) => p.source.kind === 'paper' && p.version === 1);
  if (!paper) throw new Error('the demo office has no person entered from paper');
  const onServer = async () => (await officePeople()).people.find((p) => p.insurerNumber === paper.insurerNumber && p.insuredNumber === paper.insuredNumber);

  /** Opens the person's correction on a tablet, types a new address and saves. */
  const correctAddress = async (tablet: Page, tabletPeople: PeoplePage, address: string): Promise<void> => {
    await tabletPeople.searchFor(paper.insuredNumber);
    await expect(tabletPeople.rows).toHaveCount(1);
    await tabletPeople.rows.first().getByTestId('person-link').click();
    await tablet.getByTestId('paper-edit').click();
    await expect(tablet.getByTestId('paper-entry-screen')).toBeVisible();
    await fill(tablet, 'address', address);
    await tablet.getByTestId('paper-save').click();
    await expect(tablet.getByTestId('person-screen')).toBeVisible();
    await tablet.getByTestId('back-to-list').click();
  };

  await context.setOffline(true);
  await expect(people.connectivity).toContainText('オフライン');
  await correctAddress(page, people, '静岡県袋井市紙町七番地');

  const otherTablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    const other = otherTablet.context.pages()[0] ?? (await otherTablet.context.newPage());
    await other.goto(platformServer.url);
    const otherSignIn = new SignInPage(other);
    await otherSignIn.enroll(platformServer.activationCode(COLLEAGUE));
    await otherSignIn.dismissPasskeyOffer();
    const otherPeople = new PeoplePage(other);
    await otherPeople.expectListLoaded(1);
    await correctAddress(other, otherPeople, '静岡県袋井市紙町八番地');
    await expect.poll(async () => (await onServer())?.version, { timeout: 60_000 }).toBe(2);
  } finally {
    await otherTablet.dispose();
  }

  // Still signed in from before going offline: the sync runs as soon as the connection is back. (No reload
  // here: a reload could cut off the push's answer, and a retried push only hears "duplicate".)
  await context.setOffline(false);
  await expect(people.connectivity).toContainText('オンライン', { timeout: 30_000 });
  await page.getByTestId('sync-now').click();
  const rejected = page.getByTestId('sync-rejected');
  await expect(rejected).toBeVisible({ timeout: 60_000 });
  await rejected.locator('summary').click();
  await expect(rejected).toContainText('紙から登録した内容です');
  await expect(rejected).toContainText('紙から登録した内容が、この修正の間に他の端末で変更されていました');
  await expectNoAxeViolations(page);
  await screenshot(page, 'paper-entry-refused');
  // The server kept the other tablet's correction, and this tablet now shows it.
  expect(await onServer()).toMatchObject({ version: 2, identity: { address: '静岡県袋井市紙町八番地' } });
  await rejected.getByRole('button', { name: /確認しました/ }).click();
  await expect(rejected).toHaveCount(0);
  await people.searchFor(paper.insuredNumber);
  await people.rows.first().getByTestId('person-link').click();
  await page.getByTestId('paper-edit').click();
  await expect(page.locator('#paper-address')).toHaveValue('静岡県袋井市紙町八番地', { timeout: 30_000 });
});
