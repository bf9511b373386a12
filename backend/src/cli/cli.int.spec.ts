// The operations command line as an operator runs it: the compiled `kuaige` against a data directory
// and a running server (dist/server is built by tools/jest-global-setup.js).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openEventStore } from '../event-store/event-store.factory';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { sampleMetadata } from '../event-store/event-store.fixtures';
import { testLogEnv } from '../testing/test-logs';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/server/backend/src/cli/main.js');

const kuaige = (dataDir: string, ...args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('kuaige events', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-cli-'));
  const ids: string[] = [];

  beforeAll(async () => {
    const store = await openEventStore({ eventStoreUrl: null, dataDir });
    for (let i = 0; i < 12; i++) {
      const eventId = `cli-event-${i}`;
      ids.push(eventId);
      await store.append(`WorkOrder-${i % 3}`, [{ eventId, type: i % 2 ? 'WorkOrderDispatched' : 'WorkOrderRequested', data: { n: i }, metadata: sampleMetadata() }], 'any');
    }
    await store.close();
  });

  it('stats counts events per type', async () => {
    const { code, stdout } = await kuaige(dataDir, 'events', 'stats');
    expect(code).toBe(0);
    expect(stdout).toMatch(/events\s+12/);
    expect(stdout).toMatch(/streams\s+3/);
    expect(stdout).toMatch(/6\s+WorkOrderRequested/);
  });

  it('tail prints the last events', async () => {
    const { code, stdout } = await kuaige(dataDir, 'events', 'tail', '-n', '3');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('WorkOrder-2@3');
  });

  it('verify passes on an intact log and names the one event whose byte was changed', async () => {
    const intact = await kuaige(dataDir, 'events', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('OK: 12 events');

    const db = new DatabaseSync(join(dataDir, 'events.sqlite'));
    db.prepare("UPDATE events SET data = replace(data, '7', '8') WHERE position = 8").run();
    db.close();
    const broken = await kuaige(dataDir, 'events', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN after 7 intact events: event ${ids[7]} in WorkOrder-1 at position 8`);
  });

  it('refuses unknown commands with the usage', async () => {
    const { code, stderr } = await kuaige(dataDir, 'events', 'shred');
    expect(code).toBe(2);
    expect(stderr).toContain('usage: kuaige');
  });
});

describe('kuaige projections (through the operations API)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-cli-api-'));
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CONSOLE_DIR: 'off', PORT: '0', ...testLogEnv() }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => app.close());

  it('status lists every projection with its checkpoint and lag', async () => {
    const { code, stdout } = await kuaige(dataDir, 'projections', 'status', '--url', url);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^accounts\s+\d+\s+(live|catching-up)/m);
    expect(stdout).toMatch(/^sessions\s/m);
  });

  it('rebuild switches a projection in and reports it', async () => {
    const { code, stdout } = await kuaige(dataDir, 'projections', 'rebuild', 'accounts', '--url', url);
    expect(code).toBe(0);
    expect(stdout).toContain('accounts: rebuild finished');
    const unknown = await kuaige(dataDir, 'projections', 'rebuild', 'nothing', '--url', url);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('404');
  });

  it('the operations API refuses callers without the admin token', async () => {
    expect((await fetch(`${url}/api/v1/admin/projections`)).status).toBe(401);
    const wrong = await fetch(`${url}/api/v1/admin/projections`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(403);
  });
});

describe('kuaige demo generate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-cli-demo-'));

  it('writes a world once, resumes with the same arguments and refuses others', async () => {
    const first = await kuaige(dataDir, 'demo', 'generate', '--work-orders', '12', '--seed', '4', '--until', '2026-11-30');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('demo world of seed 4');
    expect(first.stdout).toMatch(/12 work orders, 20 devices, 6 operator nodes/);
    expect(first.stderr).toMatch(/^work orders: 12 \/ 12/m);
    const stats = await kuaige(dataDir, 'events', 'stats');
    expect(stats.stdout).toMatch(/\d+\s+MaintenanceRequested/);

    const again = await kuaige(dataDir, 'demo', 'generate', '--work-orders', '12', '--seed', '4');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already complete: nothing written');

    const other = await kuaige(dataDir, 'demo', 'generate', '--work-orders', '13', '--seed', '4');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('holds demo data of --seed 4 --work-orders 12 --until 2026-11-30');
    const bad = await kuaige(dataDir, 'demo', 'generate', '--work-orders', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--work-orders must be an integer from 1 to 1000000');
  }, 240_000);
});
