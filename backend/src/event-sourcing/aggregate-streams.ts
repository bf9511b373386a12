import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type Command,
  type Decider,
  type DomainEvent,
} from '@kuaige/domain';
import {
  Upcasters,
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@kuaige/eventsourcing';
import { IdempotencyKeyReused } from './client-command';
import { completeContext, eventIdFor, type CommandContext } from './command-context';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const UPCASTERS = Symbol('UPCASTERS');

/** What a handled command did; `events` are typed by the decider's event union, so callers switch on them. */
export interface CommandResult<E extends DomainEvent = DomainEvent, S = unknown> {
  readonly streamId: string;
  readonly commandId: string;
  readonly eventIds: readonly string[];
  readonly eventTypes: readonly string[];
  /** Revision of the stream after the command (-1: the stream still does not exist). */
  readonly revision: number;
  /**
   * Global position of the stream's last event after the command (-1: none): a reader that waits
   * for its projections to pass it reads this command's writes, without waiting for everyone else's.
   */
  readonly position: number;
  /** True when this command had been handled before: nothing new was appended. */
  readonly duplicate: boolean;
  /** The events this command decided: appended now, or found from its earlier handling when a duplicate. */
  readonly events: readonly E[];
  /** The aggregate's state after the command. */
  readonly state: S;
}

/** The stream kept changing under the command: retried, then given up. Answered 409. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`${streamId} was changed by others ${attempts} times while this command was decided; try again`);
    this.name = 'ConcurrencyConflictError';
  }
}

// A client's key and the digest of the request it came with: one event, in a stream of its own.
type ClientRequestAccepted = DomainEvent<'ClientRequestAccepted', { at: string }>;
type AcceptClientRequest = Command<'AcceptClientRequest', { at: string }>;
const clientRequest: Decider<AcceptClientRequest, ClientRequestAccepted, { accepted: boolean }> = {
  initialState: () => ({ accepted: false }),
  decide: (command, state) => (state.accepted ? [] : [{ type: 'ClientRequestAccepted', data: command.data }]),
  evolve: () => ({ accepted: true }),
};

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/** Version of the event schemas this build writes. */
export const CURRENT_SCHEMA_VERSION = 1;

/**
 * The one way commands are handled: load the stream, fold it with `evolve`, `decide`, append with the
 * revision read; retry on a conflicting write a bounded number of times. Command handlers call this
 * and hold no business rule themselves.
 */
@Injectable()
export class AggregateStreams {
  private readonly upcasters: Upcasters;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(UPCASTERS) upcasters?: Upcasters,
  ) {
    this.upcasters = upcasters ?? new Upcasters();
  }

  /** Maximum number of attempts when other writers change the stream between read and append. */
  maxAttempts = 4;

  /** Streams whose events are kept in memory at most (least recently loaded dropped first). */
  maxCachedStreams = 20_000;
  /** Longer streams are read in full each time rather than kept. */
  maxCachedEvents = 1_000;
  private readonly cache = new Map<string, readonly RecordedEvent[]>();

  async load<C extends Command, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>) {
    const events = await this.eventsOf(streamId);
    const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
    const last = events[events.length - 1];
    return { state, events, revision: last ? last.revision : -1, position: last ? last.position : -1 };
  }

  /** The stream's last revision and the global position of its last event (-1 and -1: no stream). */
  async tail(streamId: string): Promise<{ revision: number; position: number }> {
    const last = (await this.eventsOf(streamId)).at(-1);
    return { revision: last ? last.revision : -1, position: last ? last.position : -1 };
  }

  /**
   * The stream's events, upcast. A stream loaded before is kept in memory and only its tail is read
   * (the events after the last revision kept: one index seek that usually finds nothing), so the
   * several loads of one command, and the next command on the same aggregate, do not re-read and
   * re-parse every event. Events are immutable and revisions dense, so the tail is all that can have
   * changed, whoever wrote it (another process included). Kept events are frozen: a caller that
   * mutated one would change every later load's history, so it fails at once instead.
   */
  private async eventsOf(streamId: string): Promise<readonly RecordedEvent[]> {
    const kept = this.cache.get(streamId);
    const last = kept?.at(-1);
    const fresh = (await this.store.readStream(streamId, last ? { fromRevision: last.revision + 1 } : {})).map((e) => this.upcasters.apply(e));
    const events = kept && fresh.length === 0 ? kept : [...(kept ?? []), ...fresh.map(deepFreeze)];
    this.cache.delete(streamId);
    if (events.length > 0 && events.length <= this.maxCachedEvents) {
      this.cache.set(streamId, events);
      if (this.cache.size > this.maxCachedStreams) this.cache.delete(this.cache.keys().next().value!);
    }
    return events;
  }

  /**
   * The events an earlier handling of this context's command id recorded in the stream, or null when
   * it was not handled yet. Lets a handler answer a retried request before re-checking secrets the
   * first handling already spent (an SMS code, a TOTP step, the password it changed).
   */
  async earlier<C extends Command, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>, context: CommandContext) {
    if (context.request !== undefined && !context.request.accepted) {
      const record = await this.load(context.request.streamId, clientRequest);
      this.handledBefore(record.events, context.request.commandId, context.request.requestDigest);
    }
    const { state, events } = await this.load(streamId, decider);
    const earlier = this.handledBefore(events, context.commandId, context.requestDigest);
    return earlier.length === 0 ? null : { events: earlier.map((e) => ({ type: e.type, data: e.data }) as E), state };
  }

  async handle<C extends Command, E extends DomainEvent, S>(
    streamId: string,
    command: C,
    decider: Decider<C, E, S>,
    context: CommandContext,
  ): Promise<CommandResult<E, S>> {
    const ctx = completeContext(context);
    await this.acceptRequest(ctx);
    for (let attempt = 1; ; attempt++) {
      const { state, events, revision, position } = await this.load(streamId, decider);
      const earlier = this.handledBefore(events, ctx.commandId, ctx.requestDigest);
      if (earlier.length > 0) return this.result(streamId, ctx.commandId, earlier, revision, position, true, state);
      const decided = decider.decide(command, state);
      if (decided.length === 0) return this.result(streamId, ctx.commandId, [], revision, position, false, state);
      const toAppend: EventToAppend[] = decided.map((event, index) => ({
        eventId: eventIdFor(ctx.commandId, streamId, index),
        type: event.type,
        data: event.data,
        metadata: {
          commandId: ctx.commandId,
          correlationId: ctx.correlationId,
          causationId: ctx.causationId,
          ...(ctx.requestDigest !== undefined ? { requestDigest: ctx.requestDigest } : {}),
          // The actor's address is the request's where the handler did not name one.
          actor: ctx.origin !== undefined && !ctx.actor.ip ? { ...ctx.actor, ip: ctx.origin.ip } : ctx.actor,
          ...(ctx.origin !== undefined ? { origin: ctx.origin } : {}),
          tenantIds: [...ctx.tenantIds],
          jurisdiction: [...ctx.jurisdiction],
          schemaVersion: CURRENT_SCHEMA_VERSION,
          occurredAt: ctx.at.toISOString(),
        },
      }));
      try {
        const appended = await this.store.append(streamId, toAppend, revision < 0 ? 'no_stream' : revision);
        return {
          streamId,
          commandId: ctx.commandId,
          eventIds: toAppend.map((e) => e.eventId),
          eventTypes: toAppend.map((e) => e.type),
          revision: appended.nextRevision,
          position: appended.position,
          duplicate: false,
          events: decided,
          state: decided.reduce(decider.evolve, state),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
      }
    }
  }

  /**
   * Records the client's key with its request digest before the request's first append, so that the
   * key is refused with any other request (422), whichever streams that request would touch.
   */
  private async acceptRequest(ctx: ReturnType<typeof completeContext>): Promise<void> {
    const request = ctx.request;
    if (request === undefined || request.accepted) return;
    const { request: _, ...recordContext } = ctx;
    await this.handle(request.streamId, { type: 'AcceptClientRequest', data: { at: ctx.at.toISOString() } }, clientRequest, {
      ...recordContext,
      commandId: request.commandId,
      requestDigest: request.requestDigest,
    });
    request.accepted = true;
  }

  // A command id seen again with another request digest is a key reused for a different request.
  private handledBefore(events: readonly RecordedEvent[], commandId: string | undefined, requestDigest: string | undefined): RecordedEvent[] {
    if (commandId === undefined) return [];
    const earlier = events.filter((e) => e.metadata.commandId === commandId);
    if (earlier.length > 0 && requestDigest !== undefined && earlier[0]!.metadata.requestDigest !== requestDigest) throw new IdempotencyKeyReused();
    return earlier;
  }

  private result<E extends DomainEvent, S>(
    streamId: string,
    commandId: string,
    events: readonly RecordedEvent[],
    revision: number,
    position: number,
    duplicate: boolean,
    state: S,
  ): CommandResult<E, S> {
    return {
      streamId,
      commandId,
      eventIds: events.map((e) => e.eventId),
      eventTypes: events.map((e) => e.type),
      revision,
      position,
      duplicate,
      events: events.map((e) => ({ type: e.type, data: e.data }) as E),
      state,
    };
  }
}
