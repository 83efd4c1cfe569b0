// `npm run screenshots`: pictures of every area for visual review (test/tools/*.shot.ts), against
// the same browser host and Chromium as the e2e tests. A tool: `npm test` never runs it.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  projects: [{ name: 'screenshots', testDir: 'test/tools', testMatch: /.*\.shot\.ts$/ }],
});
