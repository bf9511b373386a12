// The commands the crash harness drives at the product, one row per command. A feature adds its
// commands here: how to send one, and what its 2xx answer promises is in the event log afterwards.
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { accountStream, sessionStream } from '@kuaige/domain';
import type { HarnessRequest, HarnessUser, HttpAnswer } from '../harness/identity-users';
import { harnessPhone, registrationBody, requestRegistrationCode } from '../harness/identity-users';

/** The event log as it stands after the last restart. */
export interface EventLog {
  readonly all: readonly RecordedEvent[];
  stream(streamId: string): readonly RecordedEvent[];
}

export interface CrashContext {
  readonly baseUrl: string;
  readonly adminToken: string;
  readonly user: HarnessUser;
  /** Unique within a run: makes each command's effect recognisable in the log. */
  readonly seq: number;
}

export interface Acknowledged {
  readonly command: string;
  readonly userId: string;
  readonly request: HarnessRequest;
  readonly answer: HttpAnswer;
}

export interface CrashCommand {
  readonly name: string;
  /** Steps before the command that are not themselves under test (an SMS code); may throw. */
  prepare?(ctx: CrashContext): Promise<Record<string, string>>;
  request(ctx: CrashContext, prepared: Record<string, string>): HarnessRequest;
  /** What the acknowledged command promised, checked against the log: null if kept, else what is missing. */
  verify(log: EventLog, ack: Acknowledged): string | null;
  /** Rules the whole log must keep whatever was in flight when the process died. */
  invariants?(log: EventLog): string[];
}

const has = (events: readonly RecordedEvent[], type: string, match: (data: Record<string, unknown>) => boolean) =>
  events.some((e) => e.type === type && match(e.data as Record<string, unknown>));

export const signInCommand: CrashCommand = {
  name: 'sign-in',
  request: ({ user }) => ({ method: 'POST', path: '/api/v1/auth/login', body: { phone: user.phone, password: user.password } }),
  verify: (log, ack) => {
    const sessionId = String((ack.answer.body['session'] as { id?: string } | undefined)?.id);
    if (!has(log.stream(accountStream(ack.userId)), 'LoginSucceeded', (d) => d['sessionId'] === sessionId)) return `LoginSucceeded for session ${sessionId} missing`;
    if (log.stream(sessionStream(sessionId)).length === 0) return `stream ${sessionStream(sessionId)} missing`;
    return null;
  },
};

export const displayNameCommand: CrashCommand = {
  name: 'patch-display-name',
  request: ({ user, seq }) => ({ method: 'PATCH', path: '/api/v1/me', body: { displayName: `crash-${seq}` }, token: user.accessToken }),
  verify: (log, ack) => {
    const wanted = (ack.request.body as { displayName: string }).displayName;
    return has(log.stream(accountStream(ack.userId)), 'ProfileUpdated', (d) => d['displayName'] === wanted) ? null : `ProfileUpdated to ${wanted} missing`;
  },
};

/**
 * Registration spans two streams (MobileNumber claim, then Account): a kill between the appends leaves
 * a claim without an account, which the retry with the same Idempotency-Key completes (ADR 0009). The
 * harness re-sends every unanswered request with its key, so at the end no claim may lack its account.
 */
export const registrationCommand: CrashCommand = {
  name: 'register',
  prepare: async ({ baseUrl, adminToken }) => {
    const phone = harnessPhone();
    return { phone, smsCode: await requestRegistrationCode(baseUrl, adminToken, phone) };
  },
  request: (_, { phone, smsCode }) => ({ method: 'POST', path: '/api/v1/auth/register', body: registrationBody(phone!, smsCode!) }),
  verify: (log, ack) => {
    const userId = String(ack.answer.body['userId']);
    return has(log.stream(accountStream(userId)), 'AccountRegistered', () => true) ? null : `AccountRegistered for ${userId} missing`;
  },
  invariants: (log) =>
    log.all
      .filter((e) => e.type === 'MobileNumberClaimed')
      .map((e) => (e.data as { userId: string }).userId)
      .filter((userId) => !has(log.stream(accountStream(userId)), 'AccountRegistered', () => true))
      .map((userId) => `a mobile number is claimed by ${userId}, whose registration was acknowledged or retried but never completed`),
};

/** The mix CI runs; a feature adds its commands here. */
export const CRASH_MIX: readonly CrashCommand[] = [signInCommand, displayNameCommand, registrationCommand];
