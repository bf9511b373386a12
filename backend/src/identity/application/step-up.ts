import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { session, sessionStream, type SessionEvent } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { PasswordHasher } from '../crypto';
import { UseSecondFactor } from './account.commands';
import { Accounts } from './accounts';
import { InvalidCredentials, NotAuthenticated, SecondFactorRefused } from './auth.errors';
import { stepContext } from './command-context';
import { RecordLoginCheckPassed, RecordLoginFailure, refusalOf, StartLoginAttempt } from './login-attempts.commands';
import { SecondFactors, type PresentedFactor } from './second-factor';
import type { Caller } from './session-control';
import { StepUpSession } from './session.commands';

/** How long a confirmation of identity lets critical operations through. */
export const STEP_UP_MS = 5 * 60_000;

/** I confirm who I am (password, plus a second factor when MFA is on) before critical operations. */
export class ConfirmIdentity extends Command<{ steppedUpUntil: string }> {
  constructor(
    readonly caller: Caller,
    readonly password: string,
    readonly presented: PresentedFactor,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ConfirmIdentity)
export class ConfirmIdentityHandler implements ICommandHandler<ConfirmIdentity, { steppedUpUntil: string }> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly streams: AggregateStreams,
    private readonly hasher: PasswordHasher,
    private readonly factors: SecondFactors,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, password, presented, client }: ConfirmIdentity): Promise<{ steppedUpUntil: string }> {
    const now = this.clock.now();
    const step = (name: string) => stepContext(client, name, caller.userId, caller.ip, now);
    // Asked again after it succeeded: the second factor it spent would now be refused as a replay.
    const earlier = await this.streams.earlier(sessionStream(caller.sessionId), session, step('step-up'));
    if (earlier !== null) return this.answer(earlier.events);
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new InvalidCredentials();
    const origin = { ip: caller.ip, userAgent: caller.userAgent, at: now.toISOString() };
    const attempts = { userId: caller.userId };
    // Let through and counted like a sign-in: a stolen session must not become a password-guessing oracle.
    const refusal = refusalOf(await this.bus.execute(new StartLoginAttempt(attempts, origin, step('attempt'))), now);
    if (refusal !== null) throw refusal;
    if (!(await this.hasher.verify(password, account.passwordHash))) {
      await this.bus.execute(new RecordLoginFailure(attempts, { ...origin, reason: 'wrong-password' }, step('failure')));
      throw new InvalidCredentials();
    }
    if (account.mfa.kind === 'totp') {
      const check = this.factors.check(account, presented);
      if (!check.ok) {
        await this.bus.execute(new RecordLoginFailure(attempts, { ...origin, reason: check.reason }, step('failure')));
        throw new SecondFactorRefused();
      }
      await this.bus.execute(new UseSecondFactor(caller.userId, { factor: check.factor, at: origin.at }, step('second-factor')));
    }
    await this.bus.execute(new RecordLoginCheckPassed(attempts, origin, step('passed')));
    const until = new Date(now.getTime() + STEP_UP_MS).toISOString();
    const steppedUp = await this.bus.execute(new StepUpSession(caller.sessionId, { until, at: now.toISOString() }, step('step-up')));
    return this.answer(steppedUp.events);
  }

  private answer(events: readonly SessionEvent[]): { steppedUpUntil: string } {
    for (const e of events) if (e.type === 'SessionSteppedUp') return { steppedUpUntil: e.data.until };
    throw new NotAuthenticated('the session has ended; sign in again');
  }
}
