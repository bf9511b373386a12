import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountOf, PLATFORM_PARTY, withdrawalRules, withdrawalRulesStream, type PayoutMethod, type WithdrawalRulesEvent, type WithdrawalRulesState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { PersonalData } from '../../identity/personal-data';
import { PostJournalEntry } from '../../settlements/ledger';
import { ExpertPayouts, type PayoutResult } from './expert-payouts';
import { EXPERT_PAYOUT_PROVIDER, type PayoutProvider } from './payout-provider';

// ---- Expert-payout commands on the CommandBus: one message and one thin handler each ---------------

export const ACCOUNT_NUMBER_FIELD = { entity: 'expert-withdrawal', field: 'account_number' } as const;

const atOf = (context: CommandContext): string => (context.at ?? new Date()).toISOString();

/** '6222 **** 0001': the first four and last four of a number long enough to hide the middle. */
export const maskAccountNumber = (number: string): string => (number.length <= 8 ? `**** ${number.slice(-4)}` : `${number.slice(0, 4)} **** ${number.slice(-4)}`);

export class RequestExpertWithdrawal extends Command<PayoutResult> {
  constructor(
    readonly expertId: string,
    readonly withdrawalId: string,
    readonly amountFen: number,
    readonly payee: { readonly method: PayoutMethod; readonly accountName: string; readonly accountNumber: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestExpertWithdrawal)
export class RequestExpertWithdrawalHandler implements ICommandHandler<RequestExpertWithdrawal> {
  constructor(
    private readonly payouts: ExpertPayouts,
    private readonly personal: PersonalData,
  ) {}

  async execute({ expertId, withdrawalId, amountFen, payee, context }: RequestExpertWithdrawal): Promise<PayoutResult> {
    const { divisionCode: _divisionCode, ...rules } = await this.payouts.rulesFor(await this.payouts.jurisdictionOf(expertId));
    const accountNumberEncrypted = this.personal.encryptOf(ACCOUNT_NUMBER_FIELD.entity, withdrawalId, ACCOUNT_NUMBER_FIELD.field, payee.accountNumber);
    return this.payouts.handle(
      expertId,
      {
        type: 'RequestExpertWithdrawal',
        data: {
          expertId,
          withdrawalId,
          amountFen,
          payee: { method: payee.method, accountName: payee.accountName, accountNumberEncrypted, accountNumberMasked: maskAccountNumber(payee.accountNumber) },
          rules,
          by: context.actor.userId,
          at: atOf(context),
        },
      },
      context,
    );
  }
}

/** An operator approves; the payout follows at once (and again on a retry that finds it approved but unpaid). */
export class ApproveExpertWithdrawal extends Command<PayoutResult> {
  constructor(
    readonly expertId: string,
    readonly withdrawalId: string,
    readonly byNodeId: string,
    readonly context: CommandContext,
    /** The payout's own step of the same request. */
    readonly payoutContext: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ApproveExpertWithdrawal)
export class ApproveExpertWithdrawalHandler implements ICommandHandler<ApproveExpertWithdrawal> {
  constructor(
    private readonly payouts: ExpertPayouts,
    private readonly personal: PersonalData,
    @Inject(EXPERT_PAYOUT_PROVIDER) private readonly provider: PayoutProvider,
    private readonly bus: CommandBus,
  ) {}

  async execute({ expertId, withdrawalId, byNodeId, context, payoutContext }: ApproveExpertWithdrawal): Promise<PayoutResult> {
    const at = atOf(context);
    await this.payouts.handle(expertId, { type: 'ApproveExpertWithdrawal', data: { withdrawalId, byNodeId, byUserId: context.actor.userId, at } }, context);
    const paid = await this.payouts.payOut(expertId, withdrawalId, payoutContext, this.provider, (encrypted) =>
      this.personal.decryptOf(ACCOUNT_NUMBER_FIELD.entity, withdrawalId, ACCOUNT_NUMBER_FIELD.field, encrypted),
    );
    // The ledger follows the recorded payout; its entry id is the withdrawal's, so a retry posts nothing twice.
    const amountFen = paid.state.withdrawals[withdrawalId]?.amountFen ?? 0;
    await this.bus.execute(
      new PostJournalEntry(
        {
          entryId: `expert-withdrawal:${withdrawalId}:payout`,
          tenant: null,
          regions: await this.payouts.jurisdictionOf(expertId),
          lines: [
            { account: accountOf('expert-receivable', expertId), debitFen: amountFen, creditFen: 0 },
            { account: accountOf('cash', PLATFORM_PARTY), debitFen: 0, creditFen: amountFen },
          ],
          reason: '专家提现打款',
          source: { kind: 'expert-withdrawal', id: withdrawalId },
        },
        payoutContext,
        at,
      ),
    );
    return paid;
  }
}

export class RejectExpertWithdrawal extends Command<PayoutResult> {
  constructor(
    readonly expertId: string,
    readonly withdrawalId: string,
    readonly byNodeId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RejectExpertWithdrawal)
export class RejectExpertWithdrawalHandler implements ICommandHandler<RejectExpertWithdrawal> {
  constructor(private readonly payouts: ExpertPayouts) {}
  execute({ expertId, withdrawalId, byNodeId, reason, context }: RejectExpertWithdrawal): Promise<PayoutResult> {
    return this.payouts.handle(expertId, { type: 'RejectExpertWithdrawal', data: { withdrawalId, byNodeId, byUserId: context.actor.userId, reason, at: atOf(context) } }, context);
  }
}

export class SetWithdrawalRules extends Command<CommandResult<WithdrawalRulesEvent, WithdrawalRulesState>> {
  constructor(
    readonly divisionCode: string,
    readonly byNodeId: string,
    readonly rules: { readonly minimumFen: number; readonly monthlyMaximumFen: number | null },
    /** Filed under the node's jurisdiction. */
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetWithdrawalRules)
export class SetWithdrawalRulesHandler implements ICommandHandler<SetWithdrawalRules> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ divisionCode, byNodeId, rules, context }: SetWithdrawalRules) {
    return this.streams.handle(
      withdrawalRulesStream(divisionCode),
      { type: 'SetWithdrawalRules', data: { divisionCode, ...rules, byNodeId, byUserId: context.actor.userId, at: atOf(context) } },
      withdrawalRules,
      context,
    );
  }
}

export const EXPERT_PAYOUT_COMMAND_HANDLERS = [RequestExpertWithdrawalHandler, ApproveExpertWithdrawalHandler, RejectExpertWithdrawalHandler, SetWithdrawalRulesHandler];
