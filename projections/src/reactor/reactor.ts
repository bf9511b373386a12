import type { RecordedEvent, Subscription } from '@kuaige/domain';
import { digestUuid } from '../ids';
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

/** Issues one command; must be idempotent on commandId (the command side appends nothing twice). */
export type Dispatch = (command: ReactionCommand, context: DispatchContext) => Promise<void>;

/** Where each reaction has got to in the log. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

/** The command id a reaction uses for the n-th command it issues for one event: a UUID-shaped digest. */
export const reactionCommandId = (reaction: string, eventId: string, index: number): string =>
  digestUuid('reaction', reaction, eventId, String(index));

export const reaction = (name: string, handlers: Readonly<Record<string, ReactionHandler>>): Reaction => ({ name, handlers });

export interface ReactorOptions {
  readonly events: EventSource;
  readonly reactions: readonly Reaction[];
  readonly checkpoints: CheckpointStore;
  readonly dispatch: Dispatch;
  /** Save a checkpoint at least every this many events passed over (commands always save one). */
  readonly checkpointEvery?: number;
  readonly onError?: (error: Error) => void;
}

/**
 * Runs reactions from their own checkpoints. A command is dispatched before the checkpoint moves past
 * its event, and its id derives from the event, so a crash between the two replays the dispatch and
 * the command side recognises it: the effect happens exactly once.
 */
export class Reactor {
  private readonly positions = new Map<string, number>();
  private readonly unsaved = new Map<string, number>();
  private subscription: Subscription | null = null;
  private failure: Error | null = null;
  private markLive!: () => void;
  /** Resolves once every reaction has caught up with the log as it was at start. */
  readonly caughtUp: Promise<void> = new Promise((resolve) => (this.markLive = resolve));

  constructor(private readonly options: ReactorOptions) {}

  async start(): Promise<void> {
    for (const r of this.options.reactions) this.positions.set(r.name, await this.options.checkpoints.load(r.name));
    const from = this.positions.size ? Math.min(...this.positions.values()) : await this.options.events.headPosition();
    this.subscription = this.options.events.subscribeToAll((event) => this.onEvent(event), {
      after: from,
      onLive: () => {
        this.saveAll().then(
          () => this.markLive(),
          (e: Error) => this.fail(e),
        );
      },
    });
    this.subscription.done.catch((e: Error) => this.fail(e));
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    for (const r of this.options.reactions) {
      if (event.position <= (this.positions.get(r.name) ?? 0)) continue;
      const handler = r.handlers[event.type];
      const out = handler ? handler(event) : null;
      const commands: readonly ReactionCommand[] = out == null ? [] : Array.isArray(out) ? out : [out as ReactionCommand];
      for (const [index, command] of commands.entries()) {
        await this.options.dispatch(command, {
          commandId: reactionCommandId(r.name, event.eventId, index),
          causationId: event.eventId,
          correlationId: event.metadata.correlationId,
        });
      }
      this.positions.set(r.name, event.position);
      const passed = (this.unsaved.get(r.name) ?? 0) + 1;
      if (commands.length > 0 || passed >= (this.options.checkpointEvery ?? 200)) {
        await this.options.checkpoints.save(r.name, event.position);
        this.unsaved.set(r.name, 0);
      } else {
        this.unsaved.set(r.name, passed);
      }
    }
  }

  private async saveAll(): Promise<void> {
    for (const [name, position] of this.positions) {
      if ((this.unsaved.get(name) ?? 0) > 0) {
        await this.options.checkpoints.save(name, position);
        this.unsaved.set(name, 0);
      }
    }
  }

  status(): { name: string; position: number; error?: string }[] {
    return [...this.positions].map(([name, position]) => ({ name, position, ...(this.failure ? { error: this.failure.message } : {}) }));
  }

  private fail(error: Error): void {
    this.failure = error;
    this.options.onError?.(error);
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    if (!this.failure) await this.saveAll();
  }
}
