import type { DomainEvent, SlaCommand } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Reaction, type ReactionHandler } from '@kuaige/projections';
import { workOrderIdOf, type WorkOrderFollowed } from './work-order-events';

// ---- The durable reaction from work-order events to SLA commands ----------------------------------
// Runs from the event store with its own checkpoint; the reactor derives each command's id from the
// triggering event, so a replay after a crash appends nothing twice (ADR 0006). Which events start,
// meet, pause, resume and stop a clock is the whole of the mapping; the clock decides the rest.

export const SLA_REACTION = 'sla-from-work-orders';

type Handlers<E extends DomainEvent> = { readonly [T in E['type']]: (event: RecordedEvent<Extract<E, { type: T }>>) => SlaCommand | null };
// The reactor calls each handler only with events of its key's type, so narrowing them is sound.
const typed = <E extends DomainEvent>(name: string, handlers: Handlers<E>): Reaction => reaction(name, handlers as unknown as Readonly<Record<string, ReactionHandler>>);

/** The order's id (from the stream) and the event's time: what every SLA command carries. */
const on = (e: RecordedEvent<WorkOrderFollowed>): { workOrderId: string; at: string } | null => {
  const workOrderId = workOrderIdOf(e.streamId);
  return workOrderId === null ? null : { workOrderId, at: e.data.at };
};

const command = <C extends SlaCommand>(e: RecordedEvent<WorkOrderFollowed>, make: (base: { workOrderId: string; at: string }) => C): C | null => {
  const base = on(e);
  return base === null ? null : make(base);
};

export const slaFromWorkOrders: Reaction = typed<WorkOrderFollowed>(SLA_REACTION, {
  MaintenanceRequested: (e) =>
    command(e, (base) => ({
      type: 'StartSla',
      data: {
        ...base,
        priority: e.data.priority,
        requesterId: e.data.requesterId,
        ownerId: e.data.device.ownerId,
        manufacturerId: e.data.manufacturerId,
        countyCode: e.data.device.countyCode,
        jurisdiction: e.data.device.jurisdiction,
      },
    })),
  WorkOrderDispatched: (e) => command(e, (base) => ({ type: 'ChangeSlaProvider', data: { ...base, providerId: e.data.providerId } })),
  DispatchReturned: (e) => command(e, (base) => ({ type: 'ChangeSlaProvider', data: { ...base, providerId: null } })),
  PriorityChanged: (e) => command(e, (base) => ({ type: 'ChangeSlaPriority', data: { ...base, priority: e.data.priority } })),
  DispatchAccepted: (e) => command(e, (base) => ({ type: 'MeetSlaTarget', data: { ...base, target: 'response' } })),
  WorkCompleted: (e) => command(e, (base) => ({ type: 'MeetSlaTarget', data: { ...base, target: 'resolution' } })),
  WorkPaused: (e) => command(e, (base) => ({ type: 'PauseSla', data: { ...base, reason: e.data.reason } })),
  WorkResumed: (e) => command(e, (base) => ({ type: 'ResumeSla', data: base })),
  RequestRejected: (e) => command(e, (base) => ({ type: 'StopSla', data: { ...base, reason: 'rejected' } })),
  WorkOrderCancelled: (e) => command(e, (base) => ({ type: 'StopSla', data: { ...base, reason: 'cancelled' } })),
  WorkOrderClosed: (e) => command(e, (base) => ({ type: 'StopSla', data: { ...base, reason: 'closed' } })),
});
