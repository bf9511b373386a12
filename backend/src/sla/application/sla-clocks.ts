import { Inject, Injectable } from '@nestjs/common';
import { pendingChecks, slaClock, slaScope, slaStream, type Decider, type SlaCommand, type SlaEvent, type SlaState } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { JOB_QUEUE } from '../../event-sourcing/event-sourcing.tokens';
import { defineJob, type JobQueue } from '../../jobs/job-queue.port';
import type { SlaSettings } from '../sla.config';

export const SLA_SETTINGS = Symbol('SLA_SETTINGS');

/** A delayed job per instant at which a clock has something to decide. */
export interface SlaDeadlineJob {
  readonly workOrderId: string;
  readonly dueAt: string;
}
export const SLA_DEADLINE_JOB = defineJob<SlaDeadlineJob>('sla.deadline', { attempts: 8, backoff: { type: 'exponential', delayMs: 1000 } });

/**
 * Instants further ahead than this are not queued yet: the hourly sweep queues them as they come near,
 * so the queue (in memory, in the embedded default) holds only the next hours' checks, not a million
 * orders' every deadline.
 */
export const SLA_SCHEDULE_HORIZON_MS = 6 * 3_600_000;
/** How often the sweep looks for instants coming within the horizon; well inside it, so none is late. */
export const SLA_SWEEP_EVERY_MS = 3_600_000;

/** The periodic sweep, as a repeating job (one schedule whichever process upserts it). */
export const SLA_SWEEP_JOB = defineJob<Record<string, never>>('sla.sweep', { attempts: 3, backoff: { type: 'exponential', delayMs: 5000 } });

/** Same clock and instant, same job: scheduling again (replays, the start-up sweep) adds nothing. */
export const slaDeadlineJobId = (workOrderId: string, dueAt: string): string => `sla-${digestUuid('sla.deadline', workOrderId, dueAt)}`;

/** Who the platform's own SLA commands are recorded as. */
export const SLA_SYSTEM_ACTOR = { userId: 'system:sla' } as const;

type Context = Omit<CommandContext, 'tenantIds' | 'jurisdiction'>;

/**
 * The SLA clocks' command side: every command goes through AggregateStreams on `Sla-<workOrderId>`
 * (deduplicated on its command id), and afterwards every instant at which the clock has something
 * left to decide gets its delayed job — also when the command was a duplicate, so that a replay after
 * a crash between the append and the scheduling schedules what the first attempt could not.
 */
@Injectable()
export class SlaClocks {
  readonly decider: Decider<SlaCommand, SlaEvent, SlaState>;

  constructor(
    private readonly streams: AggregateStreams,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(SLA_SETTINGS) settings: SlaSettings,
  ) {
    this.decider = slaClock(settings.policy);
  }

  async handle(command: SlaCommand, context: Context): Promise<CommandResult<SlaEvent, SlaState>> {
    const streamId = slaStream(command.data.workOrderId);
    // The events' metadata carries the order's tenants and jurisdiction, as the order's own do.
    const known = command.type === 'StartSla' ? null : (await this.streams.load(streamId, this.decider)).state;
    const scope = known
      ? slaScope(known.requesterId ?? '', known.manufacturerId, known.providerId, known.regions, known.ownerId)
      : command.type === 'StartSla'
        ? slaScope(command.data.requesterId, command.data.manufacturerId, null, command.data.jurisdiction, command.data.ownerId ?? null)
        : { tenants: [], regions: [] };
    const result = await this.streams.handle(streamId, command, this.decider, { ...context, tenantIds: scope.tenants.filter(Boolean), jurisdiction: scope.regions });
    await this.schedule(command.data.workOrderId, pendingChecks(result.state));
    return result;
  }

  /** Enqueues the deadline job of each instant within the horizon (at once when it has passed). */
  async schedule(workOrderId: string, instants: readonly string[]): Promise<void> {
    const now = Date.now();
    for (const dueAt of instants) {
      if (Date.parse(dueAt) > now + SLA_SCHEDULE_HORIZON_MS) break; // sorted: the rest are further still
      await this.jobs.enqueue(SLA_DEADLINE_JOB, { workOrderId, dueAt }, { jobId: slaDeadlineJobId(workOrderId, dueAt), delayMs: Math.max(0, Date.parse(dueAt) - now) });
    }
  }
}
