import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SmsCodeRefused } from '@kuaige/domain';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { normalizeMobile, PasswordHasher } from '../crypto';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { ChangePassword, ResetPassword } from './account.commands';
import { Accounts } from './accounts';
import { InvalidCredentials } from './auth.errors';
import { stepContext } from './command-context';
import { SessionControl, type Caller } from './session-control';

/** I change my password (signed in, stepped up); my other sessions end (ID-4). */
export class ChangeMyPassword extends Command<{ endedSessions: number }> {
  constructor(
    readonly caller: Caller,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ChangeMyPassword)
export class ChangeMyPasswordHandler implements ICommandHandler<ChangeMyPassword, { endedSessions: number }> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, currentPassword, newPassword, client }: ChangeMyPassword): Promise<{ endedSessions: number }> {
    const now = this.clock.now();
    const step = (name: string) => stepContext(client, name, caller.userId, caller.ip, now);
    // Asked again after the change, the "current" password of the request is the old one: don't check it twice.
    if ((await this.accounts.handledBefore(caller.userId, step('password'))) === null) {
      const account = await this.accounts.loadRegistered(caller.userId);
      if (account === null || !(await this.hasher.verify(currentPassword, account.passwordHash))) throw new InvalidCredentials();
      const passwordHash = await this.hasher.hash(newPassword);
      await this.bus.execute(new ChangePassword(caller.userId, { passwordHash, reason: 'user-request', at: now.toISOString() }, step('password')));
    }
    return { endedSessions: await this.sessions.endAll(caller.userId, 'password-changed', caller.ip, client, caller.sessionId) };
  }
}

/** Someone sets a new password by proving the number with an SMS code; every session of the account ends. */
export class ResetPasswordWithSmsCode extends Command<{ endedSessions: number }> {
  constructor(
    readonly phone: string,
    readonly smsCode: string,
    readonly newPassword: string,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ResetPasswordWithSmsCode)
export class ResetPasswordWithSmsCodeHandler implements ICommandHandler<ResetPasswordWithSmsCode, { endedSessions: number }> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly sms: SmsCodes,
    private readonly personal: PersonalData,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute({ phone, smsCode, newPassword, ip, client }: ResetPasswordWithSmsCode): Promise<{ endedSessions: number }> {
    const now = this.clock.now();
    const mobile = normalizeMobile(phone)!;
    await this.sms.consume(mobile, 'reset-password', smsCode, stepContext(client, 'sms-code', 'anonymous', ip, now));
    const userId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(mobile));
    if (userId === null) throw new SmsCodeRefused(); // no code is ever sent to an unregistered number
    const passwordHash = await this.hasher.hash(newPassword);
    await this.bus.execute(new ResetPassword(userId, { passwordHash, at: now.toISOString() }, stepContext(client, 'password', userId, ip, now)));
    return { endedSessions: await this.sessions.endAll(userId, 'password-reset', ip, client) };
  }
}
