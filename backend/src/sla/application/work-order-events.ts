import { workOrderStream, type WorkOrderEvent } from '@kuaige/domain';

// ---- The work-order events the SLA clocks follow (the work-order context's own union) ------------
// The order's id is read from the stream (`WorkOrder-<id>`), so the clocks do not depend on each event
// repeating it.

export type WorkOrderFollowed = Extract<
  WorkOrderEvent,
  {
    type:
      | 'MaintenanceRequested'
      | 'WorkOrderDispatched'
      | 'DispatchReturned'
      | 'PriorityChanged'
      | 'DispatchAccepted'
      | 'WorkPaused'
      | 'WorkResumed'
      | 'WorkCompleted'
      | 'RequestRejected'
      | 'WorkOrderCancelled'
      | 'WorkOrderClosed';
  }
>;

const WORK_ORDER_STREAM_PREFIX = workOrderStream('');

/** The work order's id from its stream id, or null for another category. */
export const workOrderIdOf = (streamId: string): string | null =>
  streamId.startsWith(WORK_ORDER_STREAM_PREFIX) ? streamId.slice(WORK_ORDER_STREAM_PREFIX.length) : null;
