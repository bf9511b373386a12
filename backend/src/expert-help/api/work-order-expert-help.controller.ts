import { Body, Controller, Get, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { RequestExpertHelp } from '../application/expert-help.commands';
import { GetExpertHelp, ListWorkOrderExpertHelps, type ExpertHelpView } from '../application/expert-help.queries';
import { ExpertHelpErrorFilter } from './expert-help-error.filter';
import { ExpertHelpRequestDto } from './expert-help.dto';
import { HelpParties } from './help-parties';

/**
 * /api/v1/work-orders/:id/expert-help — from the work order: its engineer asks an expert for paid
 * help; whoever may read the order sees what its helps added to the record (closed helps' summaries).
 */
@ApiTags('expert-help')
@Controller('api/v1/work-orders/:id/expert-help')
@UseFilters(ExpertHelpErrorFilter)
export class WorkOrderExpertHelpController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly parties: HelpParties,
    private readonly clock: Clock,
  ) {}

  private async order(id: string): Promise<WorkOrderRow | null> {
    await this.freshness.caughtUp(['work_orders']);
    return this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] });
  }

  @Get()
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The expert helps of a work order I may read: status, expert, and the summary once closed (the fee only for its provider)' })
  @ApiOkResponse({ description: '{ items: [{ id, expertId, expertName, engineerId, engineerName, fieldCode, status, requestedAt, closedAt, summary, feeFen }] }' })
  async list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const row = await this.order(id);
    return this.queries.execute(new ListWorkOrderExpertHelps(actor, inScope(actor, 'read', 'WorkOrder', row)));
  }

  @Post()
  @Permit('work-order:update')
  @ApiOperation({ summary: 'The engineer of an order in progress asks a certified expert for paid help at the expert’s tariff' })
  @ApiCreatedResponse({ description: 'the help (status requested)' })
  async request(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ExpertHelpRequestDto, @Client() client: ClientCommand): Promise<ExpertHelpView> {
    const row = inScope(actor, 'read', 'WorkOrder', await this.order(id));
    const helpId = client.idOf('expert-help');
    const context = { ...actingContext(client, 'request-expert-help', actor, this.clock.now()), tenantIds: [...row.scope.tenants], jurisdiction: [...row.scope.regions] };
    const result = await this.commands.execute(
      new RequestExpertHelp(
        helpId,
        id,
        { expertId: dto.expertId, fieldCode: dto.fieldCode, question: dto.question, attachmentBlobIds: dto.attachmentBlobIds ?? [] },
        { userId: actor.userId, enterpriseId: actor.enterpriseId },
        context,
      ),
    );
    return this.queries.execute(new GetExpertHelp(await this.parties.after(helpId, actor.userId, result.position)));
  }
}
