import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SmsCodePurpose } from '@kuaige/domain';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { normalizeMobile } from '../crypto';
import { IDENTITY_CONFIG, RATE_LIMITER } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import type { RateLimiter } from '../rate-limit/rate-limiter.port';
import { SmsCodes } from '../sms/sms-codes';
import { Accounts } from './accounts';
import { TooManyRequests } from './auth.errors';
import { stepContext } from './command-context';

/** Someone asks for an SMS code to prove a number. */
export class RequestSmsCode extends Command<void> {
  constructor(
    readonly phone: string,
    readonly purpose: SmsCodePurpose,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * The answer (and the per-number limits) are the same whether or not the number is registered; a
 * reset code is only delivered to a registered number, so that nobody can have codes texted to strangers.
 */
@CommandHandler(RequestSmsCode)
export class RequestSmsCodeHandler implements ICommandHandler<RequestSmsCode, void> {
  constructor(
    private readonly sms: SmsCodes,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ phone, purpose, ip, client }: RequestSmsCode): Promise<void> {
    const decision = await this.limiter.hit(`sms:${ip}`, { limit: this.config.smsCodesPerIpPerHour, windowMs: 3_600_000 });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000), 'too many SMS codes requested from this address; try again later');
    const mobile = normalizeMobile(phone)!;
    const deliver = purpose !== 'reset-password' || (await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(mobile))) !== null;
    await this.sms.send(mobile, purpose, stepContext(client, 'sms-code', 'anonymous', ip, this.clock.now()), deliver);
  }
}
