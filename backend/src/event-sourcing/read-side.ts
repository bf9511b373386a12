import { join } from 'node:path';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, Upcasters } from '@kuaige/domain';
import { Projector, Reactor, ReadModelCheckpointStore, type Dispatch, type Projection, type Reaction, type ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../config/config.module';
import { roleRuns, type AppConfig } from '../config/config';
import { Readiness } from '../platform/readiness';
import { EVENT_STORE, UPCASTERS } from './aggregate-streams';
import { PROJECTIONS, REACTION_DISPATCH, REACTIONS, READ_MODEL_STORE } from './event-sourcing.tokens';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { IDENTITY_PROJECTIONS } from '../identity/read-models/identity.projections';

/** The projections and reactions this build runs; feature modules add theirs here. */
export const PRODUCT_PROJECTIONS: readonly Projection[] = [...IDENTITY_PROJECTIONS];
export const PRODUCT_REACTIONS: readonly Reaction[] = [];

/**
 * Runs the read side in the roles that own it: the projector (read models) and the reactor (durable
 * reactions). In the embedded default the read models live in memory and are rebuilt at start-up;
 * /ready says so until they have caught up.
 */
@Injectable()
export class ReadSide implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadSide');
  projector: Projector | null = null;
  reactor: Reactor | null = null;
  private checkpoints: SqliteCheckpointStore | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
    @Inject(REACTIONS) private readonly reactions: readonly Reaction[],
    @Inject(REACTION_DISPATCH) private readonly dispatch: Dispatch,
    private readonly readiness: Readiness,
    @Optional() @Inject(UPCASTERS) private readonly upcasters?: Upcasters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!roleRuns(this.config.role).projector) return;
    const done = this.readiness.begin('read-models', 'projecting read models up to the head of the event log');
    this.projector = new Projector({
      events: this.events,
      store: this.store,
      projections: this.projections,
      ...(this.upcasters ? { upcasters: this.upcasters } : {}),
      onError: (e) => this.logger.error({ err: e }, 'projector stopped'),
    });
    await this.projector.start();
    void this.projector.caughtUp.then(done);
    const checkpoints = this.config.mongoUrl
      ? new ReadModelCheckpointStore(this.store)
      : (this.checkpoints = new SqliteCheckpointStore(join(this.config.dataDir, 'checkpoints.sqlite')));
    this.reactor = new Reactor({
      events: this.events,
      reactions: this.reactions,
      checkpoints,
      dispatch: this.dispatch,
      onError: (e) => this.logger.error({ err: e }, 'reactor stopped'),
    });
    await this.reactor.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reactor?.stop().catch(() => undefined);
    await this.projector?.stop().catch(() => undefined);
    this.checkpoints?.close();
  }
}
