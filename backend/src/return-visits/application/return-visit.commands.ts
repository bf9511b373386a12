import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Party } from '@kuaige/domain';
import type { CommandContext } from '../../event-sourcing/command-context';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { ReturnVisits, type ReturnVisitOutcome } from './return-visits';

/** A person records the return visit: the provider or an operator of the order's jurisdiction. */
export class RecordReturnVisit extends Command<ReturnVisitOutcome> {
  constructor(
    readonly workOrderId: string,
    readonly data: { outcome: string; satisfaction: number | null; note: string },
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordReturnVisit)
export class RecordReturnVisitHandler implements ICommandHandler<RecordReturnVisit, ReturnVisitOutcome> {
  constructor(private readonly visits: ReturnVisits) {}
  async execute(m: RecordReturnVisit): Promise<ReturnVisitOutcome> {
    const order = await this.visits.order(m.workOrderId);
    if ((order.status as string) === 'none') throw new NotFoundInScope('WorkOrder');
    return this.visits.handle({ type: 'RecordReturnVisit', data: { workOrderId: m.workOrderId, ...m.data, by: m.by, at: m.at } }, m.context, order);
  }
}

export const RETURN_VISIT_COMMAND_HANDLERS = [RecordReturnVisitHandler];
