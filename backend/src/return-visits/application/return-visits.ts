import { Injectable, type OnModuleInit } from '@nestjs/common';
import { returnVisit, returnVisitStream, workOrder, workOrderStream, type ReturnVisitCommand, type ReturnVisitEvent, type ReturnVisitState, type WorkOrder, type WorkOrderClosed } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type Reaction, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { tenantsOf } from '../../work-orders/read-models/work-orders.projections';

// ---- Return visits: scheduled by a durable reaction when an order closes, recorded by a person ------

export const RETURN_VISIT_REACTION = 'return-visits-from-work-orders';
export const RETURN_VISIT_SYSTEM_ACTOR = { userId: 'system:return-visits' } as const;

/** Days after closing a return visit falls due (RETURN_VISIT_AFTER_DAYS, default 3). */
export const returnVisitAfterDays = (env: NodeJS.ProcessEnv = process.env): number => {
  const value = Number(env['RETURN_VISIT_AFTER_DAYS'] ?? 3);
  return Number.isFinite(value) && value >= 0 ? value : 3;
};

const WORK_ORDER_PREFIX = workOrderStream('');

/** What the reaction asks for: the order and when it closed; the parties are read when it is handled. */
export const returnVisitsFromWorkOrders: Reaction = reaction(RETURN_VISIT_REACTION, {
  WorkOrderClosed: ((e: RecordedEvent<WorkOrderClosed>) =>
    e.streamId.startsWith(WORK_ORDER_PREFIX) ? { type: 'ScheduleReturnVisit', data: { workOrderId: e.streamId.slice(WORK_ORDER_PREFIX.length), closedAt: e.data.at } } : null) as unknown as ReactionHandler,
});

export type ReturnVisitOutcome = CommandResult<ReturnVisitEvent, ReturnVisitState>;

/** The command side of return visits (`ReturnVisit-<workOrderId>`), filed under the order's scope. */
@Injectable()
export class ReturnVisits implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly registry: ReactionRegistry,
  ) {}

  onModuleInit(): void {
    const schedule: Dispatch = async (command, context) => {
      const { workOrderId, closedAt } = command.data as { workOrderId: string; closedAt: string };
      const order = await this.order(workOrderId);
      return this.handle(
        {
          type: 'ScheduleReturnVisit',
          data: {
            workOrderId,
            number: order.number,
            closedAt,
            afterDays: returnVisitAfterDays(),
            parties: { providerId: order.providerId, customerIds: [...new Set([order.requesterId, order.device.ownerId].filter((id): id is string => id !== null))], manufacturerId: order.manufacturerId, regions: order.device.jurisdiction },
            at: closedAt,
          },
        },
        { ...context, actor: RETURN_VISIT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] },
        order,
      );
    };
    this.registry.add(returnVisitsFromWorkOrders, { ScheduleReturnVisit: schedule });
  }

  async order(workOrderId: string): Promise<WorkOrder> {
    return (await this.streams.load(workOrderStream(workOrderId), workOrder)).state as WorkOrder;
  }

  async handle(command: ReturnVisitCommand, context: CommandContext, order: WorkOrder): Promise<ReturnVisitOutcome> {
    const tenantIds = tenantsOf({ requesterId: order.requesterId, ownerId: order.device.ownerId, manufacturerId: order.manufacturerId, providerId: order.providerId });
    return this.streams.handle(returnVisitStream(command.data.workOrderId), command, returnVisit, { ...context, tenantIds, jurisdiction: [...order.device.jurisdiction] });
  }
}
