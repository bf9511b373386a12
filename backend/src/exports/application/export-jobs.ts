import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { exportDecider, exportStream, type ExportRequested } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { parsePermission } from '@kuaige/tenancy';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { defineJob, type JobContext, type JobQueue } from '../../jobs/job-queue.port';
import { PermanentJobError } from '../../jobs/job-queue.errors';
import { ActorDirectory, type Actor } from '../../tenancy/api/authorization';
import { ExportSources } from '../export-source';
import { EXPORTS_COLLECTION, type ExportRow } from '../read-models/exports.projection';
import { CompleteExport, ExpireExport, FailExport, RecordExportProgress } from './export.commands';
import { MEDIA_TYPES, writeExportFile } from './export-files';

// ---- Export jobs: write the file, record progress and the outcome; delete files whose time is up ----
// The job id is the export's, so a retried POST or a restart queues nothing twice; a job that died
// mid-way is run again by the queue's retry and writes the file from the start (its `.part` replaced),
// and the outcome commands carry ids derived from the export, so a second run records nothing new.

export const EXPORT_WRITE_JOB = defineJob<{ exportId: string }, { rows: number; sha256: string } | null>('exports.write', {
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 2_000 },
});
export const EXPORT_EXPIRY_JOB = defineJob<Record<string, never>, number>('exports.expire', { attempts: 1 });

export const EXPORT_SYSTEM_ACTOR = { userId: 'system:exports' } as const;

/** How long a file is kept, and how often expired ones are looked for (EXPORT_RETENTION_HOURS, default 24). */
export interface ExportSettings {
  readonly retentionMs: number;
  readonly sweepEveryMs: number;
  readonly directory: string;
}
export const EXPORT_SETTINGS = Symbol('EXPORT_SETTINGS');

export const exportSettings = (config: AppConfig, env: NodeJS.ProcessEnv = process.env): ExportSettings => {
  const hours = Number(env['EXPORT_RETENTION_HOURS'] ?? 24);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error('EXPORT_RETENTION_HOURS must be a positive number of hours');
  return { retentionMs: hours * 3_600_000, sweepEveryMs: 10 * 60_000, directory: join(config.dataDir, 'exports') };
};

export const EXTENSIONS = { xlsx: 'xlsx', csv: 'csv', pdf: 'pdf' } as const;

/** A file name people can keep: the title and the day, nothing a file system refuses. */
export const fileNameOf = (request: ExportRequested['data']): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what a file name must not hold
  `${request.title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80)}-${request.at.slice(0, 10)}.${EXTENSIONS[request.format]}`;

@Injectable()
export class ExportJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('ExportJobs');

  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EXPORT_SETTINGS) private readonly settings: ExportSettings,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
    private readonly commands: CommandBus,
    private readonly sources: ExportSources,
    private readonly actors: ActorDirectory,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(EXPORT_WRITE_JOB, (job) => this.write(job), { concurrency: 2 });
    this.jobs.register(EXPORT_EXPIRY_JOB, () => this.expire());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!roleRuns(this.config.role).worker) return;
    await this.jobs.schedule(EXPORT_EXPIRY_JOB, 'exports.expire', { repeat: { every: this.settings.sweepEveryMs }, data: {} });
  }

  /** Queues the export's job; its id is the export's, so queuing it again adds nothing. */
  queue(exportId: string): Promise<string> {
    return this.jobs.enqueue(EXPORT_WRITE_JOB, { exportId }, { jobId: `export-${exportId}` });
  }

  pathOf(exportId: string, format: keyof typeof EXTENSIONS): string {
    return join(this.settings.directory, `${exportId}.${EXTENSIONS[format]}`);
  }

  private context(step: string, exportId: string, ...parts: string[]): CommandContext {
    return { commandId: digestUuid('export', step, exportId, ...parts), actor: EXPORT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [], at: this.clock.now() };
  }

  /** The requester as they act now: rights withdrawn since the request are not exported. */
  private async requesterOf(request: ExportRequested['data']): Promise<Actor> {
    return this.actors.actorOf({ userId: request.requester.userId, sessionId: '', ip: '', userAgent: 'export-job', steppedUpUntil: null, context: request.requester.context });
  }

  private async write(job: JobContext<{ exportId: string }>): Promise<{ rows: number; sha256: string } | null> {
    const { exportId } = job.data;
    const { state } = await this.streams.load(exportStream(exportId), exportDecider);
    if (state.status !== 'running') return state.status === 'completed' ? { rows: state.file.rows, sha256: state.file.sha256 } : null;
    const request = state.request;
    try {
      const source = this.sources.get(request.kind);
      if (!source) throw new PermanentJobError(`no export kind ${request.kind} in this build`);
      const actor = await this.requesterOf(request);
      const { action, subject } = parsePermission(source.permission);
      if (!actor.ability.can(action, subject)) throw new PermanentJobError(`the requester no longer holds ${source.permission}`);
      const params = source.parse(request.params);
      await source.prepare?.(params, actor, request.locale);
      const expected = request.expectedRows;
      let recorded = 0;
      const written = await writeExportFile({
        path: this.pathOf(exportId, request.format),
        format: request.format,
        title: request.title,
        locale: request.locale,
        columns: source.columns(params, request.locale),
        rows: source.rows(params, actor, request.locale),
        signal: job.signal,
        // Whole percents (or every thousand rows) are offered; the decider keeps only the coarse checkpoints.
        onRow: async (rows) => {
          const percent = expected ? Math.min(99, Math.floor((rows * 100) / expected)) : null;
          const offered = percent !== null ? percent > recorded : rows - recorded >= 1_000;
          if (!offered) return;
          recorded = percent ?? rows;
          await job.reportProgress({ rows, of: expected });
          await this.commands.execute(
            new RecordExportProgress({ exportId, rows, of: expected, percent, at: this.clock.now().toISOString() }, this.context('progress', exportId, String(rows))),
          );
        },
      });
      const at = this.clock.now();
      await this.commands.execute(
        new CompleteExport(
          {
            exportId,
            rows: written.rows,
            size: written.size,
            sha256: written.sha256,
            fileName: fileNameOf(request),
            mediaType: MEDIA_TYPES[request.format],
            at: at.toISOString(),
            expiresAt: new Date(at.getTime() + this.settings.retentionMs).toISOString(),
          },
          this.context('complete', exportId),
        ),
      );
      return { rows: written.rows, sha256: written.sha256 };
    } catch (error) {
      const last = error instanceof PermanentJobError || job.attempt >= (EXPORT_WRITE_JOB.defaults.attempts ?? 1);
      if (last) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn({ exportId, reason }, 'export failed');
        await this.commands.execute(new FailExport({ exportId, reason: reason.slice(0, 500), at: this.clock.now().toISOString() }, this.context('fail', exportId)));
      }
      throw error;
    }
  }

  /** Deletes the files whose time is up and records each export expired; returns how many. */
  async expire(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await this.store.collection<ExportRow>(EXPORTS_COLLECTION).find({ $and: [{ status: 'completed' }, { expiresAt: { $lte: now } }, visibleRows] }, { limit: 1_000 });
    for (const row of due) {
      await rm(this.pathOf(row._id, row.format), { force: true });
      await this.commands.execute(new ExpireExport({ exportId: row._id, at: now }, this.context('expire', row._id)));
    }
    if (due.length > 0) this.logger.log(`expired ${due.length} export file(s)`);
    return due.length;
  }
}
