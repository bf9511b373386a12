import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { slaStream, type SlaCommand } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type Dispatch, type Filter, type ReadModelCollection, type ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { ReadSide } from '../../event-sourcing/read-side';
import type { JobQueue } from '../../jobs/job-queue.port';
import { SLA_CLOCKS_COLLECTION, type SlaClockRow } from '../read-models/sla.projections';
import { EscalationTargets } from './escalation-targets';
import { SLA_DEADLINE_JOB, SLA_SCHEDULE_HORIZON_MS, SLA_SWEEP_EVERY_MS, SLA_SWEEP_JOB, SLA_SYSTEM_ACTOR, SlaClocks } from './sla-clocks';
import { slaFromWorkOrders } from './sla-from-work-orders';

const SWEEP_PAGE = 500;

/** The open clocks with a check due by `until`, in (nextCheckAt, _id) order, a page at a time. */
export async function* clocksDueBy(clocks: ReadModelCollection<SlaClockRow>, until: string, pageSize = SWEEP_PAGE): AsyncGenerator<SlaClockRow> {
  let after: SlaClockRow | null = null;
  for (;;) {
    const from: Filter = after ? { $or: [{ nextCheckAt: { $gt: after.nextCheckAt } }, { nextCheckAt: after.nextCheckAt, _id: { $gt: after._id } }] } : {};
    const page = await clocks.find({ $and: [{ nextCheckAt: { $lte: until } }, from, visibleRows] }, { sort: { nextCheckAt: 1, _id: 1 }, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

/**
 * Wires the clocks to time: registers the work-order reaction with the SLA commands it issues, runs
 * the deadline jobs (each issues CheckSlaDeadline under a command id derived from the job id, so a job
 * run twice decides once), and sweeps `sla_clocks` for the pending instants due within the horizon: at
 * start-up — in-process jobs die with the process — and every hour after. The sweep's job ids are the
 * ones the clocks scheduled, so on BullMQ it adds nothing that is still queued.
 */
@Injectable()
export class SlaDeadlines implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SlaDeadlines');
  private closing = false;
  /** Settles once the start-up sweep has scheduled every open clock (or this role does not sweep). */
  swept: Promise<number> = Promise.resolve(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly registry: ReactionRegistry,
    private readonly readSide: ReadSide,
    private readonly streams: AggregateStreams,
    private readonly clocks: SlaClocks,
    private readonly escalation: EscalationTargets,
  ) {}

  onModuleInit(): void {
    const onClock: Dispatch = (command, context) => this.clocks.handle(command as unknown as SlaCommand, { ...context, actor: SLA_SYSTEM_ACTOR });
    this.registry.add(slaFromWorkOrders, {
      StartSla: onClock,
      ChangeSlaProvider: onClock,
      ChangeSlaPriority: onClock,
      MeetSlaTarget: onClock,
      PauseSla: onClock,
      ResumeSla: onClock,
      StopSla: onClock,
    });
    this.jobs.register(
      SLA_DEADLINE_JOB,
      async (job) => {
        const { workOrderId, dueAt } = job.data;
        const { state } = await this.streams.load(slaStream(workOrderId), this.clocks.decider);
        const escalateTo = await this.escalation.above(state.regions);
        // The job exists because `dueAt` has come; a timer that fires a little early must not miss it.
        const at = new Date(Math.max(Date.now(), Date.parse(dueAt))).toISOString();
        await this.clocks.handle({ type: 'CheckSlaDeadline', data: { workOrderId, escalateTo, at } }, { commandId: digestUuid('sla.check', job.id), actor: SLA_SYSTEM_ACTOR });
      },
      { concurrency: 4 },
    );
    this.jobs.register(SLA_SWEEP_JOB, async () => {
      await this.sweep();
    });
  }

  onApplicationBootstrap(): void {
    if (!roleRuns(this.config.role).worker) return;
    this.swept = this.sweepWhenCaughtUp().catch((e: Error) => {
      this.logger.error({ err: e }, 'SLA start-up sweep failed');
      return 0;
    });
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  // The clocks' rows must reflect the whole log first: in the embedded default they are rebuilt at start.
  private async sweepWhenCaughtUp(): Promise<number> {
    if (roleRuns(this.config.role).projector) {
      while (!this.readSide.projector) {
        if (this.closing) return 0;
        await new Promise((r) => setTimeout(r, 100));
      }
      await this.readSide.projector.caughtUp;
    }
    const count = await this.sweep();
    if (!this.closing) await this.jobs.schedule(SLA_SWEEP_JOB, 'sla-sweep', { repeat: { every: SLA_SWEEP_EVERY_MS }, data: {} });
    return count;
  }

  /**
   * Queues the pending instants of every open clock with a check due within the horizon; returns how
   * many clocks it looked at. Pages go by (nextCheckAt, _id), the index the clocks are kept under.
   */
  async sweep(): Promise<number> {
    const clocks = this.store.collection<SlaClockRow>(SLA_CLOCKS_COLLECTION);
    let count = 0;
    for await (const row of clocksDueBy(clocks, new Date(Date.now() + SLA_SCHEDULE_HORIZON_MS).toISOString())) {
      await this.clocks.schedule(row._id, row.pendingChecks);
      count++;
      if (this.closing) break;
    }
    if (count > 0) this.logger.log(`re-scheduled the deadlines of ${count} open SLA clock(s)`);
    return count;
  }
}
