import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { normalizeMobile, PasswordHasher } from '../crypto';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { SmsCodeRefused } from '@kuaige/domain';
import { Accounts } from './accounts';
import { InvalidCredentials } from './auth.errors';
import { SessionControl, type Caller } from './session-control';

/** Password change (signed in, stepped up) and reset by SMS (ID-4). */
@Injectable()
export class Passwords {
  constructor(
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly sms: SmsCodes,
    private readonly personal: PersonalData,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Changes the password and ends every other session of the user. */
  async change(caller: Caller, currentPassword: string, newPassword: string): Promise<{ endedSessions: number }> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null || !(await this.hasher.verify(currentPassword, account.passwordHash))) throw new InvalidCredentials();
    const passwordHash = await this.hasher.hash(newPassword);
    await this.accounts.execute(caller.userId, { type: 'ChangePassword', data: { passwordHash, reason: 'user-request', at: this.now() } }, caller.ip);
    return { endedSessions: await this.sessions.endAll(caller.userId, 'password-changed', caller.ip, caller.sessionId) };
  }

  /** Sets a new password for whoever proves the number by SMS, and ends all of the account's sessions. */
  async reset(phone: string, smsCode: string, newPassword: string, ip: string): Promise<{ endedSessions: number }> {
    const mobile = normalizeMobile(phone)!;
    await this.sms.consume(mobile, 'reset-password', smsCode, ip);
    const userId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(mobile));
    if (userId === null) throw new SmsCodeRefused(); // no code is ever sent to an unregistered number
    const passwordHash = await this.hasher.hash(newPassword);
    await this.accounts.execute(userId, { type: 'ResetPassword', data: { passwordHash, at: this.now() } }, ip);
    return { endedSessions: await this.sessions.endAll(userId, 'password-reset', ip) };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
