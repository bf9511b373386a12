import { Inject, Injectable } from '@nestjs/common';
import { isPasswordChangeDue, type RegisteredAccount } from '@kuaige/domain';
import { Clock } from '../clock';
import { maskMobile, maskName } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { Accounts } from './accounts';
import { NotAuthenticated } from './auth.errors';
import type { Caller } from './session-control';

/** What /me shows: personal data masked, never in full. */
export interface MyAccount {
  readonly userId: string;
  readonly phone: string;
  readonly displayName: string;
  readonly realName: string | null;
  readonly mfa: { readonly enabled: boolean; readonly pending: boolean; readonly required: boolean; readonly recoveryCodesLeft: number };
  readonly passwordChangedAt: string;
  readonly passwordChangeDue: boolean;
  readonly session: { readonly id: string; readonly steppedUpUntil: string | null };
}

/** The caller's own account: masked view and profile changes. */
@Injectable()
export class Profiles {
  constructor(
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async mine(caller: Caller): Promise<MyAccount> {
    return this.view(await this.own(caller), caller);
  }

  async update(caller: Caller, change: { displayName?: string; realName?: string }): Promise<MyAccount> {
    const { userId } = await this.own(caller);
    await this.accounts.execute(
      userId,
      {
        type: 'UpdateProfile',
        data: {
          ...(change.displayName !== undefined ? { displayName: change.displayName.trim() } : {}),
          ...(change.realName !== undefined ? { realNameEncrypted: this.personal.encrypt(userId, 'real_name', change.realName.trim()) } : {}),
          at: this.clock.now().toISOString(),
        },
      },
      caller.ip,
    );
    return this.mine(caller);
  }

  private async own(caller: Caller): Promise<RegisteredAccount> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new NotAuthenticated();
    return account;
  }

  private view(a: RegisteredAccount, caller: Caller): MyAccount {
    return {
      userId: a.userId,
      phone: maskMobile(this.personal.decrypt(a.userId, 'mobile', a.mobileEncrypted)),
      displayName: a.displayName,
      realName: a.realNameEncrypted === null ? null : maskName(this.personal.decrypt(a.userId, 'real_name', a.realNameEncrypted)),
      mfa: {
        enabled: a.mfa.kind === 'totp',
        pending: a.mfa.kind === 'pending',
        required: a.mfaRequired,
        recoveryCodesLeft: a.mfa.kind === 'totp' ? a.mfa.recoveryCodes.filter((h) => h !== null).length : 0,
      },
      passwordChangedAt: a.passwordChangedAt,
      passwordChangeDue: isPasswordChangeDue(a.passwordChangedAt, this.clock.now().toISOString(), this.config.passwordMaxAgeDays),
      session: { id: caller.sessionId, steppedUpUntil: caller.steppedUpUntil },
    };
  }
}
