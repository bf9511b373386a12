import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AccountDisabledError,
  AccountLockedOut,
  isPasswordChangeDue,
  SecondFactorRequired,
  type AccountEvent,
  type AccountState,
  type LoginAttemptsEvent,
  type LoginFailureReason,
  type LoginThrottle,
  type RegisteredAccount,
  type SecondFactor,
} from '@kuaige/domain';
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
import { ChangePassword, RecordLogin, RecordLoginFailure } from './account.commands';
import { Accounts } from './accounts';
import { InvalidCredentials, SecondFactorRefused, TooManyRequests } from './auth.errors';
import { stepContext } from './command-context';
import { RecordUnknownLogin } from './mobile-number.commands';
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

/** The lockout a recorded failure ran into, from the typed events and state of its outcome. */
const lockedOutBy = (events: readonly (AccountEvent | LoginAttemptsEvent)[], throttle: LoginThrottle | null): AccountLockedOut | null => {
  const refused = events.some((e) => e.type === 'LoginFailed' && e.data.reason === 'locked-out');
  return refused ? new AccountLockedOut(new Date(throttle?.lockedUntil ?? 0).toISOString()) : null;
};
const throttleOf = (state: AccountState): LoginThrottle | null => (state.status === 'unregistered' ? null : state.throttle);

/**
 * Both steps of a sign-in. Every attempt is an event; an unknown number and a wrong password get the
 * same answer after the same work (one argon2 verification either way). Lockout, a disabled account
 * and a second factor spent twice are the Account decider's refusals; the handler records them.
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

  /** Records the sign-in, or the reason the Account decider refused it, and starts the session. */
  protected async complete(account: RegisteredAccount, origin: ClientOrigin, client: ClientCommand, password?: string, secondFactor?: SecondFactor): Promise<SignInResult> {
    const sessionId = newSessionId();
    let recorded;
    try {
      recorded = await this.bus.execute(
        new RecordLogin(account.userId, { ...origin, at: this.now(), sessionId, ...(secondFactor ? { secondFactor } : {}) }, this.step(client, 'login', account.userId, origin)),
      );
    } catch (error) {
      if (error instanceof SecondFactorRequired) {
        if (password !== undefined) await this.rehash(account, password, origin, client);
        return this.askSecondFactor(account.userId);
      }
      if (error instanceof AccountLockedOut) await this.recordFailure(account.userId, 'locked-out', origin, client);
      if (error instanceof AccountDisabledError) await this.recordFailure(account.userId, 'disabled', origin, client);
      throw error;
    }
    const succeeded = recorded.events.find((e) => e.type === 'LoginSucceeded');
    // Another sign-in spent the same code a moment earlier: the domain recorded this one as a replay.
    if (succeeded === undefined) throw new SecondFactorRefused();
    if (recorded.duplicate) throw new ResponseNotReplayable(TOKENS_NOT_REPLAYED);
    if (password !== undefined) await this.rehash(account, password, origin, client);
    const tokens = await this.issuer.start(account.userId, succeeded.data.sessionId, origin, this.step(client, 'session', account.userId, origin));
    return {
      ...tokens,
      mfaRequired: false,
      passwordChangeDue: isPasswordChangeDue(account.passwordChangedAt, this.now(), this.config.passwordMaxAgeDays),
      mfaEnrollmentRequired: account.mfaRequired && account.mfa.kind !== 'totp',
    };
  }

  /** Records a failed attempt; answers 429 when the decider recorded it as refused by a lockout, 401 otherwise. */
  protected async fail(userId: string, reason: LoginFailureReason, origin: ClientOrigin, client: ClientCommand, refusal: Error): Promise<never> {
    const recorded = await this.recordFailure(userId, reason, origin, client);
    throw lockedOutBy(recorded.events, throttleOf(recorded.state)) ?? refusal;
  }

  protected recordFailure(userId: string, reason: LoginFailureReason, origin: ClientOrigin, client: ClientCommand) {
    return this.bus.execute(new RecordLoginFailure(userId, { ...origin, at: this.now(), reason }, this.step(client, 'failure', userId, origin)));
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
    if (!(await this.hasher.verify(password, account.passwordHash))) return this.fail(account.userId, 'wrong-password', origin, client, new InvalidCredentials());
    return this.complete(account, origin, client, password);
  }

  private async unknownNumber(mobileIndex: string, password: string, origin: ClientOrigin, client: ClientCommand): Promise<never> {
    await this.hasher.dummyVerify(password);
    const recorded = await this.bus.execute(new RecordUnknownLogin(mobileIndex, { ...origin, at: this.now() }, this.step(client, 'failure', 'anonymous', origin)));
    throw lockedOutBy(recorded.events, recorded.state) ?? new InvalidCredentials();
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
    const check = this.factors.check(account, presented);
    if (!check.ok) return this.fail(userId, check.reason, origin, client, new SecondFactorRefused());
    return this.complete(account, origin, client, undefined, check.factor);
  }
}
