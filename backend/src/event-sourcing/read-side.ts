import { join } from 'node:path';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, Upcasters } from '@kuaige/eventsourcing';
import {
  EmbeddedReadModelStore,
  Lease,
  LEASES,
  LeasedWork,
  LeaseLostError,
  Projector,
  Reactor,
  ReadModelCheckpointStore,
  type CheckpointStore,
  type Dispatch,
  type Projection,
  type Reaction,
  type ReadModelStore,
  loadStoreSnapshot,
  saveStoreSnapshot,
} from '@kuaige/projections';
import { APP_CONFIG } from '../config/config.module';
import { roleRuns, type AppConfig } from '../config/config';
import { Readiness } from '../platform/readiness';
import { EVENT_STORE, UPCASTERS } from './aggregate-streams';
import { PROJECTIONS, REACTION_DISPATCH, REACTIONS, READ_MODEL_STORE } from './event-sourcing.tokens';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { IDENTITY_PROJECTIONS } from '../identity/read-models/identity.projections';
import { TENANCY_PROJECTIONS } from '../tenancy/read-models/tenancy.projections';
import { operatorStaffProjection } from '../tenancy/read-models/operator-staff.projection';
import { CERTIFICATION_PROJECTIONS } from '../certification/read-models/certification.projections';
import { DEVICES_PROJECTIONS } from '../devices/read-models/devices.projections';
import { WORK_ORDERS_PROJECTIONS } from '../work-orders/read-models/work-orders.projections';
import { SLA_PROJECTIONS } from '../sla/read-models/sla.projections';
import { DISPATCH_PROJECTIONS } from '../dispatch/read-models/dispatch.projections';
import { EXPERT_HELP_PROJECTIONS } from '../expert-help/read-models/expert-help.projections';
import { NOTIFICATIONS_PROJECTIONS } from '../notifications/read-models/notifications.projections';
import { KNOWLEDGE_PROJECTIONS } from '../knowledge/read-models/knowledge.projections';
import { COMMENTS_PROJECTIONS } from '../comments/read-models/comments.projections';
import { APPOINTMENTS_PROJECTIONS } from '../appointments/read-models/appointments.projections';
import { RETURN_VISITS_PROJECTIONS } from '../return-visits/read-models/return-visits.projections';
import { INVENTORY_PROJECTIONS } from '../inventory/read-models/inventory.projections';
import { PURCHASING_PROJECTIONS } from '../purchasing/read-models/purchasing.projections';
import { workOrderPartsProjection } from '../inventory/read-models/work-order-parts.projections';
import { STOCK_TAKE_PROJECTIONS } from '../inventory/stock-take/stock-take.projection';
import { EVALUATIONS_PROJECTIONS } from '../evaluations/read-models/evaluations.projections';
import { EXPERT_PAYOUTS_PROJECTIONS } from '../expert-payouts/read-models/expert-payouts.projections';
import { auditEntriesProjection } from '../audit/trail/read-models/audit-entries.projection';
import { SETTLEMENTS_PROJECTIONS } from '../settlements/read-models/settlements.projections';
import { ANALYTICS_PROJECTIONS } from '../analytics/read-models/analytics-facts.projection';
import { ANALYTICS_COST_PROJECTIONS } from '../analytics/read-models/analytics-cost-facts.projection';
import { EXPORTS_PROJECTIONS } from '../exports/read-models/exports.projection';
import { REPORTS_PROJECTIONS } from '../reports/read-models/reports.projections';

/** The projections and reactions this build runs; feature modules add theirs here. */
export const PRODUCT_PROJECTIONS: readonly Projection[] = [
  ...IDENTITY_PROJECTIONS,
  ...TENANCY_PROJECTIONS,
  operatorStaffProjection,
  ...CERTIFICATION_PROJECTIONS,
  ...DEVICES_PROJECTIONS,
  ...WORK_ORDERS_PROJECTIONS,
  ...SLA_PROJECTIONS,
  ...DISPATCH_PROJECTIONS,
  ...EXPERT_HELP_PROJECTIONS,
  ...NOTIFICATIONS_PROJECTIONS,
  ...KNOWLEDGE_PROJECTIONS,
  ...COMMENTS_PROJECTIONS,
  ...APPOINTMENTS_PROJECTIONS,
  ...RETURN_VISITS_PROJECTIONS,
  ...INVENTORY_PROJECTIONS,
  ...PURCHASING_PROJECTIONS,
  workOrderPartsProjection,
  ...STOCK_TAKE_PROJECTIONS,
  ...EVALUATIONS_PROJECTIONS,
  ...EXPERT_PAYOUTS_PROJECTIONS,
  auditEntriesProjection,
  ...SETTLEMENTS_PROJECTIONS,
  ...ANALYTICS_PROJECTIONS,
  ...ANALYTICS_COST_PROJECTIONS,
  ...EXPORTS_PROJECTIONS,
  ...REPORTS_PROJECTIONS,
];
export const PRODUCT_REACTIONS: readonly Reaction[] = [];

/** Where the embedded store's snapshot lives, under the data directory. */
export const READ_MODEL_SNAPSHOT_DIR = 'read-models';

/** The lease that makes one projector process at a time run this build's projections and reactions. */
export const READ_SIDE_LEASE = 'projector:read-side';

/**
 * Runs the read side in the roles that own it: the projector (read models) and the reactor (durable
 * reactions). In the embedded default the read models live in memory: they are loaded from the
 * snapshot the last orderly shutdown saved (rows, indexes and projection checkpoints, ADR 0016) and
 * caught up from the event log, or rebuilt from it when there is none; /ready says so until they have
 * caught up. Of several projector processes on one store only the
 * holder of the lease runs them (the runner's row cache assumes one writer); the others stand by.
 */
@Injectable()
export class ReadSide implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadSide');
  projector: Projector | null = null;
  reactor: Reactor | null = null;
  /** Null in roles that do not project. */
  leased: LeasedWork | null = null;
  private checkpoints: CheckpointStore | null = null;
  private sqliteCheckpoints: SqliteCheckpointStore | null = null;
  private releaseReadiness: (() => void) | null = null;
  /** Whether this process projected into the embedded store, so its state is worth a snapshot. */
  private projectedEmbedded = false;

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
    const lease = new Lease({ store: this.store, name: READ_SIDE_LEASE });
    this.leased = new LeasedWork({
      lease,
      start: () => this.startWork(lease),
      stop: () => this.stopWork(),
      onError: (e) => this.logger.error({ err: e }, 'read-side lease'),
    });
    await this.leased.begin();
    if (!this.leased.active) this.logger.log(`standing by: another process holds the ${READ_SIDE_LEASE} lease`);
  }

  private async startWork(lease: Lease): Promise<void> {
    const done = this.readiness.begin('read-models', 'projecting read models up to the head of the event log');
    this.releaseReadiness = done;
    // Once per process: after a lease was lost and won back, the collections in memory are newer.
    if (this.store instanceof EmbeddedReadModelStore && !this.projectedEmbedded) {
      await this.loadSnapshot(this.store);
      this.projectedEmbedded = true;
    }
    this.projector = new Projector({
      events: this.events,
      store: this.store,
      projections: this.projections,
      ...(this.upcasters ? { upcasters: this.upcasters } : {}),
      fence: () => lease.held,
      onError: (e) => {
        this.logger.error({ err: e }, 'projector stopped');
        if (e instanceof LeaseLostError) void this.leased?.stepDown();
      },
    });
    await this.projector.start();
    void this.projector.caughtUp.then(done);
    this.checkpoints ??= this.config.mongoUrl
      ? new ReadModelCheckpointStore(this.store)
      : (this.sqliteCheckpoints = new SqliteCheckpointStore(join(this.config.dataDir, 'checkpoints.sqlite')));
    this.reactor = new Reactor({
      events: this.events,
      reactions: this.reactions,
      checkpoints: this.checkpoints,
      dispatch: this.dispatch,
      ...(this.upcasters ? { upcasters: this.upcasters } : {}),
      onError: (e) => this.logger.error({ err: e }, 'reactor stopped'),
    });
    await this.reactor.start();
  }

  /** The lease is lost or given up: another process projects now; this one must not write. */
  private async stopWork(): Promise<void> {
    await this.reactor?.stop().catch(() => undefined);
    await this.projector?.stop().catch(() => undefined);
    this.reactor = null;
    this.projector = null;
    this.releaseReadiness?.();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leased?.stop().catch(() => undefined);
    this.sqliteCheckpoints?.close();
    // After the projector stopped, so every row it held in memory and its checkpoint are written.
    if (this.projectedEmbedded && this.store instanceof EmbeddedReadModelStore) {
      const started = performance.now();
      await saveStoreSnapshot(this.store, join(this.config.dataDir, READ_MODEL_SNAPSHOT_DIR), [LEASES]).then(
        (counts) => this.logger.log(`read-model snapshot saved: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Math.round(performance.now() - started)} ms`),
        (e: unknown) => this.logger.warn({ err: e }, 'read-model snapshot not saved'),
      );
    }
  }

  // A snapshot that cannot be read is dropped with what it loaded: the projector then rebuilds.
  private async loadSnapshot(store: EmbeddedReadModelStore): Promise<void> {
    const started = performance.now();
    try {
      const counts = await loadStoreSnapshot(store, join(this.config.dataDir, READ_MODEL_SNAPSHOT_DIR));
      if (counts) this.logger.log(`read models loaded from the snapshot: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Math.round(performance.now() - started)} ms`);
    } catch (e) {
      this.logger.warn({ err: e }, 'read-model snapshot unreadable; rebuilding from the event log');
      for (const name of await store.listCollections()) if (name !== LEASES) await store.collection(name).drop();
    }
  }
}
