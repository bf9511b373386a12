import type { RecordedEvent } from '@kuaige/eventsourcing';
import { eventLog } from '@kuaige/testkit';
import { slaFromWorkOrders } from './sla-from-work-orders';
import { maintenanceRequested, workOrderDispatched } from '../testing/work-order-events';
import type { WorkOrderFollowed } from './work-order-events';

const stream = 'WorkOrder-wo-9';
const at = '2026-03-09T01:00:00.000Z';
const react = (event: RecordedEvent) => slaFromWorkOrders.handlers[event.type]?.(event) ?? null;

describe('reaction sla-from-work-orders', () => {
  const log = eventLog<WorkOrderFollowed>();
  const record = (event: WorkOrderFollowed, streamId = stream) => log.record(streamId, event);

  it('starts the clock from the request with its priority, parties and the device’s jurisdiction', () => {
    const requested = record(maintenanceRequested('wo-9', { requesterId: 'ent-user', requesterUserId: 'u-1', priority: 'high', at }));
    expect(react(requested)).toEqual({
      type: 'StartSla',
      data: { workOrderId: 'wo-9', priority: 'high', requesterId: 'ent-user', ownerId: 'ent-user', manufacturerId: null, countyCode: '440305', jurisdiction: ['440305', '4403', '44', 'CN'], at },
    });
  });

  it.each([
    [workOrderDispatched('ent-fix', 'node-4403', 'high', at), { type: 'ChangeSlaProvider', data: { workOrderId: 'wo-9', providerId: 'ent-fix', at } }],
    [{ type: 'DispatchReturned', data: { providerId: 'ent-fix', reason: '不在服务区域', at } }, { type: 'ChangeSlaProvider', data: { workOrderId: 'wo-9', providerId: null, at } }],
    [{ type: 'PriorityChanged', data: { priority: 'low', at } }, { type: 'ChangeSlaPriority', data: { workOrderId: 'wo-9', priority: 'low', at } }],
    [{ type: 'DispatchAccepted', data: { providerId: 'ent-fix', at } }, { type: 'MeetSlaTarget', data: { workOrderId: 'wo-9', target: 'response', at } }],
    [{ type: 'WorkCompleted', data: { summary: '更换编码器', at } }, { type: 'MeetSlaTarget', data: { workOrderId: 'wo-9', target: 'resolution', at } }],
    [{ type: 'WorkPaused', data: { reason: 'awaiting-parts', note: '等待主轴编码器', at } }, { type: 'PauseSla', data: { workOrderId: 'wo-9', reason: 'awaiting-parts', at } }],
    [{ type: 'WorkResumed', data: { at } }, { type: 'ResumeSla', data: { workOrderId: 'wo-9', at } }],
    [{ type: 'RequestRejected', data: { by: { kind: 'system', reason: 'automatic-review' }, opinion: '重复报修', at } }, { type: 'StopSla', data: { workOrderId: 'wo-9', reason: 'rejected', at } }],
    [{ type: 'WorkOrderCancelled', data: { by: { kind: 'system', reason: 'spec' }, reason: '设备已恢复', at } }, { type: 'StopSla', data: { workOrderId: 'wo-9', reason: 'cancelled', at } }],
    [{ type: 'WorkOrderClosed', data: { at } }, { type: 'StopSla', data: { workOrderId: 'wo-9', reason: 'closed', at } }],
  ] as [WorkOrderFollowed, unknown][])('%p → %p', (event, command) => {
    expect(react(record(event))).toEqual(command);
  });

  it('passes over other work-order events and streams of other categories', () => {
    expect(react(log.record(stream, { type: 'ProgressReported', data: { at } } as never))).toBeNull();
    expect(react(record({ type: 'WorkResumed', data: { at } }, 'Device-d1'))).toBeNull();
  });
});
