import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MobileNumberTaken } from '@kuaige/domain';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Accounts } from './accounts';
import { stepContext } from './command-context';
import { ClaimMobileNumber, ReleaseMobileNumber } from './mobile-number.commands';

/** Claims of mobile numbers for registrations and changes of number, with the claims crashes leave behind. */
@Injectable()
export class MobileNumberClaims {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
  ) {}

  /**
   * Claims the number for `userId` (step `claim` of the request). A claim kept by an account that has
   * moved to another number (a crash between the switch and the release) blocks nobody: it is
   * released for its holder, then the number is claimed. Any other holder: MobileNumberTaken.
   */
  async claim(mobileIndex: string, userId: string, client: ClientCommand, ip: string, at: Date): Promise<void> {
    const claim = () => this.bus.execute(new ClaimMobileNumber(mobileIndex, { userId, at: at.toISOString() }, stepContext(client, 'claim', userId, ip, at)));
    try {
      await claim();
    } catch (error) {
      if (!(error instanceof MobileNumberTaken)) throw error;
      const holder = await this.accounts.userIdByMobileIndex(mobileIndex);
      const held = holder === null ? null : await this.accounts.loadRegistered(holder);
      if (holder === null || held === null || held.mobileIndex === mobileIndex) throw error;
      await this.bus.execute(new ReleaseMobileNumber(mobileIndex, { userId: holder, at: at.toISOString() }, stepContext(client, 'release-stale-claim', holder, ip, at)));
      await claim();
    }
  }
}
