import type { RecordedEvent, Subscription, Upcasters } from '@kuaige/eventsourcing';
import { digestUuid } from '@kuaige/eventsourcing';
import type { EventSource } from '../projector/projector';

// ---- Durable reactions: events that must lead to commands, exactly once -------------------------

/** A command a reaction wants issued, addressed by type; the dispatcher knows the aggregate. */
export interface ReactionCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export type ReactionHandler = (event: RecordedEvent) => ReactionCommand | readonly ReactionCommand[] | null | undefined;

export interface Reaction {
  readonly name: string;
  readonly handlers: Readonly<Record<string, ReactionHandler>>;
}

export interface DispatchContext {
  /** Derived from the reaction and the triggering event: the same on every replay. */
  readonly commandId: string;
  readonly causationId: string;
  readonly correlationId: string;
}

/**
 * What the command side answers for a handled command (the backend's CommandResult has this shape):
 * the command id it deduplicated on, and whether it had seen that id before.
 */
export interface DispatchReceipt {
  readonly commandId: string;
  readonly duplicate: boolean;
}

/**
 * Issues one command through the command side, under `context.commandId`, and returns its receipt.
 * Exactly-once holds only when the command side deduplicates on that id (AggregateStreams.handle
 * does: it finds the id among the stream's events and appends nothing); the reactor refuses a receipt
 * for any other id (ReactionNotIdempotentError). See docs/adr/0006.
 */
export type Dispatch = (command: ReactionCommand, context: DispatchContext) => Promise<DispatchReceipt>;

/** Where each reaction has got to in the log. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

/** The command id a reaction uses for the n-th command it issues for one event: a UUID-shaped digest. */
export const reactionCommandId = (reaction: string, eventId: string, index: number): string =>
  digestUuid('reaction', reaction, eventId, String(index));

export const reaction = (name: string, handlers: Readonly<Record<string, ReactionHandler>>): Reaction => ({ name, handlers });

/** A dispatch answered for another command id than the derived one: a replay could repeat its effect. */
export class ReactionNotIdempotentError extends Error {
  constructor(
    readonly reaction: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`reaction ${reaction} dispatched command ${expected} but the command side handled ${received}: it must deduplicate on the given commandId`);
    this.name = 'ReactionNotIdempotentError';
  }
}

class ReactorStopped extends Error {
  constructor() {
    super('reactor stopped');
    this.name = 'ReactorStopped';
  }
}

export interface ReactorOptions {
  readonly events: EventSource;
  readonly reactions: readonly Reaction[];
  readonly checkpoints: CheckpointStore;
  readonly dispatch: Dispatch;
  /** Maps old event versions to the current shape before reactions see them, as the projector does. */
  readonly upcasters?: Upcasters;
  /** Save a checkpoint at least every this many events passed over (commands always lead to one). */
  readonly checkpointEvery?: number;
  /** How long a checkpoint due may wait for others to be saved with it (default 50 ms). */
  readonly checkpointDelayMs?: number;
  /** Wait before the n-th retry of a failing reaction (1 s doubling to a minute by default). */
  readonly retryDelayMs?: (attempt: number) => number;
  /** Told of every failure, retried ones included. */
  readonly onError?: (error: Error) => void;
}

export type ReactionState = 'starting' | 'catching-up' | 'live' | 'retrying' | 'failed' | 'stopped';

/** A reaction stuck on one event: it is retried there, and nothing after it is reacted to meanwhile. */
export interface ReactionFailure {
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempts: number;
  readonly error: string;
  readonly since: string;
}

export interface ReactionStatus {
  readonly name: string;
  readonly state: ReactionState;
  readonly position: number;
  readonly headPosition: number;
  readonly lagEvents: number;
  readonly dispatched: number;
  /** Dispatches the command side recognised as already handled (replays after a crash or a retry). */
  readonly duplicates: number;
  readonly failure?: ReactionFailure;
  readonly error?: string;
}

const defaultRetryDelay = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * Runs reactions from their own checkpoints. A command is dispatched before the checkpoint moves past
 * its event, and its id derives from the event, so a crash between the two replays the dispatch and
 * the command side recognises it: the effect happens exactly once. A reaction that throws (or whose
 * dispatch fails) is retried on the same event with a growing delay and reported in status() until it
 * succeeds; its checkpoint stays before that event, and later events wait, so none is skipped.
 */
export class Reactor {
  private readonly positions = new Map<string, number>();
  private readonly unsaved = new Map<string, number>();
  private readonly failures = new Map<string, ReactionFailure>();
  private readonly counts = new Map<string, { dispatched: number; duplicates: number }>();
  private subscription: Subscription | null = null;
  private failure: Error | null = null;
  private live = false;
  private stopping = false;
  private wake: (() => void) | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private head = 0;
  private markLive!: () => void;
  /** Resolves once every reaction has caught up with the log as it was at start. */
  readonly caughtUp: Promise<void> = new Promise((resolve) => (this.markLive = resolve));

  constructor(private readonly options: ReactorOptions) {}

  async start(): Promise<void> {
    for (const r of this.options.reactions) {
      this.positions.set(r.name, await this.options.checkpoints.load(r.name));
      this.counts.set(r.name, { dispatched: 0, duplicates: 0 });
    }
    const from = this.positions.size ? Math.min(...this.positions.values()) : await this.options.events.headPosition();
    this.head = await this.options.events.headPosition();
    this.subscription = this.options.events.subscribeToAll((event) => this.onEvent(event), {
      after: from,
      onLive: () => {
        this.saveAll().then(
          () => {
            this.live = true;
            this.markLive();
          },
          (e: Error) => this.fail(e),
        );
      },
    });
    this.subscription.done.catch((e: Error) => this.fail(e));
  }

  private async onEvent(stored: RecordedEvent): Promise<void> {
    const event = this.options.upcasters ? this.options.upcasters.apply(stored) : stored;
    if (event.position > this.head) this.head = event.position;
    for (const r of this.options.reactions) {
      if (event.position <= (this.positions.get(r.name) ?? 0)) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.react(r, event);
          this.failures.delete(r.name);
          break;
        } catch (e) {
          if (this.stopping) throw new ReactorStopped();
          const error = e instanceof Error ? e : new Error(String(e));
          const since = this.failures.get(r.name)?.since ?? new Date().toISOString();
          this.failures.set(r.name, { position: event.position, eventId: event.eventId, eventType: event.type, attempts: attempt, error: error.message, since });
          this.options.onError?.(error);
          await this.pause((this.options.retryDelayMs ?? defaultRetryDelay)(attempt));
          if (this.stopping) throw new ReactorStopped();
        }
      }
    }
  }

  /** One reaction to one event: its commands, then its position (and checkpoint, when it issued any). */
  private async react(r: Reaction, event: RecordedEvent): Promise<void> {
    const handler = r.handlers[event.type];
    const out = handler ? handler(event) : null;
    const commands: readonly ReactionCommand[] = out == null ? [] : Array.isArray(out) ? out : [out as ReactionCommand];
    const counts = this.counts.get(r.name)!;
    for (const [index, command] of commands.entries()) {
      const commandId = reactionCommandId(r.name, event.eventId, index);
      const receipt = await this.options.dispatch(command, { commandId, causationId: event.eventId, correlationId: event.metadata.correlationId });
      if (receipt?.commandId !== commandId) throw new ReactionNotIdempotentError(r.name, commandId, String(receipt?.commandId));
      counts.dispatched++;
      if (receipt.duplicate) counts.duplicates++;
    }
    const passed = (this.unsaved.get(r.name) ?? 0) + 1;
    this.unsaved.set(r.name, passed);
    this.positions.set(r.name, event.position);
    if (commands.length > 0 || passed >= (this.options.checkpointEvery ?? 200)) this.scheduleSave();
  }

  /**
   * Saves the checkpoints at most once per checkpointDelayMs, not once per command: one write covers
   * every reaction of that interval. Safe at any moment, because a position only moves past an event
   * whose commands were dispatched (and are durable); a crash before the save replays those
   * dispatches, which the command side recognises by their derived ids.
   */
  private scheduleSave(): void {
    if (this.saveTimer !== null || this.stopping) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      if (this.stopping) return;
      // A failed save leaves the positions unsaved: the next one (or stop) tries again.
      this.saving = this.saving.then(() => this.saveAll()).catch((e: Error) => this.options.onError?.(e));
    }, this.options.checkpointDelayMs ?? 50);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = wake;
    });
  }

  private async saveAll(): Promise<void> {
    for (const [name, position] of this.positions) {
      const unsaved = this.unsaved.get(name) ?? 0;
      if (unsaved > 0) {
        await this.options.checkpoints.save(name, position);
        // Events reacted to while the save ran stay counted for the next one.
        if (this.positions.get(name) === position) this.unsaved.set(name, 0);
      }
    }
  }

  /** Where each reaction stands: position, lag behind the log, and the failure it is retrying, if any. */
  async status(): Promise<ReactionStatus[]> {
    this.head = Math.max(this.head, await this.options.events.headPosition());
    return [...this.positions].map(([name, position]) => {
      const failure = this.failures.get(name);
      const state: ReactionState = this.stopping
        ? 'stopped'
        : this.failure
          ? 'failed'
          : failure
            ? 'retrying'
            : this.subscription === null
              ? 'starting'
              : this.live
                ? 'live'
                : 'catching-up';
      return {
        name,
        state,
        position,
        headPosition: this.head,
        lagEvents: Math.max(0, this.head - position),
        ...this.counts.get(name)!,
        ...(failure ? { failure } : {}),
        ...(this.failure ? { error: this.failure.message } : {}),
      };
    });
  }

  private fail(error: Error): void {
    if (this.stopping || error instanceof ReactorStopped) return;
    this.failure = error;
    this.options.onError?.(error);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.wake?.();
    await this.subscription?.stop();
    await this.saving;
    // Positions only ever move past events fully reacted to, so saving them is safe even after a failure.
    await this.saveAll();
  }
}
