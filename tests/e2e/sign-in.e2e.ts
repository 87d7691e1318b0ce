/**
 * Staff sign-in in Chromium with its virtual authenticator (CDP WebAuthn): enroll the tablet with a printed
 * activation code, register a passkey (user verification required, PRF), lock, sign in with the passkey,
 * lock on idle time under Playwright's clock, unlock, and unlock offline with the passkey's PRF output; an authenticator that does not verify the user is
 * refused, and a captured assertion sent again is refused by the server.
 */
import type { webcrypto } from 'node:crypto';
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

// Browser globals used inside page.evaluate: this file compiles for Node, without the DOM library.
type DeviceKey = webcrypto.CryptoKey;
declare const navigator: { credentials: { create(options: unknown): Promise<unknown> } };
declare const location: { hostname: string };
declare const indexedDB: {
  open(name: string): {
    onsuccess: (() => void) | null;
    onerror: (() => void) | null;
    error: unknown;
    result: { transaction(store: string): { objectStore(name: string): { get(key: string): { onsuccess: (() => void) | null; onerror: (() => void) | null; result: unknown; error: unknown } } } };
  };
};

async function addAuthenticator(page: Page, options: { isUserVerified: boolean; hasUserVerification?: boolean }): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.isUserVerified,
      hasPrf: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('enroll, register a passkey, lock, sign in with it, lock on idle and unlock', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.clock.install();
  const { cdp, authenticatorId } = await addAuthenticator(page, { isUserVerified: true });
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  const people = new PeoplePage(page);

  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await people.expectListLoaded(10);
  await page.getByRole('button', { name: /パスキーを登録/ }).click();
  await expect(page.getByText('パスキーを登録しました')).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);

  // Lock by hand: the list leaves the page; the passkey signs in again.
  await page.getByRole('button', { name: /^ロック/ }).click();
  await expect(people.rows).toHaveCount(0);
  await page.getByRole('button', { name: /パスキーでサインイン/ }).click();
  await signIn.expectSignedIn();
  await people.expectListLoaded(10);

  // Idle: nothing happens for 4 minutes, then at 5 minutes the app locks.
  await page.clock.fastForward('04:00');
  await expect(people.rows.first()).toBeVisible();
  await page.clock.fastForward('01:01');
  await expect(page.getByText('一定時間操作がなかったため')).toBeVisible();
  await expect(people.rows).toHaveCount(0);
  // Back to the real time, so the device's signed requests fall within the server's clock window.
  await page.clock.setSystemTime(new Date());
  await signIn.signInWithPin('kyotaku-cm-1');
  await signIn.expectSignedIn();
  await people.expectListLoaded(10);

  // Offline, the passkey's PRF output (never sent anywhere) opens the device's data key.
  await platformServer.stop();
  await page.getByRole('button', { name: /^ロック/ }).click();
  await page.getByRole('button', { name: /パスキーでサインイン/ }).click();
  await signIn.expectSignedIn();
  await expect(page.getByText('オフラインで利用中')).toBeVisible();
  await people.expectListLoaded(10);
});

test('an authenticator that does not verify the user is refused', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  const { cdp, authenticatorId } = await addAuthenticator(page, { isUserVerified: true });
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await page.getByRole('button', { name: /パスキーを登録/ }).click();
  await expect(page.getByText('パスキーを登録しました')).toBeVisible();
  await page.getByRole('button', { name: /^ロック/ }).click();

  // The same authenticator now answers without user verification (presence only).
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByRole('button', { name: /パスキーでサインイン/ }).click();
  await expect(page.getByRole('alert')).toContainText(/パスキーでの確認が完了しませんでした|サインインできませんでした/);
  await expect(page.getByTestId('signed-in-staff')).toHaveCount(0);

  // Registration on an authenticator without user verification fails too.
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  await addAuthenticator(page, { isUserVerified: false, hasUserVerification: false });
  await signIn.signInWithPin('kyotaku-cm-1');
  await signIn.expectSignedIn();
  const options = await page.evaluate(async () => {
    try {
      await navigator.credentials.create({
        publicKey: {
          challenge: crypto.getRandomValues(new Uint8Array(32)),
          rp: { id: location.hostname, name: 'つなぎ' },
          user: { id: new Uint8Array([1, 2, 3]), name: 'x', displayName: 'x' },
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        },
      });
      return 'created';
    } catch (error) {
      return (error as Error).name;
    }
  });
  expect(options).not.toBe('created');
});

test('a replayed passkey assertion is refused', async ({ appContext: context, platformServer }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await addAuthenticator(page, { isUserVerified: true });
  await page.goto(platformServer.url);
  const signIn = new SignInPage(page);
  await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
  await page.getByRole('button', { name: /パスキーを登録/ }).click();
  await expect(page.getByText('パスキーを登録しました')).toBeVisible();
  await page.getByRole('button', { name: /^ロック/ }).click();

  const captured = page.waitForRequest((request) => request.url().endsWith('/api/v1/auth/passkey') && request.method() === 'POST');
  await page.getByRole('button', { name: /パスキーでサインイン/ }).click();
  await signIn.expectSignedIn();
  const body = (await captured).postData() ?? '';
  expect(body).toContain('authenticatorData');
  expect(body).not.toContain('"prf"');

  // Send the same assertion again, freshly signed with this device's own key (read from its IndexedDB).
  const replay = await page.evaluate(async (assertion) => {
    const device = await new Promise<{ deviceId: string; privateKey: DeviceKey }>((resolve, reject) => {
      const open = indexedDB.open('tsunagi');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('device').objectStore('device').get('self');
        get.onsuccess = () => resolve(get.result as { deviceId: string; privateKey: DeviceKey });
        get.onerror = () => reject(get.error);
      };
    });
    const path = '/api/v1/auth/passkey';
    const time = new Date().toISOString();
    const nonce = `replay-${crypto.randomUUID()}`;
    const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    const bodyHash = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(assertion)));
    const payload = ['TSUNAGI-DEVICE-1', 'POST', path, time, nonce, bodyHash, device.deviceId].join('\n');
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device.privateKey, new TextEncoder().encode(payload)));
    const b64 = btoa(String.fromCharCode(...signature)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-tsunagi-device': device.deviceId, 'x-tsunagi-time': time, 'x-tsunagi-nonce': nonce, 'x-tsunagi-signature': b64 },
      body: assertion,
    });
    return { status: response.status, body: (await response.json()) as { code: string } };
  }, body);
  expect(replay).toEqual({ status: 401, body: expect.objectContaining({ code: 'signInFailed' }) });
});
