import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { SuggestEngineers, SuggestProviders, type SuggestionsView } from '../application/suggestions';
import { DispatchErrorFilter } from './dispatch-error.filter';
import { DispatchScope, NotYourRole } from './dispatch-scope';
import { SuggestionQueryDto } from './dto/dispatch.dto';

const VIEW =
  "{ workOrderId, priority, weights: { skill, certification, region, distance, workload, rating }, items: [{ id, name, rank, score, factors: [{ factor: 'skill'|'region'|'distance'|'workload'|'rating'|'certification', value, weight, points, reason: { 'zh-CN', en } }] }] }";

/** Ranked suggestions with their reasons (WO-4, WO-5): providers for the operator, engineers for the provider. */
@ApiTags('dispatch')
@Controller('api/v1/work-orders/:id')
@UseFilters(DispatchErrorFilter)
export class SuggestionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly scope: DispatchScope,
  ) {}

  @Get('dispatch-suggestions')
  @Permit('work-order:dispatch')
  @ApiOperation({ summary: 'Providers ranked for this order, best first, each factor with its points and reason; for the operator of the order’s jurisdiction' })
  @ApiOkResponse({ description: VIEW })
  async providers(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: SuggestionQueryDto): Promise<SuggestionsView> {
    const order = await this.scope.workOrder(actor, 'dispatch', id);
    // The requester's own admins may dispatch-read their order too; choosing a provider is the operator's.
    if (!actor.operatorNode || !order.scope.regions.includes(actor.operatorNode.regionCode))
      throw new NotYourRole('id', 'dispatch suggestions are for the operator of the order’s jurisdiction');
    return this.queries.execute(new SuggestProviders(order, Number(query.limit ?? 10)));
  }

  @Get('engineer-suggestions')
  @Permit('work-order:assign')
  @ApiOperation({ summary: 'The provider’s engineers ranked for this order, best first, with reasons; for the provider the order was dispatched to' })
  @ApiOkResponse({ description: VIEW })
  async engineers(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: SuggestionQueryDto): Promise<SuggestionsView> {
    const order = await this.scope.workOrder(actor, 'assign', id);
    if (!actor.enterpriseId || order.providerId !== actor.enterpriseId)
      throw new NotYourRole('id', 'engineer suggestions are for the provider the order was dispatched to');
    return this.queries.execute(new SuggestEngineers(order, actor.enterpriseId, Number(query.limit ?? 10)));
  }
}
