import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { subject as asSubject } from '@casl/ability';
import { APPOINTMENT_ORDER_STATUSES, type Party } from '@kuaige/domain';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { ConfirmAppointment, ProposeAppointment, RequestAppointmentReschedule } from '../application/appointment.commands';
import { APPOINTMENTS_COLLECTION, type AppointmentRow } from '../read-models/appointments.projections';
import { VisitErrorFilter } from './appointment-error.filter';
import { ConfirmAppointmentDto, ProposeAppointmentDto, RescheduleAppointmentDto } from './appointments.dto';

const VIEW =
  '{ workOrderId, status (none | proposed | confirmed | reschedule-requested), round, slots: [{ start, end }], place, engineerId, providerId, customerIds, confirmed, remindAt, reminderPending, remindedAt, history: [{ round, kind, by, reason, at }], actions: [propose | confirm | reschedule] }';

/** The visit appointment of a work order (WO-16): proposed by the provider, confirmed or moved by the equipment user. */
@ApiTags('appointments')
@Controller('api/v1/work-orders')
@UseFilters(VisitErrorFilter)
export class AppointmentsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get(':id/appointment')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The visit appointment of a work order I may see, and what I may do with it' })
  @ApiOkResponse({ description: VIEW })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp([APPOINTMENTS_COLLECTION, WORK_ORDERS_COLLECTION]);
    return this.view(actor, await this.order(actor, id, 'read'));
  }

  @Post(':id/appointment/proposals')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Propose visit slots, place and engineer (the provider or its assigned engineer); replaces an earlier proposal' })
  @ApiOkResponse({ description: VIEW })
  propose(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ProposeAppointmentDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'propose-appointment', (by, at, context) =>
      new ProposeAppointment(id, { slots: dto.slots.map((s) => ({ start: s.start, end: s.end })), place: dto.place, engineerId: dto.engineerId ?? null }, by, at, context),
    );
  }

  @Post(':id/appointment/confirm')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Confirm one of the proposed slots (the equipment user); a reminder is recorded before the visit' })
  @ApiOkResponse({ description: VIEW })
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ConfirmAppointmentDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'read', client, 'confirm-appointment', (by, at, context) => new ConfirmAppointment(id, { slotStart: dto.slotStart }, by, at, context));
  }

  @Post(':id/appointment/reschedule-request')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Ask the provider for another time, saying why (the equipment user)' })
  @ApiOkResponse({ description: VIEW })
  reschedule(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RescheduleAppointmentDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'read', client, 'reschedule-appointment', (by, at, context) => new RequestAppointmentReschedule(id, { reason: dto.reason }, by, at, context));
  }

  private async order(actor: Actor, id: string, action: Action): Promise<WorkOrderRow> {
    return inScope(actor, action, 'WorkOrder', await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }));
  }

  private async step(actor: Actor, id: string, action: Action, client: ClientCommand, name: string, make: (by: Party, at: string, context: CommandContext) => object) {
    await this.freshness.caughtUp([WORK_ORDERS_COLLECTION]);
    const order = await this.order(actor, id, action);
    const now = this.clock.now();
    await this.commands.execute(make(partyOf(actor), now.toISOString(), actingContext(client, name, actor, now)) as never);
    await this.freshness.caughtUp([APPOINTMENTS_COLLECTION]);
    return this.view(actor, order);
  }

  private async view(actor: Actor, order: WorkOrderRow) {
    const found = await this.store.collection<AppointmentRow>(APPOINTMENTS_COLLECTION).findOne({ $and: [{ _id: order._id }, visibleRows] });
    const customer = actor.enterpriseId !== null && [order.requesterId, order.ownerId].includes(actor.enterpriseId);
    const provider = actor.enterpriseId !== null && actor.enterpriseId === order.providerId && actor.ability.can('update', asSubject('WorkOrder', { ...order }));
    const status = found?.status ?? 'none';
    const actions = [
      ...(provider && APPOINTMENT_ORDER_STATUSES.includes(order.status) ? ['propose'] : []),
      ...(customer && status === 'proposed' ? ['confirm'] : []),
      ...(customer && (status === 'proposed' || status === 'confirmed') ? ['reschedule'] : []),
    ];
    if (!found) return { workOrderId: order._id, status: 'none', round: 0, slots: [], history: [], actions };
    const { _id: _id, scope: _scope, ...rest } = publicRow(found);
    return { ...rest, actions };
  }
}
