/**
 * The tablet app in Chromium with 10,000 people (demo server, `DEMO_SIZE=10000`):
 * - cold start offline: the server is stopped, the page reloads from the service worker, the staff member
 *   unlocks with the PIN (PBKDF2 + decrypting every sealed record), until the first row is on screen — with
 *   Chromium's CPU throttled 4× (≈ a care tablet) against the same at 1× in the same run;
 * - search: per-keystroke time over the 10,000 people (p50/p95), typing a kana name one character at a time,
 *   including the list's re-render, against the naive filter alone (normalise every name on each keystroke,
 *   nothing rendered) measured in the same page;
 * - person screen open: from the tap on a row to the burden ratio on screen (median of 10 people), at 4× CPU
 *   against 1× in the same run;
 * - the JavaScript the first screen loads, gzip-compressed, against all the JavaScript of the build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { startPlatformServer } from '../e2e/fixtures/platform-server.ts';
import { ratio, type BenchRow } from './table.ts';

// Browser globals used inside page.evaluate: this file compiles for Node, without the DOM library.
declare const document: { getElementById(id: string): { value: string; dispatchEvent(event: Event): boolean } | null };
declare const requestAnimationFrame: (callback: () => void) => number;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PIN = '482915';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function unlockAndTime(page: Page, url: string, staffId: string): Promise<number> {
  await page.goto(url);
  await page.getByLabel('職員ID').fill(staffId);
  await page.getByLabel('PIN（6〜12桁の数字）').fill(PIN);
  const started = Date.now();
  await page.getByRole('button', { name: /PINでサインイン/ }).click();
  await page.getByTestId('person-row').first().waitFor({ timeout: 120_000 });
  return Date.now() - started;
}

/** Median ms from a tap on the n-th row to the person's burden ratio on screen, then back to the list. */
async function personOpenTimes(page: Page, people: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < people; i++) {
    const link = page.getByTestId('person-link').nth(i);
    await link.waitFor();
    const started = Date.now();
    await link.click();
    await page.getByTestId('burden-ratio').waitFor();
    times.push(Date.now() - started);
    await page.getByTestId('back-to-list').click();
    await page.getByTestId('person-row').first().waitFor();
  }
  return percentile(times, 50);
}

const DEMO_PEOPLE = 10_000;

/** Waits until the list counts `expected` people (the first sync done), up to 10 minutes. */
async function waitForTotal(page: Page, expected: number): Promise<number> {
  const count = page.getByTestId('people-count');
  const deadline = Date.now() + 600_000;
  for (;;) {
    const total = Number(await count.getAttribute('data-total'));
    if (total >= expected) return total;
    if (Date.now() > deadline) throw new Error(`app bench: the first sync stopped at ${total} of ${expected} people`);
    await page.waitForTimeout(1_000);
  }
}

export async function benchApp(): Promise<BenchRow[]> {
  const server = await startPlatformServer({ demoSize: DEMO_PEOPLE });
  const profile = mkdtempSync(join(tmpdir(), 'tsunagi-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.getByLabel('登録コード').fill(server.activationCode('kyotaku-cm-1'));
    await page.getByLabel('PIN（6〜12桁の数字）').fill(PIN);
    await page.getByLabel('PIN（確認のためもう一度）').fill(PIN);
    await page.getByRole('button', { name: /登録してサインイン/ }).click();
    await page.getByTestId('person-row').first().waitFor({ timeout: 300_000 });
    // The first page is on screen long before the first sync ends: wait for the whole office (the demo's
    // care-management office serves everyone).
    const total = await waitForTotal(page, DEMO_PEOPLE);

    // Search: time from input to the count updating, per keystroke.
    const query = 'アキヤマ';
    const searchTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 1; i <= query.length; i++) {
        const text = query.slice(0, i);
        searchTimes.push(
          await page.evaluate(async (value) => {
            const input = document.getElementById('people-search');
            if (!input) return NaN;
            const t0 = performance.now();
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
            return performance.now() - t0;
          }, text),
        );
      }
      await page.evaluate(() => {
        const input = document.getElementById('people-search');
        if (!input) return;
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    // The naive way in the same page: normalise all 10,000 names from the DOM-free data on every keystroke.
    const naiveTimes = await page.evaluate(
      ({ count, q }) => {
        const names = Array.from({ length: count }, (_, i) => `アキヤマ\u3000テスト${i}`.normalize('NFKC'));
        const times: number[] = [];
        let matched = 0;
        for (let round = 0; round < 5; round++) {
          for (let i = 1; i <= q.length; i++) {
            const t0 = performance.now();
            const needle = q.slice(0, i).normalize('NFKC');
            matched += names.filter((n) => n.normalize('NFKC').replace(/[\s\u3000]+/g, '').includes(needle)).length;
            times.push(performance.now() - t0);
          }
        }
        // Keeps the filter from being optimised away.
        if (matched < 0) times.push(matched);
        return times;
      },
      { count: total, q: query },
    );

    // Cold start offline: stop the server; reload; unlock with the PIN (1× then 4× CPU).
    await server.stop();
    const cdp = await context.newCDPSession(page);
    const cold1x = await unlockAndTime(page, server.url, 'kyotaku-cm-1');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const cold4x = await unlockAndTime(page, server.url, 'kyotaku-cm-1');
    const open4x = await personOpenTimes(page, 10);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const open1x = await personOpenTimes(page, 10);

    // JavaScript of the first screen: the scripts index.html loads (and their static imports).
    const dist = 'dist';
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const firstScreen = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    const gz = (file: string) => gzipSync(readFileSync(join(dist, file))).length;
    const firstKb = firstScreen.reduce((n, f) => n + gz(f), 0) / 1024;
    const allJs = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    const allKb = allJs.reduce((n, f) => n + gz(join('assets', f)), 0) / 1024;

    const p50 = percentile(searchTimes, 50);
    const p95 = percentile(searchTimes, 95);
    const naive95 = percentile(naiveTimes, 95);
    return [
      { name: `cold start offline → first row, ${total.toLocaleString('en')} people (4× CPU)`, figure: `${cold4x} ms`, baseline: `1× CPU ${cold1x} ms`, ratio: ratio(cold4x, cold1x) },
      { name: `search per keystroke, ${total.toLocaleString('en')} people (p50 / p95)`, figure: `${p50.toFixed(1)} / ${p95.toFixed(1)} ms`, baseline: `naive filter alone, no render, p95 ${naive95.toFixed(1)} ms`, ratio: ratio(p95, naive95) },
      { name: `person screen open (tap → burden ratio shown), ${total.toLocaleString('en')} people, median of 10 (4× CPU)`, figure: `${open4x} ms`, baseline: `1× CPU ${open1x} ms`, ratio: ratio(open4x, open1x) },
      { name: 'JS for the first screen (gzip)', figure: `${firstKb.toFixed(0)} kB`, baseline: `all JS ${allKb.toFixed(0)} kB`, ratio: ratio(firstKb, allKb) },
    ];
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
