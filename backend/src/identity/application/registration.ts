import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { mobileNumber, mobileNumberStream } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { normalizeMobile, PasswordHasher } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { Accounts } from './accounts';
import { systemContext } from './command-context';

export interface Registration {
  readonly phone: string;
  readonly smsCode: string;
  readonly password: string;
  readonly displayName?: string;
}

/**
 * Registration (ID-1): the SMS code proves the number, the number is claimed, the account opens with
 * the consent given. "Already registered" is only said after the code proved the caller owns the number.
 */
@Injectable()
export class Registrations {
  constructor(
    private readonly sms: SmsCodes,
    private readonly streams: AggregateStreams,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async register(input: Registration, ip: string): Promise<{ userId: string; displayName: string }> {
    const mobile = normalizeMobile(input.phone)!;
    await this.sms.consume(mobile, 'register', input.smsCode, ip);
    const passwordHash = await this.hasher.hash(input.password);
    const userId = randomUUID();
    const mobileIndex = this.personal.mobileIndex(mobile);
    const at = this.clock.now();
    await this.streams.handle(mobileNumberStream(mobileIndex), { type: 'ClaimMobileNumber', data: { userId, at: at.toISOString() } }, mobileNumber, systemContext(userId, ip, at));
    const displayName = input.displayName?.trim() || `用户${mobile.slice(-4)}`;
    await this.accounts.execute(
      userId,
      {
        type: 'RegisterAccount',
        data: {
          userId,
          mobileIndex,
          mobileEncrypted: this.personal.encrypt(userId, 'mobile', mobile),
          passwordHash,
          displayName,
          termsVersion: this.config.termsVersion,
          privacyVersion: this.config.privacyVersion,
          at: at.toISOString(),
        },
      },
      ip,
    );
    return { userId, displayName };
  }
}
