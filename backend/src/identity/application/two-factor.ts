import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, OneTimeCodeRefused } from '@kuaige/domain';
import { ResponseNotReplayable, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { acceptTotp, base32Encode, generateRecoveryCodes, generateTotpSecret, maskMobile, otpauthUri, RECOVERY_CODE_KEY_PURPOSE } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { ConfirmTotp, DisableMfa, StartTotpSetup } from './account.commands';
import { Accounts } from './accounts';
import { SecondFactorRefused } from './auth.errors';
import { stepContext } from './command-context';
import { SecondFactors, type PresentedFactor } from './second-factor';
import type { Caller } from './session-control';

// ---- TOTP set-up, confirmation with recovery codes, and switching MFA off (ID-3) ------------------

export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
}

/** I start setting up an authenticator app. */
export class StartTotpEnrolment extends Command<TotpEnrolment> {
  constructor(
    readonly caller: Caller,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/** A new secret, kept encrypted until confirmed; a retried request answers with the secret it recorded. */
@CommandHandler(StartTotpEnrolment)
export class StartTotpEnrolmentHandler implements ICommandHandler<StartTotpEnrolment, TotpEnrolment> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ caller, client }: StartTotpEnrolment): Promise<TotpEnrolment> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new IllegalTransition('unregistered', 'StartTotpSetup');
    const now = this.clock.now();
    const fresh = this.personal.encrypt(caller.userId, 'totp_secret', generateTotpSecret().toString('base64'));
    const started = await this.bus.execute(new StartTotpSetup(caller.userId, { secretEncrypted: fresh, at: now.toISOString() }, stepContext(client, 'totp-setup', caller.userId, caller.ip, now)));
    const recorded = started.events.find((e) => e.type === 'TotpSetupStarted')!;
    const secret = Buffer.from(this.personal.decrypt(caller.userId, 'totp_secret', recorded.data.secretEncrypted), 'base64');
    // The label shows the masked number, so the authenticator app does not store the full one.
    const label = maskMobile(this.personal.decrypt(caller.userId, 'mobile', account.mobileEncrypted));
    return { secret: base32Encode(secret, { padding: false }), otpauthUri: otpauthUri({ issuer: this.config.mfaIssuer, account: label, secret }) };
  }
}

/** I confirm the set-up with a first code from the app; MFA is on, and I get recovery codes, once. */
export class ConfirmTotpEnrolment extends Command<{ recoveryCodes: readonly string[] }> {
  constructor(
    readonly caller: Caller,
    readonly code: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ConfirmTotpEnrolment)
export class ConfirmTotpEnrolmentHandler implements ICommandHandler<ConfirmTotpEnrolment, { recoveryCodes: readonly string[] }> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly factors: SecondFactors,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, code, client }: ConfirmTotpEnrolment): Promise<{ recoveryCodes: readonly string[] }> {
    const now = this.clock.now();
    const context = stepContext(client, 'totp-confirm', caller.userId, caller.ip, now);
    if ((await this.accounts.handledBefore(caller.userId, context)) !== null) {
      throw new ResponseNotReplayable('MFA is on, and its recovery codes were shown once and are kept only as hashes; switch MFA off and on again for new ones');
    }
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null || account.mfa.kind !== 'pending') throw new IllegalTransition(`mfa-${account?.mfa.kind ?? 'none'}`, 'ConfirmTotp');
    const secret = this.factors.secretOf(caller.userId, account.mfa.secretEncrypted);
    const step = acceptTotp(secret, code, now, null);
    if (step === null) throw new OneTimeCodeRefused('wrong code; check the time on your phone');
    const { codes, hashes } = generateRecoveryCodes(this.personal.macKey(RECOVERY_CODE_KEY_PURPOSE));
    await this.bus.execute(new ConfirmTotp(caller.userId, { step, recoveryCodeHashes: [...hashes], at: now.toISOString() }, context));
    return { recoveryCodes: codes };
  }
}

/** I switch MFA off: a fresh code (or recovery code) on top of the step-up. */
export class SwitchOffMfa extends Command<void> {
  constructor(
    readonly caller: Caller,
    readonly presented: PresentedFactor,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(SwitchOffMfa)
export class SwitchOffMfaHandler implements ICommandHandler<SwitchOffMfa, void> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly factors: SecondFactors,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, presented, client }: SwitchOffMfa): Promise<void> {
    const now = this.clock.now();
    const context = stepContext(client, 'mfa-off', caller.userId, caller.ip, now);
    // Asked again after it succeeded: the code it spent would now be refused as a replay.
    if ((await this.accounts.handledBefore(caller.userId, context)) !== null) return;
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null || account.mfa.kind !== 'totp') throw new IllegalTransition(`mfa-${account?.mfa.kind ?? 'none'}`, 'DisableMfa');
    const check = this.factors.check(account, presented);
    if (!check.ok) throw new SecondFactorRefused();
    await this.bus.execute(new DisableMfa(caller.userId, { factor: check.factor, at: now.toISOString() }, context));
  }
}
