// Browser tests: the real backend (already built into dist/) serves the built console; Debian's
// Chromium drives it. Build first: `node scripts/build-server.mjs && npx ng build frontend`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const root = resolve(__dirname, '..');
const port = Number(process.env['E2E_PORT'] ?? 4310);
const baseURL = `http://127.0.0.1:${port}`;
// The identity tests need the development SMS outbox, which a production backend does not have: a
// second backend runs with NODE_ENV=development for them (the other tests keep checking production).
const devPort = port + 1;
const devBaseURL = `http://127.0.0.1:${devPort}`;
// A fresh data directory per run, so no test sees state left by an earlier one. Workers load this
// file again; the environment carries the runner's directory to them instead of making new ones.
const dataDir = (process.env['KUAIGE_E2E_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'kuaige-e2e-')));
const devDataDir = (process.env['KUAIGE_E2E_DEV_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'kuaige-e2e-dev-')));
// The operations token of both backends, which also unlocks the development SMS outbox; chosen here so
// that the tests know it (e2e/support.ts: e2eAdminToken), carried to the workers like the directories.
const adminToken = (process.env['KUAIGE_E2E_ADMIN_TOKEN'] ??= randomBytes(32).toString('base64url'));
// These register accounts, so they need the development SMS outbox too.
const identityTests = new RegExp(
  `(${['identity', 'accessibility', 'tenancy', 'organization', 'work-order-flow', 'dispatch', 'devices', 'personal-data-erasure', 'audit-integrity', 'expert-help', 'notifications', 'knowledge', 'inventory', 'audit', 'purchasing', 'work-order-parts', 'stock-take', 'settlements', 'analytics', 'analytics-costs', 'ops-board', 'exports', 'reports'].join('|')})\\.e2e\\.ts$`,
);

const backend = (listenOn: number, dir: string, nodeEnv: 'production' | 'development') => ({
  command: 'node dist/server/backend/src/main.js',
  cwd: root,
  url: `http://127.0.0.1:${listenOn}/ready`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    PORT: String(listenOn),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    CONSOLE_DIR: join(root, 'dist/frontend/browser'),
    NODE_ENV: nodeEnv,
    // Info lines into the test run's logs, which ./run test scans for secrets afterwards.
    LOG_LEVEL: 'info',
    LOG_FILE: join(root, 'test-results/logs', `e2e-${nodeEnv}.log`),
    ADMIN_TOKEN: adminToken,
    // Every browser and API helper of the run comes from 127.0.0.1, and the tenancy and organization
    // runs sign in dozens of people: the per-address limits would refuse them depending on how the
    // run's minutes fall. Those limits are proven by the HTTP specs (edge-limits, lockout), not here.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_IP: '100000',
    SMS_CODES_PER_IP_PER_HOUR: '100000',
  },
});

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
  projects: [
    { name: 'console', testIgnore: identityTests, use: { baseURL } },
    { name: 'identity', testMatch: identityTests, use: { baseURL: devBaseURL } },
  ],
  webServer: [backend(port, dataDir, 'production'), backend(devPort, devDataDir, 'development')],
});
