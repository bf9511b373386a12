import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { testEvents } from '../event-store/event-store.fixtures';
import { InProcessJobQueue } from '../jobs/in-process.job-queue';
import { listBackups } from './backup-set';
import { SCHEDULED_BACKUP, ScheduledBackups } from './scheduled-backups';

const withEnv = async <T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> => {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
};

describe('scheduled backups', () => {
  it('runs through the job queue on its interval, skips while the newest backup is fresh, and applies the retention', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-scheduled-'));
    const store = new EmbeddedSqliteEventStore(join(dataDir, 'events.sqlite'));
    await store.append('WorkOrder-1', testEvents(3), 'any');
    const jobs = new InProcessJobQueue();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CONSOLE_DIR: 'off' });
    const backups = await withEnv({ BACKUP_SCHEDULE: 'on', BACKUP_INTERVAL_MINUTES: '60', BACKUP_KEEP: '2', BACKUP_MAX_AGE_DAYS: '7' }, async () => {
      const b = new ScheduledBackups(config, jobs);
      await b.install();
      return b;
    });
    expect((await jobs.schedules(SCHEDULED_BACKUP)).map((s) => [s.id, s.repeat])).toEqual([['embedded-store', { every: 3_600_000 }]]);

    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    expect((await backups.run(at(0))).created).toMatch(/^20261201T000000Z-/);
    expect(await backups.run(at(30))).toEqual({ created: null, pruned: [] });
    const second = await backups.run(at(55));
    expect(second.created).toMatch(/^20261201T005500Z-/);
    const third = await backups.run(at(120));
    expect(third.pruned).toEqual([expect.stringMatching(/^20261201T000000Z-/)]);
    expect(listBackups(backups.settings.dir).map((b) => b.manifest.id)).toEqual([second.created, third.created]);
    await jobs.close();
    await store.close();
  });

  it('schedules nothing when BACKUP_SCHEDULE=off or the log is on EventStoreDB', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-unscheduled-'));
    const jobs = new InProcessJobQueue();
    await withEnv({ BACKUP_SCHEDULE: 'off' }, () => new ScheduledBackups(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, CONSOLE_DIR: 'off' }), jobs).install());
    await withEnv({ BACKUP_SCHEDULE: 'on' }, () =>
      new ScheduledBackups(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, CONSOLE_DIR: 'off', EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' }), jobs).install(),
    );
    expect(await jobs.schedules(SCHEDULED_BACKUP)).toEqual([]);
    await jobs.close();
  });
});
