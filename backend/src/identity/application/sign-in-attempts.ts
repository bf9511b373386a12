import { Injectable } from '@nestjs/common';
import { AccountLockedOut, loginAttemptAllowed, loginAttempts, retryAfterRefusal, type LoginAttemptsCommand, type LoginFailureReason } from '@kuaige/domain';
import { AggregateStreams, ConcurrencyConflictError, type CommandResult } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { systemContext } from './command-context';
import type { ClientOrigin } from './session-issuer';

/** Rounds of AggregateStreams' own retries a command here may take while many guesses race. */
const CONFLICT_ROUNDS = 5;

/**
 * The `loginAttempts` streams as sign-in and step-up use them: every credential check is let through
 * by the decider first (or refused), then its outcome is recorded: failed, passed, or signed in.
 */
@Injectable()
export class SignInAttempts {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly clock: Clock,
  ) {}

  /**
   * Lets one credential check run, or throws AccountLockedOut. Called before the password is
   * verified, so that a locked account answers alike whatever password came, and racing guesses
   * cannot run more checks than the policy allows.
   */
  async begin(streamId: string, origin: ClientOrigin, actorId: string): Promise<void> {
    const result = await this.handle(streamId, origin, actorId, (at) => ({ type: 'StartLoginAttempt', data: { ...origin, at } }));
    if (loginAttemptAllowed(result.eventTypes)) return;
    const { state } = await this.streams.load(streamId, loginAttempts);
    throw new AccountLockedOut(new Date(retryAfterRefusal(state, this.clock.now().getTime())).toISOString());
  }

  async fail(streamId: string, reason: LoginFailureReason, origin: ClientOrigin, actorId: string): Promise<void> {
    await this.handle(streamId, origin, actorId, (at) => ({ type: 'RecordLoginFailure', data: { ...origin, at, reason } }));
  }

  /** The check passed but signed nobody in (password before the second factor, step-up): it neither counts nor clears. */
  async passed(streamId: string, origin: ClientOrigin, actorId: string): Promise<void> {
    await this.handle(streamId, origin, actorId, (at) => ({ type: 'RecordLoginCheckPassed', data: { ...origin, at } }));
  }

  /** After a sign-in: earlier failures and lockouts stop counting. */
  async succeeded(streamId: string, sessionId: string, origin: ClientOrigin, actorId: string): Promise<void> {
    await this.handle(streamId, origin, actorId, (at) => ({ type: 'ClearLoginThrottle', data: { at, sessionId } }));
  }

  // A burst of guesses at one account conflicts on its stream. These commands cost no password check,
  // so they are retried longer than others before the caller gets a 409.
  private async handle(streamId: string, origin: ClientOrigin, actorId: string, command: (at: string) => LoginAttemptsCommand, round = 1): Promise<CommandResult> {
    const now = this.clock.now();
    try {
      return await this.streams.handle(streamId, command(now.toISOString()), loginAttempts, systemContext(actorId, origin.ip, now));
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || round >= CONFLICT_ROUNDS) throw error;
      return this.handle(streamId, origin, actorId, command, round + 1);
    }
  }
}
