/**
 * When another tab opens the device database at a newer version (a newer build), this tab closes its
 * connection so the upgrade is not blocked, and asks the user to reload. The device is enrolled first, so
 * the signed-in workspace (the encrypted store) holds the connection that must give way.
 */
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

// Browser global used inside page.evaluate: this file compiles for Node, without the DOM library.
declare const indexedDB: {
  open(name: string, version: number): { onsuccess: (() => void) | null; onerror: (() => void) | null; onblocked: (() => void) | null; result: { version: number; close(): void } };
};

test('a newer database version elsewhere closes this tab’s connection and asks for a reload', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  const people = new PeoplePage(page);
  const signIn = new SignInPage(page);
  await page.goto(platformServer.url);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  await people.expectListLoaded(1);

  // Dexie stores version n as IndexedDB version n × 10: version 2 is 20, so 30 is "the next schema".
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open('tsunagi', 30);
        request.onsuccess = () => {
          const version = request.result.version;
          request.result.close();
          resolve(`opened ${version}`);
        };
        request.onblocked = () => resolve('blocked');
        request.onerror = () => resolve('error');
      }),
  );
  expect(outcome).toBe('opened 30');

  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('アプリを再読み込みしてください');
  await expect(dialog.getByRole('button', { name: /再読み込み/ })).toBeFocused();
});
