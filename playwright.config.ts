/**
 * Browser tests: the built PWA (./dist, served by the platform server) in Debian's Chromium. Each test file
 * starts its own server through the fixture in tests/e2e/fixtures/platform-server.ts; the global setup builds
 * ./dist only when it is missing (`npm test` builds first).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // Each test starts (and seeds) its own server: generous under a loaded machine.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // Never download browsers: drive the system's Chromium.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
