// Start-up as an operator sees it: the compiled product refuses bad configuration with one line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const main = join(root, 'dist/server/backend/src/main.js');

// dist/server is built (when stale) by tools/jest-global-setup.js.
const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, [main], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-main-')), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('start-up with bad configuration', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kuaige-main-')), 'not-a-dir');
  writeFileSync(file, 'x');

  it.each([
    ['ROLE', { ROLE: 'nonsense' }],
    ['MONGO_URL', { MONGO_URL: 'mongo:27017' }],
    ['DATA_DIR', { DATA_DIR: join(file, 'data') }],
    // Split roles with per-process stores would each hold their own read models or jobs, never filled.
    ['MONGO_URL', { ROLE: 'api' }],
    ['MONGO_URL', { ROLE: 'projector', REDIS_URL: 'redis://127.0.0.1:6379' }],
    ['REDIS_URL', { ROLE: 'worker', MONGO_URL: 'mongodb://127.0.0.1:27017' }],
    // A test setting of the SLA clocks (minutes-long deadlines in seconds) never reaches production.
    ['SLA_TEST_TARGETS_SECONDS', { NODE_ENV: 'production', SLA_TEST_TARGETS_SECONDS: '6/600' }],
  ] as [string, Record<string, string>][])('stops with one line naming %s', (variable, env) => {
    const result = start(env);
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^kuaige: configuration error: ${variable} `));
    if (variable !== 'ROLE' && env['ROLE']) expect(lines[0]).toContain(`when ROLE=${env['ROLE']}`);
    expect(result.stdout).toBe('');
  });
});

describe('start-up banner in development', () => {
  it('says where the SMS outbox is and where its token lies, without printing the token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-main-'));
    const consoleDir = mkdtempSync(join(tmpdir(), 'kuaige-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir, CONSOLE_DIR: consoleDir, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          // The banner is one write once listening.
          if (stdout.includes('listening on') && stdout.endsWith('\n')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code} before the banner: ${stdout}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    const hint = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { msg?: string }).msg ?? '')
      .find((msg) => msg.includes('SMS outbox'));
    expect(hint).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/dev\/sms-outbox in the console/);
    expect(hint).toContain(join(dataDir, 'admin.token'));
    expect(stdout).not.toContain(readFileSync(join(dataDir, 'admin.token'), 'utf8').trim());
    // A whole product's start-up: on a loaded machine it has taken over 30 s.
  }, 120_000);
});
