import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { maskMobile, normalizeMobile } from '../crypto';
import { PersonalData } from '../personal-data';
import { SmsCodes } from '../sms/sms-codes';
import { ChangeMobileNumber } from './account.commands';
import { Accounts } from './accounts';
import { NotAuthenticated } from './auth.errors';
import { stepContext } from './command-context';
import { MobileNumberClaims } from './mobile-number-claims';
import { ReleaseMobileNumber } from './mobile-number.commands';
import type { Caller } from './session-control';

/** I move my account to another mobile number, proved by an SMS code sent to it. */
export class ChangeMyMobileNumber extends Command<{ phone: string }> {
  constructor(
    readonly caller: Caller,
    readonly phone: string,
    readonly smsCode: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * The new number is claimed before the account switches to it, and the number it left (named by the
 * MobileNumberChanged event) is released last: a crash in between leaves the old number held, never
 * two accounts on one number, and the same request retried finishes the release.
 */
@CommandHandler(ChangeMyMobileNumber)
export class ChangeMyMobileNumberHandler implements ICommandHandler<ChangeMyMobileNumber, { phone: string }> {
  constructor(
    private readonly bus: CommandBus,
    private readonly sms: SmsCodes,
    private readonly accounts: Accounts,
    private readonly claims: MobileNumberClaims,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, phone, smsCode, client }: ChangeMyMobileNumber): Promise<{ phone: string }> {
    const mobile = normalizeMobile(phone)!;
    if ((await this.accounts.loadRegistered(caller.userId)) === null) throw new NotAuthenticated();
    const now = this.clock.now();
    const at = now.toISOString();
    const step = (name: string) => stepContext(client, name, caller.userId, caller.ip, now);
    await this.sms.consume(mobile, 'change-phone', smsCode, step('sms-code'));
    const mobileIndex = this.personal.mobileIndex(mobile);
    await this.claims.claim(mobileIndex, caller.userId, client, caller.ip, now);
    const changed = await this.bus.execute(
      new ChangeMobileNumber(caller.userId, { mobileIndex, mobileEncrypted: this.personal.encrypt(caller.userId, 'mobile', mobile), at }, step('account')),
    );
    for (const event of changed.events) {
      if (event.type === 'MobileNumberChanged') {
        await this.bus.execute(new ReleaseMobileNumber(event.data.previousMobileIndex, { userId: caller.userId, at }, step('release')));
      }
    }
    return { phone: maskMobile(mobile) };
  }
}
