import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { digestUuid } from '@kuaige/eventsourcing';
import { payerRolesOf, shareOf, type DraftFeeSchedule, type Party, type PaymentMethod } from '@kuaige/domain';
import type { CommandContext } from '../../event-sourcing/command-context';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';
import { Settlements, type FeeScheduleOutcome, type SettlementOutcome } from './settlements';

// ---- One command per step of a settlement or a fee schedule; each handler hands it to its decider --------

type Context = Omit<CommandContext, 'tenantIds' | 'jurisdiction'>;

abstract class SettlementStep<D> extends Command<SettlementOutcome> {
  constructor(
    readonly settlementId: string,
    readonly data: D,
    readonly by: Party,
    readonly at: string,
    readonly context: Context,
  ) {
    super();
  }
}

export class RaiseDispute extends SettlementStep<{ lineId: string; reason: string }> {}
export class AnswerDispute extends SettlementStep<{ disputeId: string; answer: string }> {}
export class ArbitrateDispute extends SettlementStep<{
  disputeId: string;
  decision: 'upheld' | 'dismissed';
  adjustedAmountFen: number | null;
  note: string;
}> {}
export class ConfirmSettlementStep extends SettlementStep<Record<string, never>> {}
export class PaySettlementStep extends SettlementStep<{ method: PaymentMethod }> {}
export class InvoiceSettlementStep extends SettlementStep<{ title: string; taxNumber: string; email: string | null }> {}
export class CloseSettlementStep extends SettlementStep<Record<string, never>> {}
export class CancelSettlementStep extends SettlementStep<{ reason: string }> {}

/** An id that is the same for the same request (its command id) and new for another. */
const derivedId = (kind: string, m: SettlementStep<unknown>) => digestUuid(kind, m.settlementId, m.context.commandId ?? randomUUID());

@CommandHandler(RaiseDispute)
export class RaiseDisputeHandler implements ICommandHandler<RaiseDispute, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: RaiseDispute) {
    return this.settlements.handle(
      m.settlementId,
      { type: 'RaiseSettlementDispute', data: { disputeId: derivedId('settlement.dispute', m), ...m.data, by: m.by, at: m.at } },
      m.context,
    );
  }
}

@CommandHandler(AnswerDispute)
export class AnswerDisputeHandler implements ICommandHandler<AnswerDispute, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: AnswerDispute) {
    return this.settlements.handle(m.settlementId, { type: 'AnswerSettlementDispute', data: { ...m.data, by: m.by, at: m.at } }, m.context);
  }
}

@CommandHandler(ArbitrateDispute)
export class ArbitrateDisputeHandler implements ICommandHandler<ArbitrateDispute, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: ArbitrateDispute) {
    return this.settlements.handle(
      m.settlementId,
      { type: 'ArbitrateSettlementDispute', data: { ...m.data, by: m.by, at: m.at } },
      m.context,
    );
  }
}

@CommandHandler(ConfirmSettlementStep)
export class ConfirmSettlementHandler implements ICommandHandler<ConfirmSettlementStep, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: ConfirmSettlementStep) {
    return this.settlements.handle(m.settlementId, { type: 'ConfirmSettlement', data: { by: m.by, at: m.at } }, m.context);
  }
}

/**
 * Sends the payer's share through the payment port, then records it. The payment id derives from the
 * request, so a retry after a crash between the two sends the same instruction (the port dedupes) and
 * records it once; a refused step (not a payer, already paid) reaches the decider, which says why.
 */
@CommandHandler(PaySettlementStep)
export class PaySettlementHandler implements ICommandHandler<PaySettlementStep, SettlementOutcome> {
  constructor(
    private readonly settlements: Settlements,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
  ) {}
  async execute(m: PaySettlementStep) {
    const s = await this.settlements.load(m.settlementId);
    const paymentId = derivedId('settlement.payment', m);
    const roles =
      m.by.kind === 'enterprise' ? payerRolesOf(s, m.by.enterpriseId).filter((p) => !s.payments.some((x) => x.payer === p)) : [];
    const ready = s.status === 'confirmed' && roles.length > 0 && m.by.kind === 'enterprise';
    const reference = ready
      ? (
          await this.payments.send({
            paymentId,
            settlementId: s.settlementId,
            workOrderNumber: s.workOrderNumber,
            payerEnterpriseId: m.by.kind === 'enterprise' ? m.by.enterpriseId : '',
            amountFen: shareOf(s, roles),
            method: m.data.method,
            memo: `结算单 ${s.workOrderNumber}`,
          })
        ).reference
      : '';
    return this.settlements.handle(
      m.settlementId,
      { type: 'PaySettlement', data: { paymentId, method: m.data.method, reference, by: m.by, at: m.at } },
      m.context,
    );
  }
}

@CommandHandler(InvoiceSettlementStep)
export class InvoiceSettlementHandler implements ICommandHandler<InvoiceSettlementStep, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: InvoiceSettlementStep) {
    return this.settlements.handle(m.settlementId, { type: 'InvoiceSettlement', data: { ...m.data, by: m.by, at: m.at } }, m.context);
  }
}

@CommandHandler(CloseSettlementStep)
export class CloseSettlementHandler implements ICommandHandler<CloseSettlementStep, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: CloseSettlementStep) {
    return this.settlements.handle(m.settlementId, { type: 'CloseSettlement', data: { by: m.by, at: m.at } }, m.context);
  }
}

@CommandHandler(CancelSettlementStep)
export class CancelSettlementHandler implements ICommandHandler<CancelSettlementStep, SettlementOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: CancelSettlementStep) {
    return this.settlements.handle(m.settlementId, { type: 'CancelSettlement', data: { ...m.data, by: m.by, at: m.at } }, m.context);
  }
}

// ---- Fee schedules -----------------------------------------------------------------------------------

export class DraftFeeScheduleStep extends Command<FeeScheduleOutcome> {
  constructor(
    readonly data: Omit<DraftFeeSchedule['data'], 'by' | 'at'>,
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
export class PublishFeeScheduleStep extends Command<FeeScheduleOutcome> {
  constructor(
    readonly scheduleId: string,
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DraftFeeScheduleStep)
export class DraftFeeScheduleHandler implements ICommandHandler<DraftFeeScheduleStep, FeeScheduleOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: DraftFeeScheduleStep) {
    return this.settlements.handleSchedule(
      m.data.scheduleId,
      { type: 'DraftFeeSchedule', data: { ...m.data, by: m.by, at: m.at } },
      m.context,
    );
  }
}

@CommandHandler(PublishFeeScheduleStep)
export class PublishFeeScheduleHandler implements ICommandHandler<PublishFeeScheduleStep, FeeScheduleOutcome> {
  constructor(private readonly settlements: Settlements) {}
  execute(m: PublishFeeScheduleStep) {
    return this.settlements.handleSchedule(m.scheduleId, { type: 'PublishFeeSchedule', data: { by: m.by, at: m.at } }, m.context);
  }
}

export const SETTLEMENT_COMMAND_HANDLERS = [
  RaiseDisputeHandler,
  AnswerDisputeHandler,
  ArbitrateDisputeHandler,
  ConfirmSettlementHandler,
  PaySettlementHandler,
  InvoiceSettlementHandler,
  CloseSettlementHandler,
  CancelSettlementHandler,
  DraftFeeScheduleHandler,
  PublishFeeScheduleHandler,
];
