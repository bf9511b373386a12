import { Injectable } from '@nestjs/common';
import { accountLoginAttemptsStream, session, sessionStream } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { PasswordHasher } from '../crypto';
import { Accounts } from './accounts';
import { InvalidCredentials, SecondFactorRefused } from './auth.errors';
import { systemContext } from './command-context';
import { SecondFactors, type PresentedFactor } from './second-factor';
import type { Caller } from './session-control';
import { SignInAttempts } from './sign-in-attempts';

/** How long a confirmation of identity lets critical operations through. */
export const STEP_UP_MS = 5 * 60_000;

/** Re-authentication before critical operations: password, plus a second factor when MFA is on. */
@Injectable()
export class StepUp {
  constructor(
    private readonly accounts: Accounts,
    private readonly streams: AggregateStreams,
    private readonly hasher: PasswordHasher,
    private readonly factors: SecondFactors,
    private readonly clock: Clock,
    private readonly attempts: SignInAttempts,
  ) {}

  async confirm(caller: Caller, password: string, presented: PresentedFactor): Promise<{ steppedUpUntil: string }> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new InvalidCredentials();
    const origin = { ip: caller.ip, userAgent: caller.userAgent };
    const attempts = accountLoginAttemptsStream(caller.userId);
    // Counted like a sign-in: a stolen session must not become a password-guessing oracle.
    await this.attempts.begin(attempts, origin, caller.userId);
    if (!(await this.hasher.verify(password, account.passwordHash))) {
      await this.attempts.fail(attempts, 'wrong-password', origin, caller.userId);
      throw new InvalidCredentials();
    }
    if (account.mfa.kind === 'totp') {
      const check = this.factors.check(account, presented);
      if (!check.ok) {
        await this.attempts.fail(attempts, check.reason, origin, caller.userId);
        throw new SecondFactorRefused();
      }
      await this.accounts.execute(caller.userId, { type: 'UseSecondFactor', data: { factor: check.factor, at: this.clock.now().toISOString() } }, caller.ip);
    }
    await this.attempts.passed(attempts, origin, caller.userId);
    const now = this.clock.now();
    const until = new Date(now.getTime() + STEP_UP_MS).toISOString();
    await this.streams.handle(sessionStream(caller.sessionId), { type: 'StepUpSession', data: { until, at: now.toISOString() } }, session, systemContext(caller.userId, caller.ip, now));
    return { steppedUpUntil: until };
  }
}
