import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { roleRuns, type AppConfig } from '../../config/config';
import type { ReadSide } from '../../event-sourcing/read-side';
import type { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';

const REFRESH_EVERY_MS = 5_000;

/**
 * Where a roll-up over a facts projection runs: where the projector runs. A process that also serves
 * the API (ROLE=all) sums the rows when a query asks, after the facts caught up with what was written
 * before it: reads see their own writes, and nothing changes the rows between requests. A projector
 * without the API (ROLE=projector) sums them on a timer for the API processes, whose rows are as fresh
 * as it made them.
 */
export abstract class RollupRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;

  protected constructor(
    private readonly config: AppConfig,
    private readonly readSide: ReadSide,
    private readonly freshness: ReadModelFreshness,
    private readonly rollup: { refresh(): Promise<unknown> },
    private readonly facts: string,
    name: string,
  ) {
    this.logger = new Logger(name);
  }

  onApplicationBootstrap(): void {
    if (roleRuns(this.config.role).api) return;
    this.timer = setInterval(() => {
      if (this.readSide.projector) this.rollup.refresh().catch((e: unknown) => this.logger.error({ err: e }, 'roll-up'));
    }, REFRESH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async fresh(): Promise<void> {
    if (!this.readSide.projector || !roleRuns(this.config.role).api) return;
    await this.freshness.caughtUp([this.facts]);
    await this.rollup.refresh();
  }
}
