import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@kuaige/eventsourcing';
import { openReadModelStore, type Dispatch, type ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../config/config.module';
import { roleRuns, type AppConfig } from '../config/config';
import { openEventStore } from '../event-store/event-store.factory';
import { loadOrCreateKeyring } from '../identity/crypto/keyring';
import { openJobQueue } from '../jobs/job-queue.factory';
import type { JobQueue } from '../jobs/job-queue.port';
import { ADAPTER_PROBES, type AdapterProbe } from '../platform/adapter-probe';
import { StorageProbe } from '../platform/storage.probe';
import { EventStoreProbe, JobsProbe, ReactionsProbe, ReadModelsProbe } from './adapter-probes';
import { AggregateStreams, EVENT_STORE } from './aggregate-streams';
import { ClientCommandPipe, REQUEST_DIGEST_KEY } from './client-command';
import { JOB_QUEUE, PROJECTIONS, REACTION_DISPATCH, REACTIONS, READ_MODEL_STORE } from './event-sourcing.tokens';
import { PRODUCT_PROJECTIONS, ReadSide } from './read-side';
import { ReactionRegistry } from './reaction-registry';

/** Starts the job workers in the roles that run them; closes the adapters last, after every module. */
@Injectable()
class AdapterLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (roleRuns(this.config.role).worker) await this.jobs.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close({ timeoutMs: 10_000 }).catch(() => undefined);
    await this.store.close().catch(() => undefined);
    await this.events.close().catch(() => undefined);
  }
}

@Global()
@Module({
  // The command and query buses of every module; handlers register themselves with @CommandHandler.
  imports: [CqrsModule.forRoot()],
  providers: [
    { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => openEventStore({ eventStoreUrl: c.eventStoreUrl, dataDir: c.dataDir }) },
    { provide: READ_MODEL_STORE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => openReadModelStore({ mongoUrl: c.mongoUrl, mongoDb: c.mongoDb }) },
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        const logger = new Logger('Jobs');
        return openJobQueue({ redisUrl: c.redisUrl, prefix: 'kuaige', onError: (e: Error) => logger.error({ err: e }, 'job queue error') });
      },
    },
    { provide: PROJECTIONS, useValue: PRODUCT_PROJECTIONS },
    ReactionRegistry,
    // Filled by feature modules at init (ReactionRegistry.add), read by the reactor at bootstrap.
    { provide: REACTIONS, inject: [ReactionRegistry], useFactory: (r: ReactionRegistry) => r.reactions },
    // Reactions dispatch through AggregateStreams.handle (its CommandResult is the receipt) so that the
    // command side deduplicates on the derived command id; see docs/adr/0006.
    { provide: REACTION_DISPATCH, inject: [ReactionRegistry], useFactory: (r: ReactionRegistry): Dispatch => r.dispatch },
    AggregateStreams,
    // Derived from the field keyring, so every process and role digests a request alike.
    { provide: REQUEST_DIGEST_KEY, inject: [APP_CONFIG], useFactory: (c: AppConfig) => loadOrCreateKeyring(c.dataDir, process.env).macKey('idempotency/request-digest') },
    ClientCommandPipe,
    ReadSide,
    AdapterLifecycle,
    EventStoreProbe,
    ReadModelsProbe,
    ReactionsProbe,
    JobsProbe,
    {
      provide: ADAPTER_PROBES,
      inject: [StorageProbe, EventStoreProbe, ReadModelsProbe, ReactionsProbe, JobsProbe],
      useFactory: (...probes: AdapterProbe[]) => probes,
    },
  ],
  exports: [EVENT_STORE, READ_MODEL_STORE, JOB_QUEUE, AggregateStreams, REQUEST_DIGEST_KEY, ClientCommandPipe, ReadSide, ReactionRegistry, ADAPTER_PROBES],
})
export class EventSourcingModule {}
