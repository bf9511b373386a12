import { createHmac, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SmsCodeRefused, type SmsCodePurpose } from '@kuaige/domain';
import type { CommandContext } from '../../event-sourcing/command-context';
import { IssueSmsCode, VerifySmsCode } from '../application/mobile-number.commands';
import { normalizeMobile } from '../crypto';
import { SMS_SENDER } from '../identity.tokens';
import { PersonalData } from '../personal-data';
import type { SmsSender } from './sms-sender.port';

const CODE_LIFETIME_MS = 5 * 60_000;
const PURPOSE_TEXT: Record<SmsCodePurpose, string> = { register: '注册', 'reset-password': '重置密码', 'change-phone': '更换手机号' };

/** Sends and checks SMS verification codes; the rules (limits, expiry, single use) are the domain's. */
@Injectable()
export class SmsCodes {
  constructor(
    private readonly bus: CommandBus,
    private readonly personal: PersonalData,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  /**
   * Issues a code under the number's sending limits; `deliver: false` issues it without sending it
   * (see RequestSmsCodeHandler). A retried request sends nothing: the code it issued went out already.
   */
  async send(phone: string, purpose: SmsCodePurpose, context: CommandContext, deliver = true): Promise<void> {
    const mobile = normalizeMobile(phone)!;
    const index = this.personal.mobileIndex(mobile);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = context.at ?? new Date();
    const issued = await this.bus.execute(
      new IssueSmsCode(
        index,
        { purpose, codeHash: this.hash(index, purpose, code), expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS).toISOString(), at: now.toISOString() },
        context,
      ),
    );
    if (deliver && !issued.duplicate) await this.sender.send({ to: mobile, text: `【快鸽服务云】验证码 ${code}，用于${PURPOSE_TEXT[purpose]}，5 分钟内有效。请勿告诉他人。` });
  }

  /** Spends the code, or throws SmsCodeRefused (wrong, expired, used, too many tries). A retried request finds it spent by itself. */
  async consume(phone: string, purpose: SmsCodePurpose, code: string, context: CommandContext): Promise<void> {
    const index = this.personal.mobileIndex(phone);
    const at = (context.at ?? new Date()).toISOString();
    const verified = await this.bus.execute(new VerifySmsCode(index, { purpose, codeHash: this.hash(index, purpose, code), at }, context));
    if (!verified.events.some((e) => e.type === 'SmsCodeConsumed')) throw new SmsCodeRefused();
  }

  // Keyed, so that six digits cannot be found from the event log by trying all million of them.
  private hash(index: string, purpose: SmsCodePurpose, code: string): string {
    return createHmac('sha256', this.personal.macKey('sms-codes')).update(`${index}\0${purpose}\0${code}`).digest('base64url');
  }
}
