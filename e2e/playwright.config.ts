// Browser tests: the real backend (already built into dist/) serves the built console; Debian's
// Chromium drives it. Build first: `node scripts/build-server.mjs && npx ng build frontend`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const root = resolve(__dirname, '..');
const port = Number(process.env['E2E_PORT'] ?? 4310);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh data directory per run, so no test sees state left by an earlier one. Workers load this
// file again; the environment carries the runner's directory to them instead of making new ones.
const dataDir = (process.env['KUAIGE_E2E_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'kuaige-e2e-')));

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.e2e\.ts$/,
  outputDir: join(root, 'test-results/playwright'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTeardown: './global-teardown.ts',
  reporter: [['list'], ['json', { outputFile: join(root, 'test-results/e2e.json') }]],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Never a downloaded browser: Debian's Chromium, with flags that work as root in containers.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node dist/server/backend/src/main.js',
    cwd: root,
    url: `${baseURL}/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONSOLE_DIR: join(root, 'dist/frontend/browser'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    },
  },
});
