// End-to-end tests in a real Chromium against the whole system, started the way `npm start` does.
// Debian's chromium is used where it is installed (this machine, CI); elsewhere Playwright's own
// browser (`npx playwright install chromium`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const APP_PORT = 3310;
const FINANCE_PORT = 3311;
const databaseFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), 'orders.db');

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1, // one system, one database: the journeys run one after another
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['html', { outputFolder: 'test-results/e2e-report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(SYSTEM_CHROMIUM ? { executablePath: SYSTEM_CHROMIUM } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node --enable-source-maps dist/scripts/start-local.js',
    url: `http://127.0.0.1:${APP_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_PORT: String(APP_PORT),
      FINANCE_PORT: String(FINANCE_PORT),
      INSIGHTS_PORT: '3312',
      TELEMETRY_DATABASE_FILE: path.join(path.dirname(databaseFile), 'telemetry.db'),
      DATABASE_FILE: databaseFile,
      SCHEDULED_JOB_INTERVAL_SECONDS: '0.1',
      PAYMENT_RETRY_BASE_SECONDS: '0.1',
      PAYMENT_RETRY_MAX_SECONDS: '0.5',
      PAYMENT_TIMEOUT_SECONDS: '1',
      ORDER_LEASE_SECONDS: '5',
      TIME_SCALE: '60',
      RANDOM_SEED: '2024',
    },
  },
});
