import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { ReadSide } from '../../event-sourcing/read-side';

const MAX_WAIT_MS = 2_000;
const POLL_MS = 10;

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
    const projector = this.readSide.projector;
    if (projector === null) return;
    const head = await this.events.headPosition();
    const deadline = Date.now() + MAX_WAIT_MS;
    while (Date.now() < deadline) {
      const status = await projector.status();
      if (status.filter((s) => projections.includes(s.name)).every((s) => s.position >= head)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
