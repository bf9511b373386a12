import { Injectable } from '@nestjs/common';
import { AccountLockedOut, isLockedOut, session, sessionStream } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { PasswordHasher } from '../crypto';
import { Accounts } from './accounts';
import { InvalidCredentials, SecondFactorRefused } from './auth.errors';
import { systemContext } from './command-context';
import { SecondFactors, type PresentedFactor } from './second-factor';
import type { Caller } from './session-control';

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
  ) {}

  async confirm(caller: Caller, password: string, presented: PresentedFactor): Promise<{ steppedUpUntil: string }> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new InvalidCredentials();
    const origin = { ip: caller.ip, userAgent: caller.userAgent, at: this.clock.now().toISOString() };
    if (isLockedOut(account.throttle, this.clock.now().getTime())) throw new AccountLockedOut(new Date(account.throttle.lockedUntil ?? 0).toISOString());
    if (!(await this.hasher.verify(password, account.passwordHash))) {
      // Counted like a failed sign-in: a stolen session must not become a password-guessing oracle.
      await this.accounts.execute(caller.userId, { type: 'RecordLoginFailure', data: { ...origin, reason: 'wrong-password' } }, caller.ip);
      throw new InvalidCredentials();
    }
    if (account.mfa.kind === 'totp') {
      const check = this.factors.check(account, presented);
      if (!check.ok) throw new SecondFactorRefused();
      await this.accounts.execute(caller.userId, { type: 'UseSecondFactor', data: { factor: check.factor, at: origin.at } }, caller.ip);
    }
    const now = this.clock.now();
    const until = new Date(now.getTime() + STEP_UP_MS).toISOString();
    await this.streams.handle(sessionStream(caller.sessionId), { type: 'StepUpSession', data: { until, at: now.toISOString() } }, session, systemContext(caller.userId, caller.ip, now));
    return { steppedUpUntil: until };
  }
}
