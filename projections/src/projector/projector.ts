import type { EventStore, RecordedEvent, Subscription, Upcasters } from '@kuaige/eventsourcing';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../store/read-model-store.port';
import { LagRecorder } from './lag-recorder';
import { ProjectionRunner } from './projection-runner';

/** What the projector needs of the event store. */
export type EventSource = Pick<EventStore, 'subscribeToAll' | 'readAll' | 'headPosition'>;

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly collection: string;
  readonly state: ProjectionState;
  readonly position: number;
  readonly headPosition: number;
  readonly lagEvents: number;
  /** Time from an event's commit to its rows being written, for the latest batch applied live. */
  readonly lagMs: number | null;
  /** Position reached by a rebuild in progress. */
  readonly rebuildPosition?: number;
  readonly error?: string;
}

export interface ProjectorOptions {
  readonly events: EventSource;
  readonly store: ReadModelStore;
  readonly projections: readonly Projection[];
  /** Events applied per write batch (rows are written with one bulk write per batch). */
  readonly batchSize?: number;
  /** Called when the projector stops on an error (it does not restart by itself). */
  readonly onError?: (error: Error) => void;
  /** Maps old event versions to the current shape before handlers see them. */
  readonly upcasters?: Upcasters;
  /** While catching up, rows changed in memory before they are written with a checkpoint. */
  readonly deferredRows?: number;
  /**
   * Whether this process may still write: it holds the projection group's lease (see lease.ts).
   * Checked before every write batch; when it says no, the projector fails with LeaseLostError.
   */
  readonly fence?: () => boolean;
}

/**
 * Runs a group of projections from one subscription to the event log, each from its own checkpoint;
 * rebuilds one projection into a fresh collection and switches it in when caught up (blue-green).
 */
export class Projector {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly paused = new Set<string>();
  private readonly rebuilding = new Map<string, number>();
  private readonly lag = new LagRecorder();
  private pending: RecordedEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private idleFlush: NodeJS.Immediate | null = null;
  private subscription: Subscription | null = null;
  private state: ProjectionState = 'starting';
  private failure: Error | null = null;
  private head = 0;
  private lastLagMs: number | null = null;
  private readonly waiters = new Set<Waiter>();
  private markLive!: () => void;
  /** Resolves once every projection has caught up with the log as it was at start. */
  readonly caughtUp: Promise<void> = new Promise((resolve) => (this.markLive = resolve));

  constructor(private readonly options: ProjectorOptions) {
    const names = new Set<string>();
    for (const p of options.projections) {
      if (names.has(p.name)) throw new Error(`two projections are named ${p.name}`);
      names.add(p.name);
    }
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  /** Loads checkpoints, creates indexes, subscribes; projections whose version changed are rebuilt. */
  async start(): Promise<void> {
    const outdated: string[] = [];
    // A collection built from the first event gets its indexes once it has caught up: one bulk index
    // build is far cheaper than keeping indexes current through the whole replay.
    const unindexed: ProjectionRunner[] = [];
    for (const projection of this.options.projections) {
      const runner = new ProjectionRunner(this.options.store, projection, projection.collection, projection.name, this.options.deferredRows);
      const checkpoint = await runner.load();
      if (checkpoint) await runner.prepare();
      else unindexed.push(runner);
      this.runners.set(projection.name, runner);
      if (checkpoint && checkpoint.version !== projection.version) {
        this.paused.add(projection.name);
        outdated.push(projection.name);
      }
    }
    const active = [...this.runners.values()].filter((r) => !this.paused.has(r.projection.name));
    const from = active.length ? Math.min(...active.map((r) => r.position)) : await this.options.events.headPosition();
    this.head = await this.options.events.headPosition();
    this.state = 'catching-up';
    this.subscription = this.options.events.subscribeToAll((event) => this.onEvent(event), {
      after: from,
      onLive: () => {
        this.flush()
          .then(() => this.flushRunners())
          .then(() => Promise.all(unindexed.splice(0).map((runner) => runner.prepare())))
          .then(
            () => {
              if (this.state === 'catching-up') this.state = 'live';
              this.markLive();
            },
            (error: Error) => this.fail(error),
          );
      },
    });
    this.subscription.done.catch((error: Error) => this.fail(error));
    for (const name of outdated) void this.rebuild(name).catch((error: Error) => this.fail(error));
  }

  private async onEvent(stored: RecordedEvent): Promise<void> {
    const event = this.options.upcasters ? this.options.upcasters.apply(stored) : stored;
    this.pending.push(event);
    if (event.position > this.head) this.head = event.position;
    if (this.pending.length >= this.batchSize) return this.flush();
    if (this.state !== 'catching-up' && !this.idleFlush) {
      // Live: write what has arrived once the current burst of events is delivered.
      this.idleFlush = setImmediate(() => {
        this.idleFlush = null;
        void this.flush().catch((error: Error) => this.fail(error));
      });
    }
  }

  /** Writes the buffered events; flushes never overlap. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.checkFence();
      this.pending = [];
      const reached = batch[batch.length - 1]!.position;
      // While catching up, rows are written in large deferred groups (see ProjectionRunner).
      const defer = this.state === 'catching-up';
      for (const runner of this.runners.values()) {
        if (!this.paused.has(runner.projection.name)) await runner.apply(batch, reached, { defer });
      }
      this.settleWaiters();
      if (this.state === 'live') {
        const committed = Date.parse(batch[batch.length - 1]!.recordedAt);
        this.lastLagMs = Math.max(0, Date.now() - committed);
        for (const event of batch) this.lag.record(Math.max(0, Date.now() - Date.parse(event.recordedAt)));
      }
    });
  }

  /** Writes what every runner holds in memory, and its checkpoint. */
  private flushRunners(): Promise<void> {
    return this.exclusive(async () => {
      this.checkFence();
      for (const runner of this.runners.values()) if (!this.paused.has(runner.projection.name)) await runner.flush();
      this.settleWaiters();
    });
  }

  /**
   * Resolves true once every named projection has applied the log up to `position`, false after
   * `timeoutMs`. Woken by the projector's own writes, so a reader waiting for its write costs
   * nothing until the batch that carries it is applied (no polling of status()).
   */
  whenReached(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const runners = names.map((name) => this.runners.get(name)).filter((r): r is ProjectionRunner => r !== undefined);
    if (runners.every((r) => r.position >= position)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        runners,
        position,
        resolve: (reached) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
        timer: setTimeout(() => waiter.resolve(false), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters) if (waiter.runners.every((r) => r.position >= waiter.position)) waiter.resolve(true);
  }

  // A process paused past its lease (a long GC, a frozen VM) must not write once it resumes: another
  // process may hold the lease and be writing the same rows, which this one's row cache does not know.
  private checkFence(): void {
    if (this.options.fence && !this.options.fence()) throw new LeaseLostError();
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Rebuilds one projection from the first event into a fresh collection while the current one keeps
   * serving, then switches the fresh one in, atomically with respect to live writes.
   */
  async rebuild(name: string): Promise<void> {
    const live = this.runners.get(name);
    if (!live) throw new UnknownProjectionError(name);
    if (this.rebuilding.has(name)) throw new Error(`projection ${name} is already being rebuilt`);
    const projection = live.projection;
    const buildCollection = `${projection.collection}__rebuild_v${projection.version}`;
    const builder = new ProjectionRunner(this.options.store, projection, buildCollection, `${name}@rebuild`, this.options.deferredRows);
    this.rebuilding.set(name, 0);
    try {
      await this.options.store.collection(buildCollection).drop();
      await builder.dropCheckpoint();
      builder.reset();
      await this.catchUp(builder, name);
      await builder.flush();
      await builder.prepare();
      await this.exclusive(async () => {
        this.checkFence();
        await this.catchUp(builder, name); // what was appended since
        await builder.flush();
        if ((await this.options.store.listCollections()).includes(buildCollection)) {
          await this.options.store.renameCollection(buildCollection, projection.collection);
        } else {
          await this.options.store.collection(projection.collection).drop(); // the rebuild produced no rows
        }
        live.forget();
        await live.saveCheckpoint(builder.position);
        await builder.dropCheckpoint();
        this.paused.delete(name);
        this.settleWaiters();
      });
    } finally {
      this.rebuilding.delete(name);
    }
  }

  private async catchUp(builder: ProjectionRunner, name: string): Promise<void> {
    for (;;) {
      const batch: RecordedEvent[] = [];
      for await (const event of this.options.events.readAll({ after: builder.seen, maxCount: this.batchSize * 4 })) {
        batch.push(this.options.upcasters ? this.options.upcasters.apply(event) : event);
      }
      if (batch.length === 0) return;
      this.checkFence();
      await builder.apply(batch, batch[batch.length - 1]!.position, { defer: true });
      this.rebuilding.set(name, builder.seen);
    }
  }

  /** Where each projection stands, with its lag behind the log. */
  async status(): Promise<ProjectionStatus[]> {
    this.head = Math.max(this.head, await this.options.events.headPosition());
    return [...this.runners.values()].map((runner) => {
      const name = runner.projection.name;
      const rebuildPosition = this.rebuilding.get(name);
      const state: ProjectionState = this.failure
        ? 'failed'
        : rebuildPosition !== undefined || this.paused.has(name)
          ? 'rebuilding'
          : this.state;
      return {
        name,
        version: runner.projection.version,
        collection: runner.projection.collection,
        state,
        position: runner.position,
        headPosition: this.head,
        lagEvents: Math.max(0, this.head - runner.position),
        lagMs: this.lastLagMs,
        ...(rebuildPosition !== undefined ? { rebuildPosition } : {}),
        ...(this.failure ? { error: this.failure.message } : {}),
      };
    });
  }

  /** Percentiles of commit-to-write lag over the recent live events (ms). */
  lagPercentiles(): { p50: number; p99: number; samples: number } {
    return this.lag.percentiles();
  }

  private fail(error: Error): void {
    if (this.state === 'stopped') return;
    this.failure = error;
    this.state = 'failed';
    for (const waiter of this.waiters) waiter.resolve(false);
    this.options.onError?.(error);
  }

  /** Stops the subscription and writes what is buffered. */
  async stop(): Promise<void> {
    if (this.idleFlush) clearImmediate(this.idleFlush);
    await this.subscription?.stop();
    if (!this.failure) await this.flush().then(() => this.flushRunners()).catch(() => undefined);
    this.state = 'stopped';
    // Nothing more will be applied here: readers stop waiting and read what there is.
    for (const waiter of this.waiters) waiter.resolve(false);
  }
}

interface Waiter {
  readonly runners: readonly ProjectionRunner[];
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/** The projector's process no longer holds the lease of its projection group: it must stop writing. */
export class LeaseLostError extends Error {
  constructor() {
    super('this process no longer holds the projector lease; it stopped writing');
    this.name = 'LeaseLostError';
  }
}

export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`there is no projection named ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}
