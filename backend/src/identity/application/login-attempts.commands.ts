import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  AccountLockedOut,
  accountLoginAttemptsStream,
  loginAttemptAllowed,
  loginAttempts,
  loginAttemptsStream,
  retryAfterRefusal,
  type LoginAttemptsCommand,
  type LoginAttemptsEvent,
  type LoginThrottle,
} from '@kuaige/domain';
import { AggregateStreams, ConcurrencyConflictError, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- The `loginAttempts` commands on the CommandBus: one message and one thin handler each ----------
// Sign-in and step-up send `StartLoginAttempt` before any credential check and run the check only when
// the decider let it through (`LoginAttempted`); then they record its outcome. Every rule is the decider's.

export type LoginAttemptsOutcome = CommandResult<LoginAttemptsEvent, LoginThrottle>;
type DataOf<T extends LoginAttemptsCommand['type']> = Extract<LoginAttemptsCommand, { type: T }>['data'];

/** Whose attempts: an account's, or those of a number nobody registered (by its blind index). */
export type AttemptsOf = { readonly userId: string } | { readonly mobileIndex: string };

const streamOf = (of: AttemptsOf): string => ('userId' in of ? accountLoginAttemptsStream(of.userId) : loginAttemptsStream(of.mobileIndex));

abstract class AttemptsMessage<T extends LoginAttemptsCommand['type']> extends Command<LoginAttemptsOutcome> {
  abstract readonly type: T;
  constructor(
    readonly of: AttemptsOf,
    readonly data: DataOf<T>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Asks to run one credential check; see `refusalOf` for what the outcome means. */
export class StartLoginAttempt extends AttemptsMessage<'StartLoginAttempt'> {
  readonly type = 'StartLoginAttempt';
}
export class RecordLoginFailure extends AttemptsMessage<'RecordLoginFailure'> {
  readonly type = 'RecordLoginFailure';
}
export class RecordLoginCheckPassed extends AttemptsMessage<'RecordLoginCheckPassed'> {
  readonly type = 'RecordLoginCheckPassed';
}
export class ClearLoginThrottle extends AttemptsMessage<'ClearLoginThrottle'> {
  readonly type = 'ClearLoginThrottle';
}

/** The lockout a `StartLoginAttempt` outcome answers with, or null when the check may run. */
export const refusalOf = (outcome: LoginAttemptsOutcome, now: Date): AccountLockedOut | null =>
  loginAttemptAllowed(outcome.events) ? null : new AccountLockedOut(new Date(retryAfterRefusal(outcome.state, now.getTime())).toISOString());

/** Rounds of AggregateStreams' own retries a command here may take while many guesses race. */
const CONFLICT_ROUNDS = 5;

@Injectable()
abstract class OnAttempts<M extends AttemptsMessage<LoginAttemptsCommand['type']>> {
  constructor(private readonly streams: AggregateStreams) {}

  // A burst of guesses at one account conflicts on its stream. These commands cost no password check,
  // so they are retried longer than others before the caller gets a 409; a retry is the same command
  // id, so it can never append twice.
  async execute(message: M): Promise<LoginAttemptsOutcome> {
    for (let round = 1; ; round++) {
      try {
        return await this.streams.handle(streamOf(message.of), { type: message.type, data: message.data } as LoginAttemptsCommand, loginAttempts, message.context);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError) || round >= CONFLICT_ROUNDS) throw error;
      }
    }
  }
}

@CommandHandler(StartLoginAttempt)
export class StartLoginAttemptHandler extends OnAttempts<StartLoginAttempt> {}
@CommandHandler(RecordLoginFailure)
export class RecordLoginFailureHandler extends OnAttempts<RecordLoginFailure> {}
@CommandHandler(RecordLoginCheckPassed)
export class RecordLoginCheckPassedHandler extends OnAttempts<RecordLoginCheckPassed> {}
@CommandHandler(ClearLoginThrottle)
export class ClearLoginThrottleHandler extends OnAttempts<ClearLoginThrottle> {}

export const LOGIN_ATTEMPTS_COMMAND_HANDLERS = [StartLoginAttemptHandler, RecordLoginFailureHandler, RecordLoginCheckPassedHandler, ClearLoginThrottleHandler];
