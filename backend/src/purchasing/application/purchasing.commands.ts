import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  approvalChain,
  approvalChainStream,
  part,
  partStream,
  purchaseOrder,
  purchaseOrderStream,
  purchaseRequest,
  purchaseRequestStream,
  PurchasingRuleViolation,
  stock,
  stockStream,
  stockThreshold,
  stockThresholdStream,
  warehouse,
  warehouseStream,
  availableOf,
  type ApprovalChainEvent,
  type ApprovalChainState,
  type BandSubmission,
  type Party,
  type PurchaseOrderEvent,
  type PurchaseOrderLine,
  type PurchaseOrderState,
  type PurchaseRequestEvent,
  type PurchaseRequestState,
  type RaisePurchaseRequestData,
  type StockThresholdEvent,
  type StockThresholdState,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reactionCommandId } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { scopedTo, stepOf } from '../../tenancy/application/event-scope';
import { RECEIPT_REACTION, stockMessageOf, stockPostingsOf, type StockPosting } from './receipt-postings';

// ---- Purchasing's commands on the CommandBus: one message and one thin handler each -----------------
// Handlers read what the deciders must know from other streams (the enterprise's approval chain, the
// request an order is placed for, the ledger a threshold watches) and file every event under the
// enterprise (scope.tenants), as inventory does.

const inEnterprise = (context: CommandContext, enterpriseId: string): CommandContext => scopedTo(context, [enterpriseId], []);

/** Each line's part and warehouse exist and belong to the enterprise (the routes checked the caller's scope). */
const assertLinesOf = async (
  streams: AggregateStreams,
  enterpriseId: string,
  lines: readonly { partId: string; warehouseId: string }[],
): Promise<void> => {
  for (const [i, line] of lines.entries()) {
    const [p, w] = await Promise.all([
      streams.load(partStream(line.partId), part),
      streams.load(warehouseStream(line.warehouseId), warehouse),
    ]);
    if (p.state.status === 'none' || p.state.enterpriseId !== enterpriseId)
      throw new PurchasingRuleViolation('part-unknown', `lines.${i}.partId`, 'no such part in the enterprise’s catalogue');
    if (w.state.status === 'none' || w.state.enterpriseId !== enterpriseId)
      throw new PurchasingRuleViolation('warehouse-unknown', `lines.${i}.warehouseId`, 'no such warehouse of the enterprise');
  }
};

// ---- Approval chains -----------------------------------------------------------------------------

export type ApprovalChainOutcome = CommandResult<ApprovalChainEvent, ApprovalChainState>;

export class ConfigureApprovalChain extends Command<ApprovalChainOutcome> {
  constructor(
    readonly data: { enterpriseId: string; bands: readonly BandSubmission[]; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ConfigureApprovalChain)
export class ConfigureApprovalChainHandler implements ICommandHandler<ConfigureApprovalChain, ApprovalChainOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ data, context }: ConfigureApprovalChain): Promise<ApprovalChainOutcome> {
    return this.streams.handle(
      approvalChainStream(data.enterpriseId),
      { type: 'ConfigureApprovalChain', data },
      approvalChain,
      inEnterprise(context, data.enterpriseId),
    );
  }
}

// ---- Purchase requests ---------------------------------------------------------------------------

export type PurchaseRequestOutcome = CommandResult<PurchaseRequestEvent, PurchaseRequestState>;

/**
 * Raises a purchase request (by hand, from low stock, from a work order missing a part). Other modules
 * dispatch it on the CommandBus; give it a derived `context.commandId` when it follows from an event, so
 * that a replay raises nothing twice.
 */
export class RaisePurchaseRequest extends Command<PurchaseRequestOutcome> {
  constructor(
    readonly data: RaisePurchaseRequestData,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RaisePurchaseRequest)
export class RaisePurchaseRequestHandler implements ICommandHandler<RaisePurchaseRequest, PurchaseRequestOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ data, context }: RaisePurchaseRequest): Promise<PurchaseRequestOutcome> {
    const [chain] = await Promise.all([
      this.streams.load(approvalChainStream(data.enterpriseId), approvalChain),
      assertLinesOf(this.streams, data.enterpriseId, data.lines),
    ]);
    return this.streams.handle(
      purchaseRequestStream(data.purchaseRequestId),
      { type: 'RaisePurchaseRequest', data: { ...data, chain: chain.state.bands } },
      purchaseRequest,
      inEnterprise(context, data.enterpriseId),
    );
  }
}

export class ApprovePurchaseRequest extends Command<PurchaseRequestOutcome> {
  constructor(
    readonly purchaseRequestId: string,
    readonly data: { level: number; approverRoles: readonly string[]; note: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RejectPurchaseRequest extends Command<PurchaseRequestOutcome> {
  constructor(
    readonly purchaseRequestId: string,
    readonly data: { approverRoles: readonly string[]; reason: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const enterpriseOfParty = (by: Party): string => (by.kind === 'enterprise' ? by.enterpriseId : '');

@CommandHandler(ApprovePurchaseRequest)
export class ApprovePurchaseRequestHandler implements ICommandHandler<ApprovePurchaseRequest, PurchaseRequestOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ purchaseRequestId, data, context }: ApprovePurchaseRequest): Promise<PurchaseRequestOutcome> {
    return this.streams.handle(
      purchaseRequestStream(purchaseRequestId),
      { type: 'ApprovePurchaseRequest', data },
      purchaseRequest,
      inEnterprise(context, enterpriseOfParty(data.by)),
    );
  }
}

@CommandHandler(RejectPurchaseRequest)
export class RejectPurchaseRequestHandler implements ICommandHandler<RejectPurchaseRequest, PurchaseRequestOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ purchaseRequestId, data, context }: RejectPurchaseRequest): Promise<PurchaseRequestOutcome> {
    return this.streams.handle(
      purchaseRequestStream(purchaseRequestId),
      { type: 'RejectPurchaseRequest', data },
      purchaseRequest,
      inEnterprise(context, enterpriseOfParty(data.by)),
    );
  }
}

// ---- Purchase orders -----------------------------------------------------------------------------

export type PurchaseOrderOutcome = CommandResult<PurchaseOrderEvent, PurchaseOrderState>;

export class PlacePurchaseOrder extends Command<PurchaseOrderOutcome> {
  constructor(
    readonly purchaseOrderId: string,
    readonly data: {
      purchaseRequestId: string;
      supplier: string;
      lines: readonly PurchaseOrderLine[];
      note: string;
      by: Party;
      at: string;
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Places the order for an approved request: the request is marked ordered first (one order per request;
 * the same order's retry finds its own mark), then the order is written. Both steps' ids derive from
 * the command's, so a crash between them leaves a retry that completes the order.
 */
@CommandHandler(PlacePurchaseOrder)
export class PlacePurchaseOrderHandler implements ICommandHandler<PlacePurchaseOrder, PurchaseOrderOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ purchaseOrderId, data, context }: PlacePurchaseOrder): Promise<PurchaseOrderOutcome> {
    const enterpriseId = enterpriseOfParty(data.by);
    const { state: request } = await this.streams.load(purchaseRequestStream(data.purchaseRequestId), purchaseRequest);
    if (request.status === 'none' || request.enterpriseId !== enterpriseId)
      throw new PurchasingRuleViolation('request-unknown', 'purchaseRequestId', 'no such purchase request');
    const placed = await this.streams.load(purchaseOrderStream(purchaseOrderId), purchaseOrder);
    const command = {
      type: 'PlacePurchaseOrder',
      data: {
        purchaseOrderId,
        supplier: data.supplier,
        lines: data.lines,
        note: data.note,
        by: data.by,
        at: data.at,
        request: { purchaseRequestId: request.purchaseRequestId, enterpriseId, lines: request.lines, source: request.source },
      },
    } as const;
    // Check the order's own rules before the request is marked, so a refused order leaves the request open.
    if (placed.state.status === 'none') purchaseOrder.decide(command, placed.state);
    const ctx = inEnterprise({ ...context, commandId: context.commandId ?? `place-order:${purchaseOrderId}` }, enterpriseId);
    await this.streams.handle(
      purchaseRequestStream(request.purchaseRequestId),
      { type: 'MarkPurchaseRequestOrdered', data: { purchaseOrderId, by: data.by, at: data.at } },
      purchaseRequest,
      stepOf(ctx, 'request'),
    );
    return this.streams.handle(purchaseOrderStream(purchaseOrderId), command, purchaseOrder, ctx);
  }
}

export class ReceivePurchaseOrder extends Command<PurchaseOrderOutcome> {
  constructor(
    readonly purchaseOrderId: string,
    readonly data: {
      receiptId: string;
      lines: readonly { partId: string; warehouseId: string; quantity: number }[];
      by: Party;
      at: string;
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Records a delivery against the order, then posts its stock: each line is received into its ledger at
 * the order's price and shelved, under command ids derived from the PurchaseOrderReceived event — the
 * same ids the durable reaction `purchasing-receipts-to-stock` uses when the process died in between, so
 * the stock is posted exactly once.
 */
@CommandHandler(ReceivePurchaseOrder)
export class ReceivePurchaseOrderHandler implements ICommandHandler<ReceivePurchaseOrder, PurchaseOrderOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly commands: CommandBus,
  ) {}

  async execute({ purchaseOrderId, data, context }: ReceivePurchaseOrder): Promise<PurchaseOrderOutcome> {
    const enterpriseId = enterpriseOfParty(data.by);
    const outcome = await this.streams.handle(
      purchaseOrderStream(purchaseOrderId),
      { type: 'ReceivePurchaseOrder', data },
      purchaseOrder,
      inEnterprise(context, enterpriseId),
    );
    const index = outcome.eventTypes.indexOf('PurchaseOrderReceived');
    const eventId = outcome.eventIds[index];
    const event = outcome.events[index];
    if (eventId === undefined || event?.type !== 'PurchaseOrderReceived') return outcome;
    const recorded = { eventId, streamId: outcome.streamId, type: event.type, data: event.data } as unknown as RecordedEvent;
    for (const [i, posting] of stockPostingsOf(recorded).entries()) {
      await postStock(this.commands, posting, {
        commandId: reactionCommandId(RECEIPT_REACTION, eventId, i),
        causationId: eventId,
        correlationId: context.correlationId ?? context.commandId ?? eventId,
        actor: context.actor,
        tenantIds: [],
        jurisdiction: [],
      });
    }
    return outcome;
  }
}

/** Sends one posting (receive or shelve) to inventory's stock commands. */
export const postStock = (commands: CommandBus, posting: StockPosting, context: CommandContext): Promise<CommandResult> =>
  commands.execute(stockMessageOf(posting, context));

// ---- Thresholds and the low-stock watch ------------------------------------------------------------

export type StockThresholdOutcome = CommandResult<StockThresholdEvent, StockThresholdState>;

export class SetStockThreshold extends Command<StockThresholdOutcome> {
  constructor(
    readonly data: { warehouseId: string; partId: string; minimum: number; reorderQuantity: number; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The available stock of a ledger right after its event at `revision` (the ledger's history never changes). */
export const availableAt = async (streams: AggregateStreams, warehouseId: string, partId: string, revision: number | null) => {
  const { events } = await streams.load(stockStream(warehouseId, partId), stock);
  const upTo = revision === null ? events : events.filter((e) => e.revision <= revision);
  const state = upTo.reduce((s, e) => stock.evolve(s, { type: e.type, data: e.data } as never), stock.initialState());
  return { available: availableOf(state), revision: upTo.length === 0 ? -1 : upTo[upTo.length - 1]!.revision };
};

@CommandHandler(SetStockThreshold)
export class SetStockThresholdHandler implements ICommandHandler<SetStockThreshold, StockThresholdOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ data, context }: SetStockThreshold): Promise<StockThresholdOutcome> {
    const enterpriseId = enterpriseOfParty(data.by);
    await assertLinesOf(this.streams, enterpriseId, [data]);
    const now = await availableAt(this.streams, data.warehouseId, data.partId, null);
    return this.streams.handle(
      stockThresholdStream(data.warehouseId, data.partId),
      { type: 'SetStockThreshold', data: { ...data, enterpriseId, available: now.available, stockRevision: now.revision } },
      stockThreshold,
      inEnterprise(context, enterpriseId),
    );
  }
}

export const PURCHASING_COMMAND_HANDLERS = [
  ConfigureApprovalChainHandler,
  RaisePurchaseRequestHandler,
  ApprovePurchaseRequestHandler,
  RejectPurchaseRequestHandler,
  PlacePurchaseOrderHandler,
  ReceivePurchaseOrderHandler,
  SetStockThresholdHandler,
];
