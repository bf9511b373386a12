import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AccountDisabledError,
  accountLoginAttemptsStream,
  isPasswordChangeDue,
  loginAttemptsStream,
  type LoginFailureReason,
  type RegisteredAccount,
  type SecondFactor,
} from '@kuaige/domain';
import { Clock } from '../clock';
import { PasswordHasher } from '../crypto';
import { IDENTITY_CONFIG, RATE_LIMITER } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import type { RateLimiter } from '../rate-limit/rate-limiter.port';
import { AccessTokens, InvalidAccessTokenError } from '../tokens/access-tokens';
import { newSessionId } from '../tokens/refresh-tokens';
import { Accounts } from './accounts';
import { InvalidCredentials, SecondFactorRefused, TooManyRequests } from './auth.errors';
import { SecondFactors, type PresentedFactor } from './second-factor';
import { SessionIssuer, type ClientOrigin, type IssuedTokens } from './session-issuer';
import { SignInAttempts } from './sign-in-attempts';

export type SignInResult =
  | (IssuedTokens & { readonly mfaRequired: false; readonly passwordChangeDue: boolean; readonly mfaEnrollmentRequired: boolean })
  | { readonly mfaRequired: true; readonly mfaToken: string; readonly expiresIn: number };

const MFA_TOKEN_SECONDS = 300;
const IP_WINDOW_MS = 15 * 60_000;

/**
 * Password sign-in and its second step. Every attempt is an event; an unknown number and a wrong
 * password get the same answer after the same work (one argon2 verification either way).
 */
@Injectable()
export class SignIn {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly accounts: Accounts,
    private readonly attempts: SignInAttempts,
    private readonly personal: PersonalData,
    private readonly hasher: PasswordHasher,
    private readonly factors: SecondFactors,
    private readonly issuer: SessionIssuer,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async withPassword(phone: string, password: string, origin: ClientOrigin): Promise<SignInResult> {
    await this.throttleAddress(origin.ip);
    const mobileIndex = this.personal.mobileIndex(phone);
    const userId = await this.accounts.userIdByMobileIndex(mobileIndex);
    if (userId === null) return this.unknownNumber(mobileIndex, password, origin);
    const account = await this.accounts.loadRegistered(userId);
    if (account === null) return this.unknownNumber(mobileIndex, password, origin);
    await this.attempts.begin(accountLoginAttemptsStream(userId), origin, userId);
    if (!(await this.hasher.verify(password, account.passwordHash))) return this.fail(userId, 'wrong-password', origin);
    if (account.status === 'disabled') {
      await this.recordFailure(userId, 'disabled', origin);
      throw new AccountDisabledError();
    }
    if (this.hasher.needsRehash(account.passwordHash)) await this.rehash(userId, password, origin.ip);
    if (account.mfa.kind === 'totp') {
      await this.attempts.passed(accountLoginAttemptsStream(userId), origin, userId);
      return this.askSecondFactor(userId);
    }
    return this.complete(account, origin);
  }

  /** The second step: the mfaToken of the first and a TOTP or recovery code. */
  async withSecondFactor(mfaToken: string, presented: PresentedFactor, origin: ClientOrigin): Promise<SignInResult> {
    await this.throttleAddress(origin.ip);
    let userId: string;
    try {
      userId = this.tokens.verify(mfaToken, 'mfa', Math.floor(this.clock.now().getTime() / 1000)).sub;
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new InvalidCredentials();
      throw error;
    }
    const account = await this.accounts.loadRegistered(userId);
    if (account === null || account.mfa.kind !== 'totp') throw new InvalidCredentials();
    await this.attempts.begin(accountLoginAttemptsStream(userId), origin, userId);
    const check = this.factors.check(account, presented);
    if (!check.ok) {
      await this.recordFailure(userId, check.reason, origin);
      throw new SecondFactorRefused();
    }
    return this.complete(account, origin, check.factor);
  }

  private async complete(account: RegisteredAccount, origin: ClientOrigin, secondFactor?: SecondFactor): Promise<SignInResult> {
    const sessionId = newSessionId();
    const result = await this.accounts.execute(account.userId, { type: 'RecordLogin', data: { ...origin, at: this.now(), sessionId, ...(secondFactor ? { secondFactor } : {}) } }, origin.ip);
    // Another sign-in spent the same code a moment earlier: the domain recorded nothing for this one.
    if (!result.eventTypes.includes('LoginSucceeded')) {
      await this.recordFailure(account.userId, 'second-factor-replayed', origin);
      throw new SecondFactorRefused();
    }
    await this.attempts.succeeded(accountLoginAttemptsStream(account.userId), sessionId, origin, account.userId);
    const tokens = await this.issuer.start(account.userId, sessionId, origin);
    return {
      ...tokens,
      mfaRequired: false,
      passwordChangeDue: isPasswordChangeDue(account.passwordChangedAt, this.now(), this.config.passwordMaxAgeDays),
      mfaEnrollmentRequired: account.mfaRequired && account.mfa.kind !== 'totp',
    };
  }

  private askSecondFactor(userId: string): SignInResult {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    return { mfaRequired: true, mfaToken: this.tokens.sign({ typ: 'mfa', sub: userId, iat, exp: iat + MFA_TOKEN_SECONDS }), expiresIn: MFA_TOKEN_SECONDS };
  }

  // The same steps as for an account, on the number's own attempts stream.
  private async unknownNumber(mobileIndex: string, password: string, origin: ClientOrigin): Promise<never> {
    const stream = loginAttemptsStream(mobileIndex);
    await this.attempts.begin(stream, origin, 'anonymous');
    await this.hasher.dummyVerify(password);
    await this.attempts.fail(stream, 'unknown-account', origin, 'anonymous');
    throw new InvalidCredentials();
  }

  private async fail(userId: string, reason: LoginFailureReason, origin: ClientOrigin): Promise<never> {
    await this.recordFailure(userId, reason, origin);
    throw new InvalidCredentials();
  }

  private recordFailure(userId: string, reason: LoginFailureReason, origin: ClientOrigin) {
    return this.attempts.fail(accountLoginAttemptsStream(userId), reason, origin, userId);
  }

  private async rehash(userId: string, password: string, ip: string): Promise<void> {
    try {
      const passwordHash = await this.hasher.hash(password);
      await this.accounts.execute(userId, { type: 'ChangePassword', data: { passwordHash, reason: 'rehash', at: this.now() } }, ip);
    } catch (error) {
      // Upgrading the hash is a nicety; the sign-in goes on with the old one.
      this.logger.warn({ err: error, userId }, 'password rehash failed');
    }
  }

  // Back-off per client address, across accounts: guessing one password on many numbers is caught here.
  private async throttleAddress(ip: string): Promise<void> {
    const decision = await this.limiter.hit(`login:${ip}`, { limit: this.config.loginAttemptsPerIp, windowMs: IP_WINDOW_MS });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000), 'too many sign-in attempts from this address; try again later');
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
