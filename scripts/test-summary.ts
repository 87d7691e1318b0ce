/** Prints one closing line for the whole suite from the vitest and Playwright JSON reports. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const VitestReport = z.object({ numPassedTests: z.number(), numFailedTests: z.number(), numPendingTests: z.number() });
const PlaywrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

function read<T>(path: string, schema: z.ZodType<T>): T | null {
  try {
    return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

const unit = read('reports/vitest.json', VitestReport);
const browser = read('reports/playwright.json', PlaywrightReport);
if (!unit || !browser) {
  console.error('test summary: a report is missing (reports/vitest.json, reports/playwright.json)');
  process.exit(1);
}
const passed = unit.numPassedTests + browser.stats.expected + browser.stats.flaky;
const failed = unit.numFailedTests + browser.stats.unexpected;
const skipped = unit.numPendingTests + browser.stats.skipped;
console.log(`unit/integration: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
console.log(`browser: ${browser.stats.expected} passed, ${browser.stats.unexpected} failed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
