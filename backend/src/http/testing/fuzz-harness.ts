// Runs generated requests against the real application in-process and checks what every answer must hold.
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import type { EventStore } from '@kuaige/eventsourcing';
import { LEASES, type ReadModelStore } from '@kuaige/projections';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import type { HttpCase } from './openapi-cases';
import { AUDIT_ENTRIES_COLLECTION } from '../../audit/trail/read-models/audit-entries.projection';

/** An answer as the client received it. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Who sends the requests: anonymous, a signed-in user ... */
export interface Caller {
  readonly name: string;
  headers(): Promise<Record<string, string>>;
  /** After an accepted request, which may have ended the caller's session. */
  afterAccepted?(): Promise<void>;
}

/**
 * A defect someone else is fixing: answers it explains are not reported, so that the fuzzer guards
 * everything else meanwhile. Each entry names the branch that fixes it and is removed after merging.
 */
export interface KnownDefect {
  readonly name: string;
  readonly matches: (c: HttpCase, answer: Answer) => boolean;
}

/** A generated request that broke a rule, with what it broke. */
export class FuzzFailure extends Error {
  constructor(
    readonly target: string,
    readonly failedCase: unknown,
    readonly violations: readonly string[],
    readonly seed: number,
  ) {
    super(`${target}: ${violations.join('; ')}\n  case: ${preview(failedCase)}\n  reproduce with FUZZ_SEED=${seed}`);
    this.name = 'FuzzFailure';
  }
}

const preview = (value: unknown): string => {
  const text = JSON.stringify(value, (_, v: unknown) => {
    if (typeof v === 'string' && v.length > 200) return `${v.slice(0, 200)}… (${v.length} chars)`;
    // A Buffer reaches the replacer as its toJSON(): { type: 'Buffer', data: [...] }.
    const bytes = v as { type?: unknown; data?: unknown } | null;
    if (bytes?.type === 'Buffer' && Array.isArray(bytes.data)) return `<${bytes.data.length} bytes: ${Buffer.from(bytes.data.slice(0, 16) as number[]).toString('hex')}…>`;
    return v;
  });
  return text.length > 1_500 ? `${text.slice(0, 1_500)}…` : text;
};

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

const JSON_TYPES = /^application\/json\b/;

/**
 * A refusal may record that it happened and nothing else: the audit trail keeps failed sign-ins,
 * lockouts and permission denials as events (docs/architecture.md, "Audit"), named in the past tense
 * of a refusal. Any other event appended by a refused request is a defect.
 */
export const AUDITED_REFUSAL = /(Failed|Refused|Denied|LockedOut)$/;

/**
 * Authentication's own bookkeeping, recorded before the request's input is looked at: the idle
 * timeout counts every authenticated request, accepted or refused, at most once a minute
 * (SessionControl.authenticate); every password or code check is first admitted by the lockout rule
 * (LoginAttempted, on the attempts stream), whatever its outcome.
 */
const AUTHENTICATION_BOOKKEEPING: ReadonlySet<string> = new Set(['SessionActivityRecorded', 'LoginAttempted']);

const recordsOnlyTheAttempt = (type: string) => AUDITED_REFUSAL.test(type) || AUTHENTICATION_BOOKKEEPING.has(type);

/** What every answer to a REST request must hold, as a list of broken rules (empty: fine). */
export const httpViolations = (c: HttpCase, answer: Answer, stateChanged: boolean): string[] => {
  const broken: string[] = [];
  const { status } = answer;
  if (status >= 500) broken.push(`answered ${status}`);
  if (status >= 400 && status < 500) {
    const body = parse(answer.body) as { statusCode?: unknown; error?: unknown; message?: unknown; errors?: { field?: unknown; rule?: unknown }[] } | undefined;
    if (!body || body.statusCode !== status || typeof body.error !== 'string' || typeof body.message !== 'string') broken.push(`${status} without the error body`);
    else if ((status === 400 || status === 422) && !(typeof body.errors?.[0]?.field === 'string' && typeof body.errors[0].rule === 'string'))
      broken.push(`${status} without errors[0].field and errors[0].rule`);
    if (stateChanged) broken.push(`refused with ${status} but changed the read models or appended more than audit events`);
  }
  const sentBody = c.payload !== undefined || c.bytes !== undefined;
  if (sentBody && c.contentType && !JSON_TYPES.test(c.contentType) && !c.takesFiles && status < 400) broken.push(`accepted a ${c.contentType} body with ${status}`);
  if (Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')) broken.push('Object.prototype was polluted');
  return broken;
};

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The event log's head and every read-model document, once the projections have caught up, as one
 * string: equal before and after a request means the request changed nothing.
 */
export interface AppState {
  readonly head: number;
  readonly fingerprint: string;
}

export const appState = async (app: INestApplication): Promise<AppState> => {
  const events = app.get<EventStore>(EVENT_STORE, { strict: false });
  const head = await events.headPosition();
  const projector = app.get(ReadSide, { strict: false }).projector;
  // A read model still catching up would look like a change; on a busy machine that can take a while.
  for (let waited = 0; projector && !(await projector.status()).every((s) => s.position >= head); waited += 5) {
    if (waited > 10_000) throw new Error(`the projections did not reach position ${head} within 10 s`);
    await settle(5);
  }
  const store = app.get<ReadModelStore>(READ_MODEL_STORE, { strict: false });
  // The projector's lease is renewed on a timer, not by requests: it is no read model. The audit
  // trail's entries mirror the event log, whose appends unauditedEventsAfter judges already.
  const names = (await store.listCollections()).filter((name) => name !== LEASES && name !== AUDIT_ENTRIES_COLLECTION).sort();
  const documents = await Promise.all(names.map(async (name) => [name, await store.collection(name).find({})] as const));
  return { head, fingerprint: JSON.stringify({ head, documents }) };
};

/** Types of the events appended after `position`, unless all of them only record a refusal. */
const unauditedEventsAfter = async (app: INestApplication, position: number): Promise<string[]> => {
  const types: string[] = [];
  for await (const event of app.get<EventStore>(EVENT_STORE, { strict: false }).readAll({ after: position })) types.push(event.type);
  return types.some((type) => !recordsOnlyTheAttempt(type)) ? types : [];
};

/** Sends one case in-process (Fastify's inject: the whole HTTP stack without a socket). */
export const send = async (app: INestApplication, c: HttpCase, headers: Record<string, string>): Promise<Answer> => {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  const res = await fastify.inject({
    method: c.method as 'GET',
    url: c.url,
    headers: { ...headers, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
    ...(c.bytes !== undefined ? { payload: c.bytes } : c.payload !== undefined ? { payload: c.payload } : {}),
  });
  return { status: res.statusCode, body: res.body };
};

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
}

/** Outcome counts of one run, by status, for the test output. */
export type Tally = Record<string, number>;

/**
 * Runs `runs` generated cases through `check` and throws FuzzFailure with the smallest failing case
 * fast-check shrinks to. `check` answers the broken rules of one case.
 */
export const fuzz = async <C>(target: string, cases: fc.Arbitrary<C>, check: (c: C) => Promise<readonly string[]>, options: FuzzOptions): Promise<void> => {
  // The last failing case is the smallest fast-check shrank to; it is reported with what it broke
  // then, since a rule that depends on time (session bookkeeping, rate windows) may not break again.
  let smallest: { c: C; violations: readonly string[] } | undefined;
  const result = await fc.check(
    fc.asyncProperty(cases, async (c) => {
      let violations: readonly string[];
      try {
        violations = await check(c);
      } catch (error) {
        violations = [`the check threw: ${error instanceof Error ? error.message : String(error)}`];
      }
      if (violations.length) smallest = { c, violations };
      return violations.length === 0;
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  if (!result.failed) return;
  const failed = smallest ?? { c: result.counterexample?.[0], violations: [String(result.errorInstance)] };
  throw new FuzzFailure(target, failed.c, failed.violations, options.seed);
};

/** Checks one REST case as `caller`: the answer's rules and, for a refusal, that nothing changed. */
export const restCheck =
  (app: INestApplication, caller: Caller, knownDefects: readonly KnownDefect[], tally?: Tally) =>
  async (c: HttpCase): Promise<string[]> => {
    const headers = await caller.headers();
    const before = await appState(app);
    const answer = await send(app, c, headers);
    const refused = answer.status >= 400 && answer.status < 500;
    const after = refused ? await appState(app) : before;
    const changed = after.fingerprint !== before.fingerprint && (after.head === before.head || (await unauditedEventsAfter(app, before.head)).length > 0);
    if (tally) tally[answer.status] = (tally[answer.status] ?? 0) + 1;
    if (answer.status < 400) await caller.afterAccepted?.();
    const known = knownDefects.find((d) => d.matches(c, answer));
    if (known) {
      if (tally) tally[`known defect: ${known.name}`] = (tally[`known defect: ${known.name}`] ?? 0) + 1;
      return [];
    }
    return httpViolations(c, answer, changed);
  };

/** What every answer from /graphql must hold: no 5xx, no INTERNAL_SERVER_ERROR, every error coded. */
export const graphqlViolations = (answer: Answer, stateChanged: boolean): string[] => {
  const broken: string[] = [];
  if (answer.status >= 500) broken.push(`answered ${answer.status}`);
  const body = parse(answer.body) as { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[]; statusCode?: unknown } | undefined;
  if (!body) broken.push(`answered ${answer.status} with a body that is not JSON`);
  else if (body.statusCode === undefined) {
    if (body.data === undefined && !body.errors?.length) broken.push('answered neither data nor errors');
    for (const error of body.errors ?? []) {
      if (typeof error.message !== 'string' || typeof error.extensions?.code !== 'string') broken.push('an error without message or extensions.code');
      else if (error.extensions.code === 'INTERNAL_SERVER_ERROR') broken.push(`INTERNAL_SERVER_ERROR: ${error.message}`);
    }
  } else if (body.statusCode !== answer.status) broken.push(`${answer.status} with an error body for ${String(body.statusCode)}`);
  const refused = answer.status >= 400 || (body?.data === null || body?.data === undefined);
  if (refused && stateChanged) broken.push(`refused (${answer.status}) but changed the read models or appended more than audit events`);
  if (Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')) broken.push('Object.prototype was polluted');
  return broken;
};

/** Checks one GraphQL case as `caller`. */
export const graphqlCheck =
  (app: INestApplication, caller: Caller, tally?: Tally) =>
  async (c: HttpCase): Promise<string[]> => {
    const headers = await caller.headers();
    const before = await appState(app);
    const answer = await send(app, c, headers);
    const after = await appState(app);
    const changed = after.fingerprint !== before.fingerprint && (after.head === before.head || (await unauditedEventsAfter(app, before.head)).length > 0);
    if (tally) tally[answer.status] = (tally[answer.status] ?? 0) + 1;
    return graphqlViolations(answer, changed);
  };
