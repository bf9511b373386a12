import { createHmac, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SmsCodeRefused, smsChallenge, smsChallengeStream, type SmsCodePurpose } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { normalizeMobile } from '../crypto';
import { SMS_SENDER } from '../identity.tokens';
import { PersonalData } from '../personal-data';
import { systemContext } from '../application/command-context';
import type { SmsSender } from './sms-sender.port';

const CODE_LIFETIME_MS = 5 * 60_000;
const PURPOSE_TEXT: Record<SmsCodePurpose, string> = { register: '注册', 'reset-password': '重置密码', 'change-phone': '更换手机号' };

/** Sends and checks SMS verification codes; the rules (limits, expiry, single use) are the domain's. */
@Injectable()
export class SmsCodes {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  /** Issues a code under the number's sending limits; `deliver: false` issues it without sending it (see SmsRequests). */
  async send(phone: string, purpose: SmsCodePurpose, ip: string, deliver = true): Promise<void> {
    const mobile = normalizeMobile(phone)!;
    const index = this.personal.mobileIndex(mobile);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.now();
    await this.streams.handle(
      smsChallengeStream(index),
      {
        type: 'IssueSmsCode',
        data: { purpose, codeHash: this.hash(index, purpose, code), expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS).toISOString(), at: now.toISOString() },
      },
      smsChallenge,
      systemContext('anonymous', ip, now),
    );
    if (deliver) await this.sender.send({ to: mobile, text: `【快鸽服务云】验证码 ${code}，用于${PURPOSE_TEXT[purpose]}，5 分钟内有效。请勿告诉他人。` });
  }

  /** Spends the code, or throws SmsCodeRefused (wrong, expired, used, too many tries). */
  async consume(phone: string, purpose: SmsCodePurpose, code: string, ip: string): Promise<void> {
    const index = this.personal.mobileIndex(phone);
    const now = this.clock.now();
    const result = await this.streams.handle(
      smsChallengeStream(index),
      { type: 'VerifySmsCode', data: { purpose, codeHash: this.hash(index, purpose, code), at: now.toISOString() } },
      smsChallenge,
      systemContext('anonymous', ip, now),
    );
    if (!result.eventTypes.includes('SmsCodeConsumed')) throw new SmsCodeRefused();
  }

  // Keyed, so that six digits cannot be found from the event log by trying all million of them.
  private hash(index: string, purpose: SmsCodePurpose, code: string): string {
    return createHmac('sha256', this.personal.macKey('sms-codes')).update(`${index}\0${purpose}\0${code}`).digest('base64url');
  }
}
