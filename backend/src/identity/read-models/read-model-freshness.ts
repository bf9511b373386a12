import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { ReadSide } from '../../event-sourcing/read-side';

const MAX_WAIT_MS = 2_000;

/**
 * Read-your-writes for a person's own lists (sessions, sign-in log): waits, briefly, until the
 * projections in this process have applied everything written before the query. Where another
 * process projects (ROLE=api), the lists are eventually consistent.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    private readonly readSide: ReadSide,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async caughtUp(projections: readonly string[]): Promise<void> {
    if (this.readSide.projector === null) return;
    await this.reached(projections, await this.events.headPosition());
  }

  /**
   * Read-your-writes bounded by what the reader needs: waits, as briefly, until the projections have
   * applied the log up to `position` (the position of the reader's own writes, or of the last event
   * a row derives from), not up to the head other writers keep moving.
   */
  async reached(projections: readonly string[], position: number): Promise<void> {
    const projector = this.readSide.projector;
    if (projector === null || position < 0) return;
    await projector.whenReached(projections, position, MAX_WAIT_MS);
  }
}
