/**
 * Encryption at rest, checked where an attacker with the tablet would look: after sign-in and the office's
 * people stored on the device, the browser is closed and every file of its IndexedDB and service-worker
 * storage (Cache Storage) is scanned for plaintext canaries taken from the screen — names, kana and insured
 * numbers — in UTF-8 and UTF-16LE. The office's name, which is stored in plain form on purpose, must be
 * found: proof that the scan sees plaintext where there is any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import { launchTablet } from './fixtures/tablet.ts';
import { PeoplePage } from './pages/people-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

function storageFiles(profileDir: string): string[] {
  return filesUnder(profileDir).filter((path) => /[/\\](IndexedDB|Service Worker|File System|blob_storage)[/\\]/.test(path));
}

function encodings(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
}

function filesContaining(files: readonly string[], text: string): string[] {
  const needles = encodings(text);
  return files.filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

test('no name, kana or insured number lies in plain form in the tablet’s storage files', async ({ platformServer, playwright, launchOptions }) => {
  const tablet = await launchTablet(playwright.chromium, launchOptions);
  try {
    const page = tablet.context.pages()[0] ?? (await tablet.context.newPage());
    await page.goto(platformServer.url);
    const signIn = new SignInPage(page);
    await signIn.enroll(platformServer.activationCode('kyotaku-cm-1'));
    await signIn.dismissPasskeyOffer();
    const people = new PeoplePage(page);
    await people.expectListLoaded(10);
    // Open one person too, so the device's own audit entry of that read is stored.
    await people.rows.first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    const rows = await people.rows.evaluateAll((elements) => elements.slice(0, 8).map((e) => e.textContent ?? ''));
    const canaries = new Set<string>();
    for (const text of rows) {
      for (const match of text.matchAll(/\d{10}/g)) canaries.add(match[0]);
      for (const match of text.matchAll(/[\p{Script=Han}]{1,4}\u3000[\p{Script=Han}\p{Script=Hiragana}]{1,4}/gu)) canaries.add(match[0]);
      for (const match of text.matchAll(/[\p{Script=Katakana}ー]{2,}\u3000[\p{Script=Katakana}ー]{2,}/gu)) canaries.add(match[0]);
    }
    expect(canaries.size, `canaries from ${rows.join(' | ')}`).toBeGreaterThanOrEqual(12);

    await tablet.close();
    const files = storageFiles(tablet.profileDir);
    expect(files.length).toBeGreaterThan(0);
    expect(filesContaining(files, 'さくらおかケアプランセンター').length, 'the plain office name is visible to the scan').toBeGreaterThan(0);
    const leaks = [...canaries].map((canary) => ({ canary, files: filesContaining(files, canary) })).filter((hit) => hit.files.length > 0);
    expect(leaks).toEqual([]);
  } finally {
    await tablet.dispose();
  }
});
