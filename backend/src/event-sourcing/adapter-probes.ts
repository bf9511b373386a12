import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@kuaige/eventsourcing';
import type { ReadModelStore } from '@kuaige/projections';
import type { JobQueue } from '../jobs/job-queue.port';
import type { AdapterProbe, AdapterStatus } from '../platform/adapter-probe';
import { EVENT_STORE } from './aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from './event-sourcing.tokens';
import { ReadSide } from './read-side';

@Injectable()
export class EventStoreProbe implements AdapterProbe {
  readonly name = 'eventStore';
  readonly critical = true;
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async check(): Promise<AdapterStatus> {
    try {
      return { kind: this.store.kind, up: true, detail: { headPosition: await this.store.headPosition() } };
    } catch (e) {
      return { kind: this.store.kind, up: false, detail: { error: (e as Error).message } };
    }
  }
}

@Injectable()
export class ReadModelsProbe implements AdapterProbe {
  readonly name = 'readModels';
  readonly critical = true;
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly readSide: ReadSide,
  ) {}

  async check(): Promise<AdapterStatus> {
    try {
      await this.store.ping();
      const projections = (await this.readSide.projector?.status()) ?? [];
      const failed = projections.filter((p) => p.state === 'failed');
      return {
        kind: this.store.kind,
        up: failed.length === 0,
        detail: {
          projections: projections.length,
          maxLagEvents: projections.reduce((m, p) => Math.max(m, p.lagEvents), 0),
          maxLagMs: projections.reduce<number | null>((m, p) => (p.lagMs === null ? m : Math.max(m ?? 0, p.lagMs)), null),
          ...(failed.length ? { failed: failed.map((p) => `${p.name}: ${p.error ?? 'failed'}`) } : {}),
          ...(this.readSide.leased ? { projector: this.readSide.leased.active ? 'active' : 'standby' } : {}),
        },
      };
    } catch (e) {
      return { kind: this.store.kind, up: false, detail: { error: (e as Error).message } };
    }
  }
}

/**
 * Durable reactions: lag, and any reaction stuck retrying an event. Not critical — the API serves on
 * while a reaction waits — but never silent: /health and /ready show it degraded, naming the event.
 */
@Injectable()
export class ReactionsProbe implements AdapterProbe {
  readonly name = 'reactions';
  readonly critical = false;
  constructor(private readonly readSide: ReadSide) {}

  async check(): Promise<AdapterStatus> {
    const reactions = (await this.readSide.reactor?.status()) ?? [];
    const failing = reactions.filter((r) => r.failure || r.state === 'failed');
    return {
      kind: 'reactor',
      up: failing.length === 0,
      detail: {
        reactions: reactions.length,
        maxLagEvents: reactions.reduce((m, r) => Math.max(m, r.lagEvents), 0),
        ...(failing.length
          ? {
              failing: failing.map((r) =>
                r.failure ? `${r.name}: ${r.failure.error} (event ${r.failure.position}, ${r.failure.attempts} attempts)` : `${r.name}: ${r.error ?? 'failed'}`,
              ),
            }
          : {}),
      },
    };
  }
}

@Injectable()
export class JobsProbe implements AdapterProbe {
  readonly name = 'jobs';
  /** Jobs can wait a little: the API keeps serving while Redis is away. */
  readonly critical = false;
  constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}

  check(): Promise<AdapterStatus> {
    return this.jobs.health();
  }
}
