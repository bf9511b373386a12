import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appointment, appointmentStream, membership, membershipStream, workOrder, workOrderStream, type Party, type VisitSlot, type WorkOrder } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { scopedTo } from '../../tenancy/application/event-scope';
import { tenantsOf } from '../../work-orders/read-models/work-orders.projections';
import { Appointments, reminderLeadMinutes, type AppointmentOutcome } from './appointments';

// ---- The appointment's commands on the CommandBus: one message and one thin handler each ----------
// Handlers read the order (404 when there is none) and, for a proposal, whether the engineer works for
// the provider; events are filed under the order's scope.

abstract class AppointmentMessage<D> extends Command<AppointmentOutcome> {
  constructor(
    readonly workOrderId: string,
    readonly data: D,
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ProposeAppointment extends AppointmentMessage<{ slots: readonly VisitSlot[]; place: string; engineerId: string | null }> {}
export class ConfirmAppointment extends AppointmentMessage<{ slotStart: string }> {}
export class RequestAppointmentReschedule extends AppointmentMessage<{ reason: string }> {}

const orderOf = async (streams: AggregateStreams, workOrderId: string): Promise<WorkOrder> => {
  const { state } = await streams.load(workOrderStream(workOrderId), workOrder);
  if (state.status === 'none') throw new NotFoundInScope('WorkOrder');
  return state as WorkOrder;
};

const scopeOf = (context: CommandContext, order: WorkOrder): CommandContext =>
  scopedTo(context, tenantsOf({ requesterId: order.requesterId, ownerId: order.device.ownerId, manufacturerId: order.manufacturerId, providerId: order.providerId }), order.device.jurisdiction);

@CommandHandler(ProposeAppointment)
export class ProposeAppointmentHandler implements ICommandHandler<ProposeAppointment, AppointmentOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly appointments: Appointments,
  ) {}
  async execute(m: ProposeAppointment): Promise<AppointmentOutcome> {
    const order = await orderOf(this.streams, m.workOrderId);
    const engineerIsMember =
      m.data.engineerId !== null && order.providerId !== null && (await this.streams.load(membershipStream(order.providerId, m.data.engineerId), membership)).state.status === 'active';
    return this.appointments.handle(
      {
        type: 'ProposeAppointment',
        data: {
          workOrderId: m.workOrderId,
          ...m.data,
          engineerIsMember,
          order: { status: order.status, providerId: order.providerId, requesterId: order.requesterId, ownerId: order.device.ownerId, assigneeId: order.assigneeId, regions: order.device.jurisdiction },
          by: m.by,
          at: m.at,
        },
      },
      scopeOf(m.context, order),
    );
  }
}

@CommandHandler(ConfirmAppointment)
export class ConfirmAppointmentHandler implements ICommandHandler<ConfirmAppointment, AppointmentOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly appointments: Appointments,
  ) {}
  async execute(m: ConfirmAppointment): Promise<AppointmentOutcome> {
    const order = await orderOf(this.streams, m.workOrderId);
    return this.appointments.handle({ type: 'ConfirmAppointment', data: { workOrderId: m.workOrderId, slotStart: m.data.slotStart, reminderLeadMinutes: reminderLeadMinutes(), by: m.by, at: m.at } }, scopeOf(m.context, order));
  }
}

@CommandHandler(RequestAppointmentReschedule)
export class RequestAppointmentRescheduleHandler implements ICommandHandler<RequestAppointmentReschedule, AppointmentOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly appointments: Appointments,
  ) {}
  async execute(m: RequestAppointmentReschedule): Promise<AppointmentOutcome> {
    const order = await orderOf(this.streams, m.workOrderId);
    return this.appointments.handle({ type: 'RequestAppointmentReschedule', data: { workOrderId: m.workOrderId, reason: m.data.reason, by: m.by, at: m.at } }, scopeOf(m.context, order));
  }
}

/** The appointment's state, folded from its stream (the reminder job and the detail read it). */
export const loadAppointment = async (streams: AggregateStreams, workOrderId: string) => (await streams.load(appointmentStream(workOrderId), appointment)).state;

export const APPOINTMENT_COMMAND_HANDLERS = [ProposeAppointmentHandler, ConfirmAppointmentHandler, RequestAppointmentRescheduleHandler];
