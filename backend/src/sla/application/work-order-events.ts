import type { DomainEvent } from '@kuaige/domain';

// ---- The work-order events the SLA clocks follow, as the contract between the helpers names them ----
// Only the fields the clocks read are declared; every work-order event carries `at`. The order's id is
// read from the stream (`WorkOrder-<id>`), so the clocks do not depend on each event repeating it.

type At = { at: string };

export type MaintenanceRequestedFacts = DomainEvent<
  'MaintenanceRequested',
  At & {
    workOrderId: string;
    priority: string;
    requesterId: string;
    manufacturerId: string | null;
    device: { countyCode: string; jurisdiction: readonly string[] };
  }
>;
export type WorkOrderFollowed =
  | MaintenanceRequestedFacts
  | DomainEvent<'WorkOrderDispatched', At & { providerId: string }>
  | DomainEvent<'DispatchReturned', At>
  | DomainEvent<'DispatchAccepted', At>
  | DomainEvent<'WorkPaused', At & { reason: string }>
  | DomainEvent<'WorkResumed', At>
  | DomainEvent<'WorkCompleted', At>
  | DomainEvent<'RequestRejected', At>
  | DomainEvent<'WorkOrderCancelled', At>
  | DomainEvent<'WorkOrderClosed', At>;

const WORK_ORDER_STREAM_PREFIX = 'WorkOrder-';

/** The work order's id from its stream id, or null for another category. */
export const workOrderIdOf = (streamId: string): string | null =>
  streamId.startsWith(WORK_ORDER_STREAM_PREFIX) ? streamId.slice(WORK_ORDER_STREAM_PREFIX.length) : null;
