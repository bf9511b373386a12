import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MobileNumberTaken } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { normalizeMobile, PasswordHasher } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { RegisterAccount } from './account.commands';
import { Accounts } from './accounts';
import { stepContext } from './command-context';
import { MobileNumberClaims } from './mobile-number-claims';

export interface Registration {
  readonly phone: string;
  readonly smsCode: string;
  readonly password: string;
  readonly displayName?: string;
}

export interface Registered {
  readonly userId: string;
  readonly displayName: string;
}

/** Someone registers with a number they prove by SMS, a password and their consent (ID-1). */
export class Register extends Command<Registered> {
  constructor(
    readonly registration: Registration,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * The SMS code proves the number, the number is claimed, the account opens with the consent given.
 * "Already registered" is only said after the code proved the caller owns the number.
 *
 * Two streams, appended in that order, and recoverable at every point: the user id derives from the
 * request's key and the number, so a retry after a crash between the claim and the account claims
 * nothing new and opens the account it was opening; and a claim whose account never opened is
 * completed by whoever proves the number again (with a new code, under any key). A claim kept by an
 * account that has moved to another number (a crash before the release) is released and taken.
 */
@CommandHandler(Register)
export class RegisterHandler implements ICommandHandler<Register, Registered> {
  constructor(
    private readonly bus: CommandBus,
    private readonly sms: SmsCodes,
    private readonly accounts: Accounts,
    private readonly claims: MobileNumberClaims,
    private readonly personal: PersonalData,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ registration: input, ip, client }: Register): Promise<Registered> {
    const mobile = normalizeMobile(input.phone)!;
    const mobileIndex = this.personal.mobileIndex(mobile);
    const at = this.clock.now();
    await this.sms.consume(mobile, 'register', input.smsCode, stepContext(client, 'sms-code', 'anonymous', ip, at));
    const passwordHash = await this.hasher.hash(input.password);
    const userId = await this.claim(mobileIndex, client.supplied ? digestUuid('registration', client.idOf('account'), mobileIndex) : randomUUID(), ip, client, at);
    const displayName = input.displayName?.trim() || `用户${mobile.slice(-4)}`;
    const opened = await this.bus.execute(
      new RegisterAccount(
        userId,
        {
          userId,
          mobileIndex,
          mobileEncrypted: this.personal.encrypt(userId, 'mobile', mobile),
          passwordHash,
          displayName,
          termsVersion: this.config.termsVersion,
          privacyVersion: this.config.privacyVersion,
          at: at.toISOString(),
        },
        stepContext(client, 'account', userId, ip, at),
      ),
    );
    // A retry answers from what the first registration recorded (its display name, not this one's).
    for (const event of opened.events) if (event.type === 'AccountRegistered') return { userId: event.data.userId, displayName: event.data.displayName };
    return { userId, displayName };
  }

  /** The user id the number is claimed for: this registration's, or that of a claim whose account never opened. */
  private async claim(mobileIndex: string, userId: string, ip: string, client: ClientCommand, at: Date): Promise<string> {
    try {
      await this.claims.claim(mobileIndex, userId, client, ip, at);
      return userId;
    } catch (error) {
      if (!(error instanceof MobileNumberTaken)) throw error;
      const holder = await this.accounts.userIdByMobileIndex(mobileIndex);
      if (holder === null) throw error;
      if ((await this.accounts.load(holder)).status === 'unregistered') return holder;
      // This very request completed that claim before (it is being retried): answer as it did.
      if ((await this.accounts.handledBefore(holder, stepContext(client, 'account', holder, ip, at))) !== null) return holder;
      throw error;
    }
  }
}
