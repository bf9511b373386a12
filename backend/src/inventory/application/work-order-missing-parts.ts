import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  InventoryRuleViolation,
  part,
  partStream,
  PurchasingRuleViolation,
  warehouse,
  warehouseStream,
  workOrder,
  workOrderStream,
  type Party,
  type PurchaseOrderReceived,
  type WorkOrder,
  type WorkOrderCommand,
  type WorkOrderEvent,
  type WorkOrderState,
} from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { RaisePurchaseRequest } from '../../purchasing';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { scopedTo, stepOf } from '../../tenancy/application/event-scope';
import { tenantsOf } from '../../work-orders/read-models/work-orders.projections';

// ---- A missing part: a purchase request from the work order, the work paused until it arrives -------
// One user action, three streams: the order's decider checks the pause without writing (the engineer
// or the provider, work in progress), purchasing raises the request (source: the work order), then the
// order pauses awaiting parts (WorkPaused stops its SLA clocks). Both appends derive their ids from the
// request's key, so a retry after a crash in between completes what is missing. The durable reaction
// `work-order-parts-arrived` resumes the order when a receipt of a purchase order raised for it is
// recorded, under a command id derived from the receipt's event: once, also across replays.

export const PARTS_ARRIVED_REACTION = 'work-order-parts-arrived';
const SYSTEM_ACTOR = { userId: 'system:work-order-parts' } as const;

type Outcome = CommandResult<WorkOrderEvent, WorkOrderState>;

export interface MissingPartLine {
  readonly partId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  /** The price expected per unit in fen; null: the part's cheapest supplier's price (0 without one). */
  readonly estimatedUnitFen: number | null;
}

const scopeOf = (context: CommandContext, order: WorkOrder): CommandContext =>
  scopedTo(context, tenantsOf({ ...order, ownerId: order.device.ownerId }), order.device.jurisdiction);

/** Ask for parts to be bought for the order, and pause it until they come. */
export class RequestMissingParts extends Command<Outcome & { purchaseRequestId: string }> {
  constructor(
    readonly workOrderId: string,
    readonly data: { lines: readonly MissingPartLine[]; note: string },
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestMissingParts)
export class RequestMissingPartsHandler implements ICommandHandler<RequestMissingParts, Outcome & { purchaseRequestId: string }> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly commands: CommandBus,
  ) {}

  async execute({ workOrderId, data, by, at, context }: RequestMissingParts): Promise<Outcome & { purchaseRequestId: string }> {
    const stream = workOrderStream(workOrderId);
    const { state } = await this.streams.load(stream, workOrder);
    if (state.status === 'none' || state.providerId === null) throw new NotFoundInScope('WorkOrder');
    const purchaseRequestId = digestUuid('work-order-missing-parts', context.commandId ?? `${workOrderId}:${at}`);
    const pause: WorkOrderCommand = { type: 'AwaitParts', data: { purchaseRequestId, note: data.note, by, at } };
    const orderContext = scopeOf(context, state);
    if ((await this.streams.earlier(stream, workOrder, orderContext)) === null) {
      workOrder.decide(pause, state);
      const lines = await this.linesOf(state.providerId, data.lines);
      try {
        await this.commands.execute(
          new RaisePurchaseRequest(
            { purchaseRequestId, enterpriseId: state.providerId, lines, source: { kind: 'work-order', workOrderId }, reason: data.note === '' ? `缺件：${state.number}` : data.note, by, at },
            stepOf(context, 'purchase-request'),
          ),
        );
      } catch (error) {
        // Purchasing's refusals answer like the inventory's (field and rule kept).
        if (error instanceof PurchasingRuleViolation) throw new InventoryRuleViolation(error.rule, error.field, error.message);
        throw error;
      }
    }
    return { ...(await this.streams.handle(stream, pause, workOrder, orderContext)), purchaseRequestId };
  }

  /** Each line's part and warehouse are the provider's (404 naming the line otherwise), priced when not given. */
  private linesOf(providerId: string, lines: readonly MissingPartLine[]) {
    return Promise.all(
      lines.map(async (line, i) => {
        const [p, w] = await Promise.all([this.streams.load(partStream(line.partId), part), this.streams.load(warehouseStream(line.warehouseId), warehouse)]);
        if (p.state.status === 'none' || p.state.enterpriseId !== providerId) throw new NotFoundInScope('Part', `lines[${i}].partId`);
        if (w.state.status === 'none' || w.state.enterpriseId !== providerId) throw new NotFoundInScope('Warehouse', `lines[${i}].warehouseId`);
        const prices = p.state.suppliers.map((s) => s.priceFen);
        const estimatedUnitFen = line.estimatedUnitFen ?? (prices.length === 0 ? 0 : Math.min(...prices));
        return { partId: line.partId, warehouseId: line.warehouseId, quantity: line.quantity, estimatedUnitFen };
      }),
    );
  }
}

interface ResumeOnArrival {
  readonly type: 'ResumeOnPartsArrival';
  readonly data: { workOrderId: string; purchaseOrderId: string; at: string };
}

export const partsArrived = reaction(PARTS_ARRIVED_REACTION, {
  PurchaseOrderReceived: ((e: RecordedEvent<PurchaseOrderReceived>): ResumeOnArrival | null => {
    const { source, purchaseOrderId, at } = e.data;
    return source.kind === 'work-order' ? { type: 'ResumeOnPartsArrival', data: { workOrderId: source.workOrderId, purchaseOrderId, at } } : null;
  }) as unknown as ReactionHandler,
});

/** Resumes work waiting for parts when they arrive (the order's decider decides whether it still waits). */
@Injectable()
export class PartsArrival implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly registry: ReactionRegistry,
  ) {}

  onModuleInit(): void {
    const onArrival: Dispatch = (command, context) => this.resume(command as unknown as ResumeOnArrival, { ...context, actor: SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] });
    this.registry.add(partsArrived, { ResumeOnPartsArrival: onArrival });
  }

  async resume({ data }: ResumeOnArrival, context: CommandContext): Promise<Outcome> {
    const stream = workOrderStream(data.workOrderId);
    const { state } = await this.streams.load(stream, workOrder);
    const by: Party = { kind: 'system', reason: 'parts-arrived' };
    const command: WorkOrderCommand = { type: 'ResumeOnPartsArrival', data: { purchaseOrderId: data.purchaseOrderId, by, at: data.at } };
    return this.streams.handle(stream, command, workOrder, state.status === 'none' ? context : scopeOf(context, state));
  }
}
