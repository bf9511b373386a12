import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import { account, accountStream, type AccountCommand, type AccountEvent, type AccountState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- The account's commands on the CommandBus: one message and one thin handler each ----------------
// A handler only addresses the stream and calls the Account decider through AggregateStreams; every
// rule is the decider's. Callers switch on the typed events of the outcome.

export type AccountOutcome = CommandResult<AccountEvent, AccountState>;
type DataOf<T extends AccountCommand['type']> = Extract<AccountCommand, { type: T }>['data'];

abstract class AccountMessage<T extends AccountCommand['type']> extends Command<AccountOutcome> {
  abstract readonly type: T;
  constructor(
    readonly userId: string,
    readonly data: DataOf<T>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RegisterAccount extends AccountMessage<'RegisterAccount'> {
  readonly type = 'RegisterAccount';
}
export class RecordLogin extends AccountMessage<'RecordLogin'> {
  readonly type = 'RecordLogin';
}
export class ChangePassword extends AccountMessage<'ChangePassword'> {
  readonly type = 'ChangePassword';
}
export class ResetPassword extends AccountMessage<'ResetPassword'> {
  readonly type = 'ResetPassword';
}
export class StartTotpSetup extends AccountMessage<'StartTotpSetup'> {
  readonly type = 'StartTotpSetup';
}
export class ConfirmTotp extends AccountMessage<'ConfirmTotp'> {
  readonly type = 'ConfirmTotp';
}
export class UseSecondFactor extends AccountMessage<'UseSecondFactor'> {
  readonly type = 'UseSecondFactor';
}
export class DisableMfa extends AccountMessage<'DisableMfa'> {
  readonly type = 'DisableMfa';
}
export class SetMfaRequirement extends AccountMessage<'SetMfaRequirement'> {
  readonly type = 'SetMfaRequirement';
}
export class RequireMfa extends AccountMessage<'RequireMfa'> {
  readonly type = 'RequireMfa';
}
export class LiftMfaRequirement extends AccountMessage<'LiftMfaRequirement'> {
  readonly type = 'LiftMfaRequirement';
}
export class ChangeMobileNumber extends AccountMessage<'ChangeMobileNumber'> {
  readonly type = 'ChangeMobileNumber';
}
export class UpdateProfile extends AccountMessage<'UpdateProfile'> {
  readonly type = 'UpdateProfile';
}
export class DisableAccount extends AccountMessage<'DisableAccount'> {
  readonly type = 'DisableAccount';
}

@Injectable()
abstract class OnAccount<M extends AccountMessage<AccountCommand['type']>> {
  constructor(private readonly streams: AggregateStreams) {}

  execute(message: M): Promise<AccountOutcome> {
    return this.streams.handle(accountStream(message.userId), { type: message.type, data: message.data } as AccountCommand, account, message.context);
  }
}

@CommandHandler(RegisterAccount)
export class RegisterAccountHandler extends OnAccount<RegisterAccount> {}
@CommandHandler(RecordLogin)
export class RecordLoginHandler extends OnAccount<RecordLogin> {}
@CommandHandler(ChangePassword)
export class ChangePasswordHandler extends OnAccount<ChangePassword> {}
@CommandHandler(ResetPassword)
export class ResetPasswordHandler extends OnAccount<ResetPassword> {}
@CommandHandler(StartTotpSetup)
export class StartTotpSetupHandler extends OnAccount<StartTotpSetup> {}
@CommandHandler(ConfirmTotp)
export class ConfirmTotpHandler extends OnAccount<ConfirmTotp> {}
@CommandHandler(UseSecondFactor)
export class UseSecondFactorHandler extends OnAccount<UseSecondFactor> {}
@CommandHandler(DisableMfa)
export class DisableMfaHandler extends OnAccount<DisableMfa> {}
@CommandHandler(SetMfaRequirement)
export class SetMfaRequirementHandler extends OnAccount<SetMfaRequirement> {}
@CommandHandler(RequireMfa)
export class RequireMfaHandler extends OnAccount<RequireMfa> {}
@CommandHandler(LiftMfaRequirement)
export class LiftMfaRequirementHandler extends OnAccount<LiftMfaRequirement> {}
@CommandHandler(ChangeMobileNumber)
export class ChangeMobileNumberHandler extends OnAccount<ChangeMobileNumber> {}
@CommandHandler(UpdateProfile)
export class UpdateProfileHandler extends OnAccount<UpdateProfile> {}
@CommandHandler(DisableAccount)
export class DisableAccountHandler extends OnAccount<DisableAccount> {}

export const ACCOUNT_COMMAND_HANDLERS = [
  RegisterAccountHandler,
  RecordLoginHandler,
  ChangePasswordHandler,
  ResetPasswordHandler,
  StartTotpSetupHandler,
  ConfirmTotpHandler,
  UseSecondFactorHandler,
  DisableMfaHandler,
  SetMfaRequirementHandler,
  RequireMfaHandler,
  LiftMfaRequirementHandler,
  ChangeMobileNumberHandler,
  UpdateProfileHandler,
  DisableAccountHandler,
];
