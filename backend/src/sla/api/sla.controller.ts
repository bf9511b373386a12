import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Party } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { CurrentActor, inScope, NotFoundInScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { AcknowledgeAlert, GetAlert, GetSlaClock, ListAlerts } from '../application/sla.queries';
import type { AlertRow, SlaClockRow } from '../read-models/sla.projections';
import { AlertsQueryDto } from './sla.dto';
import { SlaErrorFilter } from './sla-error.filter';

const CLOCK =
  '{ workOrderId, priority, calendar, targets: { response, resolution } (business minutes), status (running | paused | stopped), paused, pausedAt, stoppedReason, startedAt, responseDueAt, resolutionDueAt, responseMetAt, resolutionMetAt, met, breached, escalated: [{ target, level }], escalationLevel, deadlines: [{ target, dueAt, escalations: [{ level, at }] }], updatedAt }';
const ALERT = '{ id, alert, kind (breach | escalation), workOrderId, target, level, toNodeId, priority, dueAt, raisedAt, acknowledged, acknowledgedAt, acknowledgedBy }';

const presentedClock = ({ _id, scope: _scope, open: _open, pendingChecks: _pending, nextCheckAt: _next, ...rest }: SlaClockRow) => ({ workOrderId: _id, ...rest });
const presentedAlert = ({ _id, scope: _scope, ...rest }: AlertRow) => ({ id: _id, ...rest });

/** The acting party, as the maintenance deciders are told it (contract: Parties and permissions). */
const partyOf = (actor: Actor): Party =>
  actor.operatorNode
    ? { kind: 'operator', nodeId: actor.operatorNode.id, regionCode: actor.operatorNode.regionCode, userId: actor.userId }
    : { kind: 'enterprise', enterpriseId: actor.enterpriseId ?? '', userId: actor.userId };

/** A work order's SLA clock: response and resolution on the business calendar (WO-9). */
@ApiTags('sla')
@Controller('api/v1/work-orders')
@UseFilters(IdentityErrorFilter)
export class WorkOrderSlaController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/sla')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The SLA clock of a work order I may see: due instants, pauses, breaches and escalation' })
  @ApiOkResponse({ description: CLOCK })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const { clock, order } = await this.queries.execute(new GetSlaClock(id));
    // The order's own row decides who sees it; until it is projected, the clock carries the same scope.
    inScope(actor, 'read', 'WorkOrder', order ?? clock);
    if (!clock) throw new NotFoundInScope('WorkOrder');
    return presentedClock(clock);
  }
}

/** Overdue alerts and escalations in my scope, and taking them on. */
@ApiTags('sla')
@Controller('api/v1/alerts')
@UseFilters(IdentityErrorFilter, SlaErrorFilter)
export class AlertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Permit('work-order:read')
  @ApiOperation({ summary: 'SLA breaches and escalations of the work orders I may see, newest first (?kind=breach&acknowledged=false)' })
  @ApiOkResponse({ description: `{ items: [${ALERT}], total, page, pageSize }` })
  async list(@CurrentActor() actor: Actor, @Query() query: AlertsQueryDto) {
    const filter = {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.acknowledged ? { acknowledged: query.acknowledged === 'true' } : {}),
      ...(query.target ? { target: query.target } : {}),
      ...(query.workOrderId ? { workOrderId: query.workOrderId } : {}),
    };
    const page = await this.queries.execute(new ListAlerts(scopedFilter(actor, 'read', 'WorkOrder', filter), Number(query.page ?? 1), Number(query.pageSize ?? 20)));
    return { ...page, items: page.items.map(presentedAlert) };
  }

  @Post(':id/acknowledge')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Take on an alert: the operators of the order’s jurisdiction or its provider (403 not-your-role otherwise)' })
  @ApiOkResponse({ description: ALERT })
  async acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    const alert = inScope(actor, 'read', 'WorkOrder', await this.queries.execute(new GetAlert(id)));
    await this.commands.execute(new AcknowledgeAlert(alert, partyOf(actor), { userId: actor.userId, ...(actor.enterpriseId ? { enterpriseId: actor.enterpriseId } : {}), ...(actor.operatorNode ? { operatorNodeId: actor.operatorNode.id } : {}), ip: actor.ip }, client));
    return presentedAlert((await this.queries.execute(new GetAlert(id)))!);
  }
}
