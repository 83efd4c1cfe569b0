// End-to-end tests. Project "e2e": the real browser host (dist/main/serve.cjs, started by the global
// setup on a fresh data folder) driven in Debian's Chromium. Project "electron": test/electron.
// `npm test` builds first; `npx playwright test` expects a current `npm run build`.
import { defineConfig } from '@playwright/test';

// Chromium's built-in fake camera (a moving test pattern) and auto-granted permission stand in for
// the desk's document camera, so the getUserMedia capture path runs for real (test/e2e/camera.spec.ts).
const chromium = {
  executablePath: process.env.MOTCUA_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ],
};

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  // One browser host holds one database: run the specs one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Never retried: a test that passes only on a second try is a failure (scripts/test.mjs counts
  // Playwright's "flaky" as failed).
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    launchOptions: chromium,
    viewport: { width: 1440, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'e2e', testDir: 'test/e2e', testMatch: /.*\.spec\.ts$/ },
    { name: 'electron', testDir: 'test/electron', testMatch: /.*\.spec\.ts$/ },
  ],
});
