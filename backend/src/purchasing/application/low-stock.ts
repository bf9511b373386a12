import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  part,
  partStream,
  stockStreamIds,
  stockThreshold,
  stockThresholdStream,
  stock,
  stockStream,
  type LowStockDetected,
  type Party,
} from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type DispatchContext, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { scopedTo } from '../../tenancy/application/event-scope';
import { availableAt, postStock, RaisePurchaseRequest } from './purchasing.commands';
import { receiptsToStock, type StockPosting } from './receipt-postings';

// ---- Low stock → one purchase request per crossing, and receipts → stock: durable reactions ---------
// `purchasing-low-stock-watch` tells a part × warehouse's threshold of every movement that changes the
// available stock, with the ledger's revision; the threshold decides whether that movement crossed below
// the minimum (LowStockDetected, once per crossing). `purchasing-reorder` raises the purchase request
// for a LowStockDetected, under a request id and command id derived from that event's id. Both run with
// their own checkpoints: a replay, a restart or a crash between an event and its command issues the same
// command id again, and the command side appends nothing twice.

export const LOW_STOCK_WATCH = 'purchasing-low-stock-watch';
export const REORDER_REACTION = 'purchasing-reorder';
const SYSTEM_ACTOR = { userId: 'system:purchasing' } as const;
const REORDER_PARTY: Party = { kind: 'system', reason: 'low-stock' };

/** Movements that change the available stock (on hand − reserved). */
const AVAILABILITY_EVENTS = [
  'StockShelved',
  'StockIssueApproved',
  'StockIssueCancelled',
  'StockReturned',
  'StockTransferredOut',
  'StockTransferredIn',
  'StockAdjusted',
] as const;

const observe: ReactionHandler = (e) => ({
  type: 'ObserveStock',
  data: { streamId: e.streamId, revision: e.revision, eventId: e.eventId, at: e.recordedAt },
});
export const lowStockWatch = reaction(LOW_STOCK_WATCH, Object.fromEntries(AVAILABILITY_EVENTS.map((type) => [type, observe])));

export const reorder = reaction(REORDER_REACTION, {
  LowStockDetected: (e) => ({ type: 'RaiseReorderRequest', data: { eventId: e.eventId, ...(e as RecordedEvent<LowStockDetected>).data } }),
});

/** The purchase request a crossing raises: its id derives from the LowStockDetected event's. */
export const reorderRequestIdOf = (lowStockEventId: string): string => digestUuid('purchasing-reorder', lowStockEventId);

const systemContext = (context: DispatchContext, enterpriseId: string): CommandContext =>
  scopedTo({ ...context, actor: SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] }, [enterpriseId], []);

@Injectable()
export class PurchasingReactions implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly commands: CommandBus,
    private readonly registry: ReactionRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.add(lowStockWatch, {
      ObserveStock: (command, context) =>
        this.observe(command.data as { streamId: string; revision: number; eventId: string; at: string }, context),
    });
    this.registry.add(reorder, {
      RaiseReorderRequest: (command, context) =>
        this.raise(command.data as unknown as LowStockDetected['data'] & { eventId: string }, context),
    });
    const onPosting: Dispatch = (command, context) =>
      postStock(this.commands, command.data as unknown as StockPosting, {
        ...context,
        tenantIds: [],
        jurisdiction: [],
        actor: SYSTEM_ACTOR,
      });
    this.registry.add(receiptsToStock, { PostPurchaseReceipt: onPosting });
  }

  /** Judges one movement against its threshold; a ledger without one answers at once, appending nothing. */
  async observe(data: { streamId: string; revision: number; eventId: string; at: string }, context: DispatchContext) {
    const { warehouseId, partId } = stockStreamIds(data.streamId);
    const threshold = await this.streams.load(stockThresholdStream(warehouseId, partId), stockThreshold);
    if (threshold.state.status === 'none' || data.revision <= threshold.state.observedRevision)
      return { commandId: context.commandId, duplicate: false };
    const { available } = await availableAt(this.streams, warehouseId, partId, data.revision);
    return this.streams.handle(
      stockThresholdStream(warehouseId, partId),
      { type: 'ObserveStock', data: { available, stockEventId: data.eventId, stockRevision: data.revision, at: data.at } },
      stockThreshold,
      systemContext(context, threshold.state.enterpriseId),
    );
  }

  /** One request for the suggested quantity, at the part's cheapest supplier price (or its average cost). */
  async raise(data: LowStockDetected['data'] & { eventId: string }, context: DispatchContext) {
    const [p, ledger] = await Promise.all([
      this.streams.load(partStream(data.partId), part),
      this.streams.load(stockStream(data.warehouseId, data.partId), stock),
    ]);
    const prices = p.state.status === 'none' ? [] : p.state.suppliers.map((s) => s.priceFen);
    const estimatedUnitFen = prices.length > 0 ? Math.min(...prices) : ledger.state.lastUnitCostFen;
    return this.commands.execute(
      new RaisePurchaseRequest(
        {
          purchaseRequestId: reorderRequestIdOf(data.eventId),
          enterpriseId: data.enterpriseId,
          lines: [{ partId: data.partId, warehouseId: data.warehouseId, quantity: data.suggestedQuantity, estimatedUnitFen }],
          source: { kind: 'low-stock', warehouseId: data.warehouseId, partId: data.partId },
          reason: `可用库存 ${data.available} 低于下限 ${data.minimum}（available ${data.available} below minimum ${data.minimum}）`,
          by: REORDER_PARTY,
          at: data.at,
        },
        systemContext(context, data.enterpriseId),
      ),
    );
  }
}
