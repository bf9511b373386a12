import { AdminGuard } from '../admin/admin.guard';
import { AccountAdministrationController } from './api/account-administration.controller';
import { ContactErasureOperationsController, MyPersonalDataErasureController, PersonalDataErasureOperationsController } from './api/personal-data-erasure.controller';
import { PERSONAL_DATA_ERASURE_HANDLERS } from './application/personal-data-erasure';
import { PrivilegedRolesRequireMfa } from './reactions/privileged-roles-require-mfa';
import { MfaGate } from './application/mfa-gate';
import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ACCOUNT_COMMAND_HANDLERS } from './application/account.commands';
import { DisableAccountByOperationsHandler } from './application/account-administration';
import { Accounts } from './application/accounts';
import { MobileNumberClaims } from './application/mobile-number-claims';
import { LOGIN_ATTEMPTS_COMMAND_HANDLERS } from './application/login-attempts.commands';
import { MOBILE_NUMBER_COMMAND_HANDLERS } from './application/mobile-number.commands';
import { ChangeMyPasswordHandler, ResetPasswordWithSmsCodeHandler } from './application/passwords';
import { ChangeMyMobileNumberHandler } from './application/phone-change';
import { ChangeMyProfileHandler, GetMyAccountHandler } from './application/profile';
import { RegisterHandler } from './application/registration';
import { SecondFactors } from './application/second-factor';
import { EndAllMySessionsHandler, EndMySessionHandler, SessionControl } from './application/session-control';
import { SessionIssuer, RefreshTokensHandler } from './application/session-issuer';
import { SESSION_COMMAND_HANDLERS } from './application/session.commands';
import { SignInWithPasswordHandler, SignInWithSecondFactorHandler } from './application/sign-in';
import { RequestSmsCodeHandler } from './application/sms-requests';
import { ConfirmIdentityHandler } from './application/step-up';
import { ConfirmTotpEnrolmentHandler, StartTotpEnrolmentHandler, SwitchOffMfaHandler } from './application/two-factor';
import { AuthController } from './api/auth.controller';
import { AuthenticatedGuard, AuthRateLimitGuard, StepUpGuard } from './api/guards';
import { IdentityErrorFilter } from './api/identity-error.filter';
import { IdentityResolver } from './api/identity.resolver';
import { MeController } from './api/me.controller';
import { SessionsController } from './api/sessions.controller';
import { Clock } from './clock';
import { join } from 'node:path';
import { loadOrCreateKeyring, PasswordHasher, passwordHasherOptionsFromEnv, PERSON_KEYS_FILE, PersonKeyStore, type Keyring } from './crypto';
import { loadIdentityConfig, type IdentityConfig } from './identity.config';
import { IDENTITY_CONFIG, KEYRING, PERSON_KEYS, RATE_LIMITER, SMS_SENDER } from './identity.tokens';
import { PersonalData } from './personal-data';
import { InMemoryRateLimiter } from './rate-limit/in-memory.rate-limiter';
import type { RateLimiter } from './rate-limit/rate-limiter.port';
import { RedisRateLimiter } from './rate-limit/redis.rate-limiter';
import { GetMyLoginLogHandler, IdentityQueries, ListMySessionsHandler } from './read-models/identity.queries';
import { ReadModelFreshness } from './read-models/read-model-freshness';
import { DevelopmentSmsOutbox } from './sms/development-sms-outbox';
import { DevOutboxPresentGuard, DevSmsOutboxController } from './sms/dev-sms-outbox.controller';
import { SmsCodes } from './sms/sms-codes';
import { AccessTokens } from './tokens/access-tokens';

/** Closes the rate limiter's Redis connection with the application. */
@Injectable()
class IdentityLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PERSON_KEYS) private readonly personKeys: PersonKeyStore,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.limiter.close().catch(() => undefined);
    this.personKeys.close();
  }
}

const logger = new Logger('Identity');

/** Accounts, sign-in, sessions and second factors (requirements ID-1..ID-5, PLAT-2). */
@Module({
  controllers: [AuthController, SessionsController, MeController, DevSmsOutboxController, AccountAdministrationController, MyPersonalDataErasureController, PersonalDataErasureOperationsController, ContactErasureOperationsController],
  providers: [
    PrivilegedRolesRequireMfa,
    MfaGate,
    AdminGuard,
    DevOutboxPresentGuard,
    { provide: IDENTITY_CONFIG, useFactory: () => loadIdentityConfig(process.env) },
    // Adjustable only under NODE_ENV=test, so that tests prove timeouts without waiting for them.
    { provide: Clock, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new Clock(c.nodeEnv === 'test') },
    { provide: KEYRING, inject: [APP_CONFIG], useFactory: (c: AppConfig) => loadOrCreateKeyring(c.dataDir, process.env) },
    // Beside the keyring in DATA_DIR in every deployment (one host: see ADR 0017); wrapped by it.
    { provide: PERSON_KEYS, inject: [APP_CONFIG, KEYRING], useFactory: (c: AppConfig, keyring: Keyring) => PersonKeyStore.open(join(c.dataDir, PERSON_KEYS_FILE), keyring) },
    { provide: PasswordHasher, useFactory: () => new PasswordHasher(passwordHasherOptionsFromEnv(process.env)) },
    {
      provide: AccessTokens,
      inject: [IDENTITY_CONFIG, KEYRING],
      useFactory: (c: IdentityConfig, keyring: Keyring) =>
        c.accessTokenKeys
          ? AccessTokens.fromKeyList(c.accessTokenKeys)
          : // Without ACCESS_TOKEN_KEYS the signing key derives from the field keyring, so every role agrees on it.
            new AccessTokens(new Map([['fk1', keyring.macKey('access-tokens/fk1')]]), 'fk1'),
    },
    {
      provide: RATE_LIMITER,
      inject: [APP_CONFIG, Clock],
      useFactory: (c: AppConfig, clock: Clock): RateLimiter =>
        c.redisUrl
          ? new RedisRateLimiter(c.redisUrl, clock, 'kuaige:rate', (e) => logger.warn({ err: e }, 'rate limiter: Redis unavailable; requests let through'))
          : new InMemoryRateLimiter(clock),
    },
    {
      provide: SMS_SENDER,
      inject: [APP_CONFIG, Clock],
      useFactory: (c: AppConfig, clock: Clock) => {
        if (c.nodeEnv === 'production') logger.warn('no SMS provider is configured: SMS codes are kept in the development outbox and never delivered');
        return new DevelopmentSmsOutbox(() => clock.now());
      },
    },
    PersonalData,
    SmsCodes,
    Accounts,
    SecondFactors,
    SessionIssuer,
    SessionControl,
    MobileNumberClaims,
    // The command side: one thin handler per domain command, then the requests they serve.
    ...ACCOUNT_COMMAND_HANDLERS,
    ...SESSION_COMMAND_HANDLERS,
    ...MOBILE_NUMBER_COMMAND_HANDLERS,
    ...LOGIN_ATTEMPTS_COMMAND_HANDLERS,
    RequestSmsCodeHandler,
    RegisterHandler,
    SignInWithPasswordHandler,
    SignInWithSecondFactorHandler,
    RefreshTokensHandler,
    ResetPasswordWithSmsCodeHandler,
    ConfirmIdentityHandler,
    EndMySessionHandler,
    EndAllMySessionsHandler,
    ChangeMyProfileHandler,
    ChangeMyPasswordHandler,
    ChangeMyMobileNumberHandler,
    StartTotpEnrolmentHandler,
    ConfirmTotpEnrolmentHandler,
    SwitchOffMfaHandler,
    DisableAccountByOperationsHandler,
    ...PERSONAL_DATA_ERASURE_HANDLERS,
    // The query side.
    GetMyAccountHandler,
    ListMySessionsHandler,
    GetMyLoginLogHandler,
    ReadModelFreshness,
    IdentityQueries,
    IdentityResolver,
    AuthenticatedGuard,
    StepUpGuard,
    AuthRateLimitGuard,
    IdentityErrorFilter,
    IdentityLifecycle,
  ],
  exports: [AuthenticatedGuard, StepUpGuard, SessionControl, SessionIssuer, Accounts, PersonalData, ReadModelFreshness, Clock, MfaGate, RATE_LIMITER, SMS_SENDER],
})
export class IdentityModule {}
