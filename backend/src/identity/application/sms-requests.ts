import { Inject, Injectable } from '@nestjs/common';
import type { SmsCodePurpose } from '@kuaige/domain';
import { normalizeMobile } from '../crypto';
import { IDENTITY_CONFIG, RATE_LIMITER } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import type { RateLimiter } from '../rate-limit/rate-limiter.port';
import { SmsCodes } from '../sms/sms-codes';
import { Accounts } from './accounts';
import { TooManyRequests } from './auth.errors';

/**
 * Requests for an SMS code. The answer (and the per-number limits) are the same whether or not the
 * number is registered; a reset code is only delivered to a registered number, so that nobody can
 * have codes texted to strangers.
 */
@Injectable()
export class SmsRequests {
  constructor(
    private readonly sms: SmsCodes,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async request(phone: string, purpose: SmsCodePurpose, ip: string): Promise<void> {
    const decision = await this.limiter.hit(`sms:${ip}`, { limit: this.config.smsCodesPerIpPerHour, windowMs: 3_600_000 });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000), 'too many SMS codes requested from this address; try again later');
    const mobile = normalizeMobile(phone)!;
    const deliver = purpose !== 'reset-password' || (await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(mobile))) !== null;
    await this.sms.send(mobile, purpose, ip, deliver);
  }
}
