import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { chinaDateOf, cronOfReportSchedule, report, REPORT_SCHEDULE_TIME_ZONE, reportStream, type Report, type ReportParty } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { PermanentJobError } from '../../jobs/job-queue.errors';
import { defineJob, type JobContext, type JobQueue } from '../../jobs/job-queue.port';
import { ActorDirectory, type Actor } from '../../tenancy/api/authorization';
import { REPORTS_COLLECTION, type ReportRow } from '../read-models/reports.projections';
import { RecordReportRun } from './report-run.command';
import { ReportTables } from './report-tables';

// ---- Scheduled reports: one job schedule per report, one run per person and due time ------------------
// The job queue fires each due time of a report's cron pattern (Asia/Shanghai) as a job with id
// `repeat:<schedule>:<due ms>` (both adapters, jobs/README.md). The run for each person (the owner and
// the recipients) is recorded under an id derived from report, due time and person, so a due time that
// fires again — a retry, a restarted queue re-installing the schedule, a second worker — records and
// notifies nothing twice. Each person's table is computed in their own scope, as if they ran it.
// Schedules live in the queue; at start-up they are set again from the reports read model (the
// in-process queue keeps nothing across a restart; BullMQ's upsert by id changes nothing).

export interface ReportRunJob {
  readonly reportId: string;
  /** The due instant, for a run asked for by hand; a scheduled job carries it in its id. */
  readonly dueAt?: string;
}
export const REPORT_RUNS = defineJob<ReportRunJob, { readonly recorded: number; readonly skipped: number }>('reports.run', {
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 30_000 },
});

export const reportScheduleId = (reportId: string): string => `report-${reportId}`;
export const reportRunIdOf = (reportId: string, dueAt: string, userId: string): string => digestUuid('report-run', reportId, dueAt, userId);

const SCHEDULED_JOB = /^repeat:.+:(\d+)$/;

/** The due instant of a run job: from a scheduled job's id, else the one asked for. */
export const dueAtOf = (job: Pick<JobContext<ReportRunJob>, 'id' | 'data'>): string | null => {
  const scheduled = SCHEDULED_JOB.exec(job.id);
  if (scheduled) return new Date(Number(scheduled[1])).toISOString();
  return job.data.dueAt && Number.isFinite(Date.parse(job.data.dueAt)) ? new Date(job.data.dueAt).toISOString() : null;
};

@Injectable()
export class ReportSchedules {
  private readonly logger = new Logger('ReportSchedules');

  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
    private readonly freshness: ReadModelFreshness,
    private readonly actors: ActorDirectory,
    private readonly tables: ReportTables,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  /** Installs the run handler and sets every scheduled report's schedule again. */
  async install(): Promise<void> {
    this.jobs.register(REPORT_RUNS, (job) => this.run(job));
    await this.reinstall();
  }

  /** Sets the schedules of every scheduled report from the read model (after a restart of the queue). */
  async reinstall(): Promise<number> {
    await this.freshness.caughtUp([REPORTS_COLLECTION]);
    const rows = await this.store.collection<ReportRow>(REPORTS_COLLECTION).find({ $and: [visibleRows, { schedule: { $ne: null } }] }, { projection: { _id: 1 } });
    for (const r of rows) await this.follow((await this.streams.load(reportStream(r._id), report)).state);
    return rows.length;
  }

  /** Sets the report's job schedule to what its state says: its cron pattern, or none. */
  async follow(state: Report): Promise<void> {
    if (state.status === 'none') return;
    const id = reportScheduleId(state.reportId);
    if (state.status === 'saved' && state.schedule) {
      await this.jobs.schedule(REPORT_RUNS, id, { repeat: { pattern: cronOfReportSchedule(state.schedule), tz: REPORT_SCHEDULE_TIME_ZONE }, data: { reportId: state.reportId } });
    } else {
      await this.jobs.unschedule(REPORT_RUNS, id);
    }
  }

  /** Records the due run of a report for its owner and each recipient, each in their own scope. */
  async run(job: Pick<JobContext<ReportRunJob>, 'id' | 'data'>): Promise<{ recorded: number; skipped: number }> {
    const dueAt = dueAtOf(job);
    if (dueAt === null) throw new PermanentJobError(`report run ${job.id} names no due time`);
    const { state } = await this.streams.load(reportStream(job.data.reportId), report);
    if (state.status !== 'saved' || state.schedule === null) return { recorded: 0, skipped: 0 };
    let recorded = 0;
    let skipped = 0;
    const ranAt = this.clock.now();
    for (const userId of [...new Set([state.ownerId, ...state.recipients])]) {
      const actor = await this.actorOf(userId, state.party);
      if (actor === null) {
        skipped++;
        continue;
      }
      const table = await this.tables.table(actor, state.definition, chinaDateOf(dueAt));
      const runId = reportRunIdOf(state.reportId, dueAt, userId);
      const outcome = await this.commands.execute(
        new RecordReportRun({ runId, reportId: state.reportId, reportName: state.definition.name, dueAt, ranAt: ranAt.toISOString(), forUserId: userId, table }, state.party, {
          commandId: `report-run:${runId}`,
          actor: { userId: 'system:report-schedules' },
          tenantIds: [],
          jurisdiction: [],
          at: ranAt,
        }),
      );
      if (outcome.events.length > 0 && !outcome.duplicate) recorded++;
    }
    if (recorded > 0) this.logger.log({ reportId: state.reportId, dueAt, recorded }, 'scheduled report ran');
    return { recorded, skipped };
  }

  /** The person acting for the report's party, or null when they no longer may read reports there. */
  private async actorOf(userId: string, party: ReportParty): Promise<Actor | null> {
    try {
      const actor = await this.actors.actorOf({ userId, sessionId: 'report-schedule', ip: '', userAgent: 'report-schedule', steppedUpUntil: null, context: { kind: party.kind, id: party.id } });
      return actor.ability.can('read', 'Report') ? actor : null;
    } catch {
      return null;
    }
  }
}
