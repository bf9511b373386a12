import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountDisabledError, isPasswordChangeDue, mfaSatisfied, SecondFactorRequired, type LoginFailureReason, type RegisteredAccount, type SecondFactor } from '@kuaige/domain';
import { ResponseNotReplayable, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { Clock } from '../clock';
import { PasswordHasher } from '../crypto';
import { IDENTITY_CONFIG, RATE_LIMITER } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import type { RateLimiter } from '../rate-limit/rate-limiter.port';
import { AccessTokens, InvalidAccessTokenError } from '../tokens/access-tokens';
import { newSessionId } from '../tokens/refresh-tokens';
import { ChangePassword, RecordLogin } from './account.commands';
import { Accounts } from './accounts';
import { InvalidCredentials, SecondFactorRefused, TooManyRequests } from './auth.errors';
import { stepContext } from './command-context';
import { ClearLoginThrottle, RecordLoginCheckPassed, RecordLoginFailure, refusalOf, StartLoginAttempt, type AttemptsOf } from './login-attempts.commands';
import { SecondFactors, type PresentedFactor } from './second-factor';
import { SessionIssuer, TOKENS_NOT_REPLAYED, type ClientOrigin, type IssuedTokens } from './session-issuer';

export type SignInResult =
  | (IssuedTokens & { readonly mfaRequired: false; readonly passwordChangeDue: boolean; readonly mfaEnrollmentRequired: boolean })
  | { readonly mfaRequired: true; readonly mfaToken: string; readonly expiresIn: number };

const MFA_TOKEN_SECONDS = 300;
const IP_WINDOW_MS = 15 * 60_000;

/** Someone signs in with number and password. */
export class SignInWithPassword extends Command<SignInResult> {
  constructor(
    readonly phone: string,
    readonly password: string,
    readonly origin: ClientOrigin,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/** The second step of a sign-in: the mfaToken of the first and a TOTP or recovery code. */
export class SignInWithSecondFactor extends Command<SignInResult> {
  constructor(
    readonly mfaToken: string,
    readonly presented: PresentedFactor,
    readonly origin: ClientOrigin,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * Both steps of a sign-in. Every credential check is first let through by the `loginAttempts` decider
 * (`StartLoginAttempt`; refused: 429 whatever the password), then its outcome is recorded there:
 * failed, passed (the password before the second factor), or signed in (which clears the throttle).
 * An unknown number and a wrong password get the same answer after the same work (one argon2
 * verification either way). A disabled account and a second factor spent twice are the Account
 * decider's refusals; the handler records them as failures with the attempts.
 */
abstract class SignInSteps {
  private readonly logger = new Logger('SignIn');

  constructor(
    protected readonly bus: CommandBus,
    protected readonly accounts: Accounts,
    protected readonly hasher: PasswordHasher,
    protected readonly issuer: SessionIssuer,
    protected readonly tokens: AccessTokens,
    protected readonly clock: Clock,
    protected readonly limiter: RateLimiter,
    protected readonly config: IdentityConfig,
  ) {}

  /**
   * Lets one credential check run, or throws AccountLockedOut. Sent before the secret is verified, so
   * that a locked account answers alike whatever came, and racing guesses run no more checks than the
   * policy allows.
   */
  protected async startCheck(of: AttemptsOf, origin: ClientOrigin, client: ClientCommand, actorId: string): Promise<void> {
    const started = await this.bus.execute(new StartLoginAttempt(of, { ...origin, at: this.now() }, this.step(client, 'attempt', actorId, origin)));
    const refusal = refusalOf(started, this.clock.now());
    if (refusal !== null) throw refusal;
  }

  /** Records the sign-in, or the reason the Account decider refused it, and starts the session. */
  protected async complete(account: RegisteredAccount, origin: ClientOrigin, client: ClientCommand, password?: string, secondFactor?: SecondFactor): Promise<SignInResult> {
    const { userId } = account;
    const sessionId = newSessionId();
    let recorded;
    try {
      recorded = await this.bus.execute(new RecordLogin(userId, { ...origin, at: this.now(), sessionId, ...(secondFactor ? { secondFactor } : {}) }, this.step(client, 'login', userId, origin)));
    } catch (error) {
      if (error instanceof SecondFactorRequired) {
        // The password passed; the second factor is a check of its own, let through on its own.
        await this.bus.execute(new RecordLoginCheckPassed({ userId }, { ...origin, at: this.now() }, this.step(client, 'passed', userId, origin)));
        if (password !== undefined) await this.rehash(account, password, origin, client);
        return this.askSecondFactor(userId);
      }
      if (error instanceof AccountDisabledError) await this.recordFailure({ userId }, 'disabled', origin, client, userId);
      throw error;
    }
    const succeeded = recorded.events.find((e) => e.type === 'LoginSucceeded');
    // Another sign-in spent the same code a moment earlier: the Account decider recorded nothing for this one.
    if (succeeded === undefined) return this.fail({ userId }, 'second-factor-replayed', origin, client, userId, new SecondFactorRefused());
    await this.bus.execute(new ClearLoginThrottle({ userId }, { at: this.now(), sessionId: succeeded.data.sessionId }, this.step(client, 'cleared', userId, origin)));
    if (recorded.duplicate) throw new ResponseNotReplayable(TOKENS_NOT_REPLAYED);
    if (password !== undefined) await this.rehash(account, password, origin, client);
    const tokens = await this.issuer.start(account.userId, succeeded.data.sessionId, origin, this.step(client, 'session', account.userId, origin));
    return {
      ...tokens,
      mfaRequired: false,
      passwordChangeDue: isPasswordChangeDue(account.passwordChangedAt, this.now(), this.config.passwordMaxAgeDays),
      mfaEnrollmentRequired: !mfaSatisfied(account),
    };
  }

  /** Records the failed check with the attempts (the one that locks answers like the others), then refuses. */
  protected async fail(of: AttemptsOf, reason: LoginFailureReason, origin: ClientOrigin, client: ClientCommand, actorId: string, refusal: Error): Promise<never> {
    await this.recordFailure(of, reason, origin, client, actorId);
    throw refusal;
  }

  protected recordFailure(of: AttemptsOf, reason: LoginFailureReason, origin: ClientOrigin, client: ClientCommand, actorId: string) {
    return this.bus.execute(new RecordLoginFailure(of, { ...origin, at: this.now(), reason }, this.step(client, 'failure', actorId, origin)));
  }

  protected step(client: ClientCommand, step: string, userId: string, origin: ClientOrigin): CommandContext {
    return stepContext(client, step, userId, origin.ip, this.clock.now());
  }

  // Back-off per client address, across accounts: guessing one password on many numbers is caught here.
  protected async throttleAddress(ip: string): Promise<void> {
    const decision = await this.limiter.hit(`login:${ip}`, { limit: this.config.loginAttemptsPerIp, windowMs: IP_WINDOW_MS });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000), 'too many sign-in attempts from this address; try again later');
  }

  protected now(): string {
    return this.clock.now().toISOString();
  }

  private askSecondFactor(userId: string): SignInResult {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    return { mfaRequired: true, mfaToken: this.tokens.sign({ typ: 'mfa', sub: userId, iat, exp: iat + MFA_TOKEN_SECONDS }), expiresIn: MFA_TOKEN_SECONDS };
  }

  private async rehash(account: RegisteredAccount, password: string, origin: ClientOrigin, client: ClientCommand): Promise<void> {
    if (!this.hasher.needsRehash(account.passwordHash)) return;
    try {
      const passwordHash = await this.hasher.hash(password);
      await this.bus.execute(new ChangePassword(account.userId, { passwordHash, reason: 'rehash', at: this.now() }, this.step(client, 'rehash', account.userId, origin)));
    } catch (error) {
      // Upgrading the hash is a nicety; the sign-in goes on with the old one.
      this.logger.warn({ err: error, userId: account.userId }, 'password rehash failed');
    }
  }
}

@CommandHandler(SignInWithPassword)
export class SignInWithPasswordHandler extends SignInSteps implements ICommandHandler<SignInWithPassword, SignInResult> {
  constructor(
    bus: CommandBus,
    accounts: Accounts,
    hasher: PasswordHasher,
    issuer: SessionIssuer,
    tokens: AccessTokens,
    clock: Clock,
    @Inject(RATE_LIMITER) limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly personal: PersonalData,
  ) {
    super(bus, accounts, hasher, issuer, tokens, clock, limiter, config);
  }

  async execute({ phone, password, origin, client }: SignInWithPassword): Promise<SignInResult> {
    await this.throttleAddress(origin.ip);
    const mobileIndex = this.personal.mobileIndex(phone);
    const userId = await this.accounts.userIdByMobileIndex(mobileIndex);
    const account = userId === null ? null : await this.accounts.loadRegistered(userId);
    if (account === null) return this.unknownNumber(mobileIndex, password, origin, client);
    const attempts = { userId: account.userId };
    await this.startCheck(attempts, origin, client, account.userId);
    if (!(await this.hasher.verify(password, account.passwordHash))) return this.fail(attempts, 'wrong-password', origin, client, account.userId, new InvalidCredentials());
    return this.complete(account, origin, client, password);
  }

  // The same steps as for an account, on the number's own attempts stream.
  private async unknownNumber(mobileIndex: string, password: string, origin: ClientOrigin, client: ClientCommand): Promise<never> {
    await this.startCheck({ mobileIndex }, origin, client, 'anonymous');
    await this.hasher.dummyVerify(password);
    return this.fail({ mobileIndex }, 'unknown-account', origin, client, 'anonymous', new InvalidCredentials());
  }
}

@CommandHandler(SignInWithSecondFactor)
export class SignInWithSecondFactorHandler extends SignInSteps implements ICommandHandler<SignInWithSecondFactor, SignInResult> {
  constructor(
    bus: CommandBus,
    accounts: Accounts,
    hasher: PasswordHasher,
    issuer: SessionIssuer,
    tokens: AccessTokens,
    clock: Clock,
    @Inject(RATE_LIMITER) limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    private readonly factors: SecondFactors,
  ) {
    super(bus, accounts, hasher, issuer, tokens, clock, limiter, config);
  }

  async execute({ mfaToken, presented, origin, client }: SignInWithSecondFactor): Promise<SignInResult> {
    await this.throttleAddress(origin.ip);
    let userId: string;
    try {
      userId = this.tokens.verify(mfaToken, 'mfa', Math.floor(this.clock.now().getTime() / 1000)).sub;
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new InvalidCredentials();
      throw error;
    }
    // Asked again after it succeeded: the code it spent would now be refused as a replay.
    const earlier = await this.accounts.handledBefore(userId, this.step(client, 'login', userId, origin));
    if (earlier !== null) {
      if (earlier.some((e) => e.type === 'LoginSucceeded')) throw new ResponseNotReplayable(TOKENS_NOT_REPLAYED);
      throw new SecondFactorRefused();
    }
    const account = await this.accounts.loadRegistered(userId);
    if (account === null || account.mfa.kind !== 'totp') throw new InvalidCredentials();
    await this.startCheck({ userId }, origin, client, userId);
    const check = this.factors.check(account, presented);
    if (!check.ok) return this.fail({ userId }, check.reason, origin, client, userId, new SecondFactorRefused());
    return this.complete(account, origin, client, undefined, check.factor);
  }
}
