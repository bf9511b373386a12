import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_WITHDRAWAL_RULES,
  expertHelpStream,
  expertPayout,
  expertPayoutStream,
  withdrawalRules,
  withdrawalRulesStream,
  type ExpertHelpClosed,
  type ExpertPayoutCommand,
  type ExpertPayoutEvent,
  type ExpertPayoutState,
  type ExpertWithdrawalRequested,
  type WithdrawalRules,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, visibleRows, type Dispatch, type ReactionHandler, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { EXPERTS_COLLECTION, type ExpertRow } from '../../expert-help/read-models/expert-help.projections';
import type { PayoutProvider } from './payout-provider';

// ---- The command side of expert payouts (`ExpertPayout-<expertId>`) --------------------------------
// Earnings come from a durable reaction on `ExpertHelpClosed` (exactly once: the reactor's derived
// command id, and the decider credits a help once). Every event is filed under the expert's
// jurisdiction (their certification's), so the operators of that region see and approve withdrawals.

export const EXPERT_EARNINGS_REACTION = 'expert-earnings-from-helps';
export const EXPERT_PAYOUT_SYSTEM_ACTOR = { userId: 'system:expert-payouts' } as const;

const HELP_PREFIX = expertHelpStream('');

/**
 * The help fee is the expert's whole: the fee schedule's `expertFeeRateBp` is charged to the provider
 * on the settlement (its platform-fee line), not withheld from the expert, so no rate is passed here.
 */
export const expertEarningsFromHelps = reaction(EXPERT_EARNINGS_REACTION, {
  ExpertHelpClosed: ((e: RecordedEvent<ExpertHelpClosed>) =>
    e.streamId.startsWith(HELP_PREFIX)
      ? { type: 'CreditExpertEarning', data: { expertId: e.data.expertId, helpId: e.data.helpId, workOrderId: e.data.workOrderId, grossFen: e.data.feeFen, platformFeeRateBp: null, at: e.data.at } }
      : null) as unknown as ReactionHandler,
});

export type PayoutResult = CommandResult<ExpertPayoutEvent, ExpertPayoutState>;

@Injectable()
export class ExpertPayouts implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly registry: ReactionRegistry,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  onModuleInit(): void {
    const credit: Dispatch = async (command, context) => {
      const data = command.data as Extract<ExpertPayoutCommand, { type: 'CreditExpertEarning' }>['data'];
      return this.handle(data.expertId, { type: 'CreditExpertEarning', data }, { ...context, actor: EXPERT_PAYOUT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [], at: new Date(data.at) });
    };
    this.registry.add(expertEarningsFromHelps, { CreditExpertEarning: credit });
  }

  /** The expert's jurisdiction (county first) from the experts directory; none for someone never certified. */
  async jurisdictionOf(expertId: string): Promise<readonly string[]> {
    const row = await this.store.collection<ExpertRow>(EXPERTS_COLLECTION).findOne({ $and: [{ _id: expertId }, visibleRows] });
    return row?.scope.regions ?? [];
  }

  /** The rules of the nearest division above the expert that set some; the defaults otherwise. */
  async rulesFor(jurisdiction: readonly string[]): Promise<WithdrawalRules & { divisionCode: string | null }> {
    for (const code of jurisdiction) {
      const { state } = await this.streams.load(withdrawalRulesStream(code), withdrawalRules);
      if (state.status === 'set') return { minimumFen: state.minimumFen, monthlyMaximumFen: state.monthlyMaximumFen, divisionCode: code };
    }
    return { ...DEFAULT_WITHDRAWAL_RULES, divisionCode: null };
  }

  async state(expertId: string): Promise<ExpertPayoutState> {
    return (await this.streams.load(expertPayoutStream(expertId), expertPayout)).state;
  }

  /** Decides on the expert's stream, filed under their jurisdiction. */
  async handle(expertId: string, command: ExpertPayoutCommand, context: CommandContext): Promise<PayoutResult> {
    const jurisdiction = await this.jurisdictionOf(expertId);
    return this.streams.handle(expertPayoutStream(expertId), command, expertPayout, { ...context, tenantIds: [], jurisdiction: [...jurisdiction] });
  }

  /**
   * Pays an approved withdrawal through the provider (idempotent by withdrawal id) and records it. A
   * crash between the two leaves it approved: approving again pays it then.
   */
  async payOut(expertId: string, withdrawalId: string, context: CommandContext, provider: PayoutProvider, accountNumberOf: (encrypted: string) => string): Promise<PayoutResult> {
    const { state, events } = await this.streams.load(expertPayoutStream(expertId), expertPayout);
    const withdrawal = state.withdrawals[withdrawalId];
    const requested = events.find((e): e is typeof e & ExpertWithdrawalRequested => e.type === 'ExpertWithdrawalRequested' && e.data.withdrawalId === withdrawalId);
    let paymentReference = '';
    if (withdrawal?.status === 'approved' && requested) {
      const { payee } = requested.data;
      const sent = await provider.send({ withdrawalId, expertId, amountFen: withdrawal.amountFen, method: payee.method, accountName: payee.accountName, accountNumber: accountNumberOf(payee.accountNumberEncrypted) });
      paymentReference = sent.reference;
    }
    // Paid already: decides nothing. Neither approved nor paid: refused as an illegal transition.
    return this.handle(expertId, { type: 'RecordExpertPayout', data: { withdrawalId, paymentReference, at: (context.at ?? new Date()).toISOString() } }, context);
  }
}
