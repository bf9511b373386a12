import { Injectable, UnauthorizedException } from '@nestjs/common';
import { mfaSatisfied } from '@kuaige/domain';
import { Accounts } from './accounts';
import { MfaSetupRequired } from './auth.errors';

/**
 * For guards of privileged permissions: refuses (403, rule `mfa-setup-required`) a user whose account
 * requires MFA (a privileged role, or the account's own flag) and has no TOTP set up yet.
 */
@Injectable()
export class MfaGate {
  constructor(private readonly accounts: Accounts) {}

  async check(userId: string): Promise<void> {
    const account = await this.accounts.loadRegistered(userId);
    if (account === null) {
      const message = 'no such account: sign in again';
      throw new UnauthorizedException({ statusCode: 401, message, errors: [{ field: 'authorization', rule: 'authenticated', message }] });
    }
    if (!mfaSatisfied(account)) throw new MfaSetupRequired();
  }
}
