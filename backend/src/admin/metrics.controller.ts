import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { JOB_QUEUE } from '../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../event-sourcing/read-side';
import type { JobQueue } from '../jobs/job-queue.port';
import { AdminOnly } from './admin.guard';

const label = (value: string) => value.replace(/["\\\n]/g, '_');

/** Prometheus text exposition of the read side's lag, the log head and the job queue. */
@ApiTags('operations')
@ApiBearerAuth()
@AdminOnly()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly readSide: ReadSide,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Metrics in Prometheus text format (bearer: the admin token)' })
  async metrics(): Promise<string> {
    const lines: string[] = [];
    const metric = (name: string, help: string, type: 'gauge' | 'counter', samples: [Record<string, string>, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) {
        const text = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',');
        lines.push(`${name}${text ? `{${text}}` : ''} ${value}`);
      }
    };
    metric('kuaige_event_store_head_position', 'Global position of the newest event', 'gauge', [[{ store: this.events.kind }, await this.events.headPosition()]]);
    const projections = (await this.readSide.projector?.status()) ?? [];
    metric('kuaige_projection_position', 'Global position applied by each projection', 'gauge', projections.map((p) => [{ projection: p.name }, p.position]));
    metric('kuaige_projection_lag_events', 'Events between the log head and each projection', 'gauge', projections.map((p) => [{ projection: p.name }, p.lagEvents]));
    metric('kuaige_projection_lag_ms', 'Commit-to-write lag of the latest live batch', 'gauge', projections.filter((p) => p.lagMs !== null).map((p) => [{ projection: p.name }, p.lagMs ?? 0]));
    const lag = this.readSide.projector?.lagPercentiles();
    if (lag && lag.samples > 0) {
      metric('kuaige_projector_lag_ms', 'Commit-to-write lag of recent live events', 'gauge', [
        [{ quantile: '0.5' }, lag.p50],
        [{ quantile: '0.99' }, lag.p99],
      ]);
    }
    const reactions = (await this.readSide.reactor?.status()) ?? [];
    metric('kuaige_reaction_position', 'Global position each durable reaction has reacted to', 'gauge', reactions.map((r) => [{ reaction: r.name }, r.position]));
    metric('kuaige_reaction_lag_events', 'Events between the log head and each reaction', 'gauge', reactions.map((r) => [{ reaction: r.name }, r.lagEvents]));
    metric('kuaige_reaction_failing', 'Whether a reaction is stuck retrying an event (1) or not (0)', 'gauge', reactions.map((r) => [{ reaction: r.name }, r.failure || r.state === 'failed' ? 1 : 0]));
    metric('kuaige_reaction_failed_attempts', 'Attempts so far at the event a reaction is stuck on', 'gauge', reactions.map((r) => [{ reaction: r.name }, r.failure?.attempts ?? 0]));
    metric('kuaige_reaction_commands_total', 'Commands dispatched by each reaction since start', 'counter', reactions.map((r) => [{ reaction: r.name }, r.dispatched]));
    metric('kuaige_reaction_duplicate_commands_total', 'Dispatches the command side recognised as already handled', 'counter', reactions.map((r) => [{ reaction: r.name }, r.duplicates]));
    if (this.readSide.leased) {
      metric('kuaige_projector_lease_active', 'Whether this process holds the read-side lease (1) or stands by (0)', 'gauge', [[{}, this.readSide.leased.active ? 1 : 0]]);
    }
    const jobs = await this.jobs.health();
    metric('kuaige_jobs', 'Jobs by state', 'gauge', (['waiting', 'delayed', 'active', 'completed', 'failed'] as const).map((state) => [{ state, queue: jobs.kind }, jobs.detail[state]]));
    metric('kuaige_process_uptime_seconds', 'Seconds since the process started', 'gauge', [[{}, Math.round(process.uptime())]]);
    metric('kuaige_process_resident_memory_bytes', 'Resident memory of the process', 'gauge', [[{}, process.memoryUsage().rss]]);
    return `${lines.join('\n')}\n`;
  }
}
