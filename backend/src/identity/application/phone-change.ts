import { Injectable } from '@nestjs/common';
import { mobileNumber, mobileNumberStream } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { maskMobile, normalizeMobile } from '../crypto';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { Accounts } from './accounts';
import { NotAuthenticated } from './auth.errors';
import { systemContext } from './command-context';
import type { Caller } from './session-control';

/**
 * Moving an account to another mobile number: the SMS code proves the new number, which is claimed
 * before the account switches to it, and the old one is released last (a crash in between leaves
 * the old number held, never two accounts on one number).
 */
@Injectable()
export class PhoneChanges {
  constructor(
    private readonly sms: SmsCodes,
    private readonly streams: AggregateStreams,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async change(caller: Caller, phone: string, smsCode: string): Promise<{ phone: string }> {
    const mobile = normalizeMobile(phone)!;
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new NotAuthenticated();
    await this.sms.consume(mobile, 'change-phone', smsCode, caller.ip);
    const mobileIndex = this.personal.mobileIndex(mobile);
    if (mobileIndex === account.mobileIndex) return { phone: maskMobile(mobile) };
    const context = () => systemContext(caller.userId, caller.ip, this.clock.now());
    const at = () => this.clock.now().toISOString();
    await this.streams.handle(mobileNumberStream(mobileIndex), { type: 'ClaimMobileNumber', data: { userId: caller.userId, at: at() } }, mobileNumber, context());
    await this.accounts.execute(
      caller.userId,
      { type: 'ChangeMobileNumber', data: { mobileIndex, mobileEncrypted: this.personal.encrypt(caller.userId, 'mobile', mobile), at: at() } },
      caller.ip,
    );
    await this.streams.handle(mobileNumberStream(account.mobileIndex), { type: 'ReleaseMobileNumber', data: { userId: caller.userId, at: at() } }, mobileNumber, context());
    return { phone: maskMobile(mobile) };
  }
}
