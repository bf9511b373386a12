import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isPasswordChangeDue, mfaRequiredOf, type RegisteredAccount } from '@kuaige/domain';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { maskMobile, maskName } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { UpdateProfile } from './account.commands';
import { Accounts } from './accounts';
import { NotAuthenticated } from './auth.errors';
import { stepContext } from './command-context';
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

/** My own account, masked (read from its stream: my own writes show at once). */
export class GetMyAccount extends Query<MyAccount> {
  constructor(readonly caller: Caller) {
    super();
  }
}

@QueryHandler(GetMyAccount)
export class GetMyAccountHandler implements IQueryHandler<GetMyAccount, MyAccount> {
  constructor(
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ caller }: GetMyAccount): Promise<MyAccount> {
    const a = await this.accounts.loadRegistered(caller.userId);
    if (a === null) throw new NotAuthenticated();
    return {
      userId: a.userId,
      phone: maskMobile(this.personal.decrypt(a.userId, 'mobile', a.mobileEncrypted)),
      displayName: a.displayName,
      realName: a.realNameEncrypted === null ? null : maskName(this.personal.decrypt(a.userId, 'real_name', a.realNameEncrypted)),
      mfa: {
        enabled: a.mfa.kind === 'totp',
        pending: a.mfa.kind === 'pending',
        required: mfaRequiredOf(a),
        recoveryCodesLeft: a.mfa.kind === 'totp' ? a.mfa.recoveryCodes.filter((h) => h !== null).length : 0,
      },
      passwordChangedAt: a.passwordChangedAt,
      passwordChangeDue: isPasswordChangeDue(a.passwordChangedAt, this.clock.now().toISOString(), this.config.passwordMaxAgeDays),
      session: { id: caller.sessionId, steppedUpUntil: caller.steppedUpUntil },
    };
  }
}

/** I change my display name and/or real name. */
export class ChangeMyProfile extends Command<void> {
  constructor(
    readonly caller: Caller,
    readonly change: { readonly displayName?: string; readonly realName?: string },
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ChangeMyProfile)
export class ChangeMyProfileHandler implements ICommandHandler<ChangeMyProfile, void> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, change, client }: ChangeMyProfile): Promise<void> {
    const account: RegisteredAccount | null = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new NotAuthenticated();
    const now = this.clock.now();
    await this.bus.execute(
      new UpdateProfile(
        caller.userId,
        {
          ...(change.displayName !== undefined ? { displayName: change.displayName.trim() } : {}),
          ...(change.realName !== undefined ? { realNameEncrypted: this.personal.encrypt(caller.userId, 'real_name', change.realName.trim()) } : {}),
          at: now.toISOString(),
        },
        stepContext(client, 'profile', caller.userId, caller.ip, now),
      ),
    );
  }
}
