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
  open(name: string, version?: number): { onsuccess: (() => void) | null; onerror: (() => void) | null; onblocked: (() => void) | null; result: { version: number; close(): void } };
};

test('a newer database version elsewhere closes this tab’s connection and asks for a reload', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  const people = new PeoplePage(page);
  const signIn = new SignInPage(page);
  await page.goto(platformServer.url);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await signIn.dismissPasskeyOffer();
  await people.expectListLoaded(1);

  // Dexie stores schema version n as IndexedDB version n × 10, so "the next schema" is the open version + 10.
  // Read from the browser rather than written here, so the test follows the schema's own version.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ current: number; next: number; result: string }>((resolve) => {
        const probe = indexedDB.open('tsunagi');
        probe.onsuccess = () => {
          const current = probe.result.version;
          const next = current + 10;
          probe.result.close();
          const request = indexedDB.open('tsunagi', next);
          request.onsuccess = () => {
            const version = request.result.version;
            request.result.close();
            resolve({ current, next, result: `opened ${version}` });
          };
          request.onblocked = () => resolve({ current, next, result: 'blocked' });
          request.onerror = () => resolve({ current, next, result: 'error' });
        };
        probe.onerror = () => resolve({ current: 0, next: 0, result: 'error' });
      }),
  );
  // The app's schema is at least Dexie version 2 (IndexedDB 20), and the newer version was not blocked.
  expect(outcome.current).toBeGreaterThanOrEqual(20);
  expect(outcome.result).toBe(`opened ${outcome.next}`);

  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('アプリを再読み込みしてください');
  await expect(dialog.getByRole('button', { name: /再読み込み/ })).toBeFocused();
});
