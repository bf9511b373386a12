// API specifications through the real HTTP stack (after emmett's ApiSpecification): given streams in the
// event store, as a signed-in user, when a request, then the response and the events it appended.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { SECURITY_LOG_CATEGORY, type DomainEvent, type EventMetadata } from '@kuaige/domain';
import { categoryOf, type EventStore, type RecordedEvent } from '@kuaige/eventsourcing';
import { specMetadata } from '@kuaige/testkit';
import type request from 'supertest';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';

/** The running product as a spec drives it (IdentityApp from identity/testing is one). */
export interface ApiApp {
  readonly app: Pick<INestApplication, 'get'>;
  http(): ReturnType<typeof request>;
}

type Http = ReturnType<typeof request>;
type Pending = ReturnType<Http['get']>;
type Response = Awaited<Pending>;

/** Arranges what exists before the request. */
export type Given = (target: ApiApp, store: EventStore) => Promise<void>;

/** Who sends the request: a session's tokens, or how to get one through the app's own endpoints. */
export type User<T extends ApiApp = ApiApp> = { readonly accessToken: string } | ((target: T) => Promise<{ readonly accessToken: string }>);

/** What the request did: its response, and every event appended to the store while it ran. */
export interface Outcome {
  readonly response: Response;
  readonly newEvents: readonly RecordedEvent[];
}

export type Then = (outcome: Outcome) => void | Promise<void>;

/** A stream that exists before the request: its events are appended as they are, with spec metadata. */
export const existingStream =
  <E extends DomainEvent>(streamId: string, events: readonly E[], metadata: Partial<EventMetadata> = {}): Given =>
  async (_, store) => {
    await store.append(
      streamId,
      events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: specMetadata(metadata) })),
      'no_stream',
    );
  };

/** The response has this status and, when given, this body (Jest's asymmetric matchers allowed). */
export const expectResponse =
  (status: number, body?: unknown): Then =>
  ({ response }) => {
    const actual = body === undefined ? { status: response.status } : { status: response.status, body: response.body as unknown };
    expect(actual).toEqual(body === undefined ? { status } : { status, body });
  };

/** The request appended exactly these events (type and data, in order) to the stream. */
export const expectNewEvents =
  (streamId: string, expected: readonly { type: string; data: unknown }[]): Then =>
  ({ newEvents }) => {
    const appended = newEvents.filter((e) => e.streamId === streamId).map((e) => ({ type: e.type, data: e.data }));
    expect({ streamId, appended }).toEqual({ streamId, appended: expected });
  };

/**
 * The request appended nothing but, when refused, the record of its refusal: the audit trail writes
 * 401/403/scope-404 answers as security events of the caller (SecurityLog streams) by design.
 */
export const expectNoNewEvents = (): Then => ({ newEvents }) => {
  expect(newEvents.filter((e) => categoryOf(e.streamId) !== SECURITY_LOG_CATEGORY).map((e) => `${e.streamId} ${e.type}`)).toEqual([]);
};

class ApiSpecification<T extends ApiApp> {
  private readonly arrange: Given[] = [];
  private user: User<T> | null = null;

  constructor(private readonly target: T) {}

  private get store(): EventStore {
    return this.target.app.get<EventStore>(EVENT_STORE);
  }

  given(...arrange: Given[]): this {
    this.arrange.push(...arrange);
    return this;
  }

  /** Sends the request with this user's bearer token. */
  as(user: User<T>): this {
    this.user = user;
    return this;
  }

  when(send: (http: Http) => Pending) {
    return {
      /** Runs the arrangement, signs in, sends the request, then checks every expectation in order. */
      then: async (...expectations: Then[]): Promise<Outcome> => {
        for (const step of this.arrange) await step(this.target, this.store);
        const user = typeof this.user === 'function' ? await this.user(this.target) : this.user;
        // Taken after sign-in, so that only what the request itself appended counts as new.
        const head = await this.store.headPosition();
        const pending = send(this.target.http());
        const response = await (user ? pending.set('authorization', `Bearer ${user.accessToken}`) : pending);
        const newEvents: RecordedEvent[] = [];
        for await (const event of this.store.readAll({ after: head })) newEvents.push(event);
        const outcome = { response, newEvents };
        for (const expectation of expectations) await expectation(outcome);
        return outcome;
      },
    };
  }
}

/** `apiSpec(app).given(existingStream(...)).as(user).when((http) => http.post(...)).then(expectResponse(201), ...)`. */
export const apiSpec = <T extends ApiApp>(target: T): ApiSpecification<T> => new ApiSpecification(target);
