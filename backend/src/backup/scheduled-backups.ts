import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { JOB_QUEUE } from '../event-sourcing/event-sourcing.tokens';
import { defineJob, type JobQueue } from '../jobs/job-queue.port';
import { createBackup, listBackups, pruneBackups } from './backup-set';
import { loadBackupSettings, type BackupSettings } from './backup.config';

// ---- Scheduled online backups of the embedded store, through the job queue -----------------------
// A schedule of `every` fires once at start-up too: a run finds the newest backup and skips when it is
// younger than most of an interval, so restarts do not pile up backups. Retention is applied after
// each backup. With EVENTSTORE_URL the log is not in DATA_DIR: that server's own backup applies.

export interface ScheduledBackupResult {
  readonly created: string | null;
  readonly pruned: readonly string[];
}

export const SCHEDULED_BACKUP = defineJob<{ readonly reason: string }, ScheduledBackupResult>('backup.create', {
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 60_000 },
});

@Injectable()
export class ScheduledBackups {
  private readonly logger = new Logger('Backups');
  readonly settings: BackupSettings;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {
    this.settings = loadBackupSettings(config.dataDir);
  }

  /** Installs the handler and the schedule (one scheduler id: never a second schedule). */
  async install(): Promise<void> {
    if (!this.settings.scheduled || this.config.eventStoreUrl !== null) return;
    this.jobs.register(SCHEDULED_BACKUP, () => this.run());
    await this.jobs.schedule(SCHEDULED_BACKUP, 'embedded-store', { repeat: { every: this.settings.intervalMinutes * 60_000 }, data: { reason: 'schedule' } });
  }

  /** Takes a backup when the newest is older than 90 % of the interval, then applies the retention. */
  async run(now = new Date()): Promise<ScheduledBackupResult> {
    const newest = listBackups(this.settings.dir).at(-1);
    const due = !newest || now.getTime() - Date.parse(newest.manifest.createdAt) >= this.settings.intervalMinutes * 60_000 * 0.9;
    let created: string | null = null;
    if (due) {
      const backup = await createBackup(this.config.dataDir, this.settings.dir, now);
      created = backup.manifest.id;
      this.logger.log(`backup ${created}: ${backup.manifest.head.events} events up to position ${backup.manifest.head.position} in ${backup.manifest.durationMs} ms`);
    }
    const pruned = pruneBackups(this.settings.dir, this.settings.retention, now);
    if (pruned.length) this.logger.log(`backups removed by retention: ${pruned.join(', ')}`);
    return { created, pruned };
  }
}
