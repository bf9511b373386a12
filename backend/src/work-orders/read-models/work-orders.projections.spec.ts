import type { DeviceSnapshot, SlaBreached, WorkOrderEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { workOrderAttachmentsProjection, workOrdersProjection } from './work-orders.projections';

const device: DeviceSnapshot = {
  deviceId: 'd1',
  number: 'SN-001',
  name: '1号空压机',
  model: 'GA-37',
  type: 'air-compressor',
  ownerId: 'E-USER',
  manufacturerId: 'E-MAKER',
  countyCode: '110105',
  jurisdiction: ['110105', '1101', '11', 'CN'],
  coordinates: null,
  soldOn: '2026-01-10',
  warrantyEndsOn: '2027-01-10',
  status: 'active',
};
const at = (minute: number) => `2026-12-01T02:${String(minute).padStart(2, '0')}:00.000Z`;
const stream = 'WorkOrder-w1';
const scope = { tenantIds: ['E-USER', 'E-MAKER'], jurisdiction: [...device.jurisdiction] };
const photo = { blobId: 'blob-photo', mediaType: 'image/jpeg', size: 1200 };
const longText = '压'.repeat(130);

const requested: WorkOrderEvent = {
  type: 'MaintenanceRequested',
  data: {
    workOrderId: 'w1',
    number: 'WO-20261201-ABC123',
    device,
    fault: { type: 'mechanical', description: longText, attachments: [photo] },
    priority: 'normal',
    requesterId: 'E-USER',
    requesterUserId: 'u-user',
    manufacturerId: 'E-MAKER',
    channel: 'console',
    contact: { name: '张工', phone: 'enc' },
    at: at(0),
  },
};
const reviewed: WorkOrderEvent = { type: 'RequestReviewed', data: { mode: 'automatic', by: { kind: 'system', reason: 'automatic-review' }, opinion: '', at: at(0) } };
const dispatched: WorkOrderEvent = {
  type: 'WorkOrderDispatched',
  data: { providerId: 'E-PRO', byNodeId: 'n1', priority: 'urgent', suggestion: null, override: null, at: at(5) },
};

const submittedRow = {
  _id: 'w1',
  number: 'WO-20261201-ABC123',
  status: 'awaiting-dispatch',
  priority: 'normal',
  priorityRank: 2,
  paused: false,
  deviceId: 'd1',
  deviceName: '1号空压机',
  deviceType: 'air-compressor',
  faultType: 'mechanical',
  faultSummary: '压'.repeat(120),
  countyCode: '110105',
  requesterId: 'E-USER',
  ownerId: 'E-USER',
  manufacturerId: 'E-MAKER',
  providerId: null,
  assigneeId: null,
  submittedAt: at(0),
  updatedAt: at(0),
  dispatchedAt: null,
  completedAt: null,
  closedAt: null,
  userScore: null,
  manufacturerScore: null,
  slaBreached: false,
  reopened: false,
  scope: { tenants: ['E-USER', 'E-MAKER'], regions: ['110105', '1101', '11', 'CN'] },
};

describe('work_orders: one compact row per order', () => {
  it('is created on the request, with the fault summary cut to 120 characters and the device’s jurisdiction', async () => {
    const log = eventLog<WorkOrderEvent>(scope);
    await projectionSpec(workOrdersProjection).given(log.stream(stream, [requested, reviewed])).then([submittedRow]);
  });

  it('follows the order: the provider joins the scope on dispatch and leaves it when it returns the order', async () => {
    const log = eventLog<WorkOrderEvent>(scope);
    await projectionSpec(workOrdersProjection)
      .given(log.stream(stream, [requested, reviewed, dispatched]))
      .thenRow('w1', { ...submittedRow, status: 'dispatched', priority: 'urgent', priorityRank: 0, providerId: 'E-PRO', dispatchedAt: at(5), updatedAt: at(5), scope: { ...submittedRow.scope, tenants: ['E-USER', 'E-MAKER', 'E-PRO'] } });
    const returned: WorkOrderEvent = { type: 'DispatchReturned', data: { providerId: 'E-PRO', reason: '超出服务区域', at: at(6) } };
    await projectionSpec(workOrdersProjection)
      .given(eventLog<WorkOrderEvent>(scope).stream(stream, [requested, reviewed, dispatched, returned]))
      .thenRow('w1', { ...submittedRow, priority: 'urgent', priorityRank: 0, updatedAt: at(6) });
  });

  it('keeps the device’s owner in scope when its manufacturer raised the request, for the order’s whole life', async () => {
    const byMaker = { ...requested, data: { ...requested.data, requesterId: 'E-MAKER', requesterUserId: 'u-maker' } } as WorkOrderEvent;
    const log = eventLog<WorkOrderEvent>({ tenantIds: ['E-MAKER', 'E-USER'], jurisdiction: [...device.jurisdiction] });
    await projectionSpec(workOrdersProjection)
      .given(log.stream(stream, [byMaker, reviewed]))
      .thenRow('w1', { ...submittedRow, requesterId: 'E-MAKER', scope: { ...submittedRow.scope, tenants: ['E-MAKER', 'E-USER'] } });
    const returned: WorkOrderEvent = { type: 'DispatchReturned', data: { providerId: 'E-PRO', reason: '超出服务区域', at: at(6) } };
    await projectionSpec(workOrdersProjection)
      .given(eventLog<WorkOrderEvent>(scope).stream(stream, [byMaker, reviewed, dispatched, returned]))
      .thenRow('w1', expect.objectContaining({ ownerId: 'E-USER', scope: { tenants: ['E-MAKER', 'E-USER'], regions: device.jurisdiction } }));
  });

  it('ranks the priority by urgency (urgent 0 … low 3) and follows its changes', async () => {
    const lowered: WorkOrderEvent = { type: 'PriorityChanged', data: { priority: 'low', at: at(7) } };
    await projectionSpec(workOrdersProjection)
      .given(eventLog<WorkOrderEvent>(scope).stream(stream, [requested, reviewed, dispatched, lowered]))
      .thenRow('w1', expect.objectContaining({ priority: 'low', priorityRank: 3 }));
  });

  it('records the engineer, the pause flag, completion, scores and closing; a reopening clears them', async () => {
    const events: WorkOrderEvent[] = [
      requested,
      reviewed,
      dispatched,
      { type: 'DispatchAccepted', data: { providerId: 'E-PRO', at: at(6) } },
      { type: 'EngineerAssigned', data: { engineerId: 'u-eng', at: at(7) } },
      { type: 'EngineerAccepted', data: { engineerId: 'u-eng', at: at(8) } },
      { type: 'WorkStarted', data: { engineerId: 'u-eng', at: at(9) } },
      { type: 'WorkPaused', data: { reason: 'awaiting-parts', note: '', at: at(10) } },
    ];
    const log = eventLog<WorkOrderEvent>(scope);
    const tenants = ['E-USER', 'E-MAKER', 'E-PRO'];
    await projectionSpec(workOrdersProjection)
      .given(log.stream(stream, events))
      .thenRow('w1', expect.objectContaining({ status: 'in-progress', paused: true, assigneeId: 'u-eng', updatedAt: at(10), scope: { tenants, regions: submittedRow.scope.regions } }));
    const closed: WorkOrderEvent[] = [
      ...events,
      { type: 'WorkResumed', data: { at: at(11) } },
      { type: 'WorkCompleted', data: { summary: '', at: at(12) } },
      { type: 'ReceiptSubmitted', data: { summary: '完成', attachments: [], at: at(13) } },
      { type: 'ReceiptApproved', data: { opinion: '', at: at(14) } },
      { type: 'ReceiptReported', data: { note: '', at: at(15) } },
      { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 5, opinion: '', at: at(16) } },
      { type: 'WorkOrderEvaluated', data: { by: 'manufacturer', score: 4, opinion: '', at: at(17) } },
      { type: 'WorkOrderClosed', data: { at: at(17) } },
    ];
    await projectionSpec(workOrdersProjection)
      .given(eventLog<WorkOrderEvent>(scope).stream(stream, closed))
      .thenRow('w1', expect.objectContaining({ status: 'closed', paused: false, completedAt: at(12), closedAt: at(17), userScore: 5, manufacturerScore: 4 }));
    const reopened: WorkOrderEvent = { type: 'WorkOrderReopened', data: { by: { kind: 'enterprise', enterpriseId: 'E-USER', userId: 'u' }, reason: '复发', at: at(30) } };
    await projectionSpec(workOrdersProjection)
      .given(eventLog<WorkOrderEvent>(scope).stream(stream, [...closed, reopened]))
      .thenRow(
        'w1',
        expect.objectContaining({ status: 'accepted', assigneeId: null, completedAt: null, closedAt: null, userScore: null, manufacturerScore: null, providerId: 'E-PRO', reopened: true }),
      );
  });

  it('marks a breach of its SLA clock (from the clock’s own stream) without touching the order’s last update; a breach of an unknown order makes no row', async () => {
    const breached: SlaBreached = {
      type: 'SlaBreached',
      data: { workOrderId: 'w1', target: 'response', dueAt: at(3), priority: 'normal', scope: { tenants: ['E-USER', 'E-MAKER'], regions: [...device.jurisdiction] }, at: at(4) },
    };
    const log = eventLog<WorkOrderEvent | SlaBreached>(scope);
    await projectionSpec(workOrdersProjection)
      .given(log.stream(stream, [requested, reviewed]), log.stream('Sla-w1', [breached]), log.stream(stream, [dispatched]))
      .thenRow('w1', expect.objectContaining({ slaBreached: true, reopened: false, status: 'dispatched', updatedAt: at(5) }));
    // A breach of an order the list never saw (its request filed elsewhere) creates no row.
    await projectionSpec(workOrdersProjection).given(eventLog<SlaBreached>(scope).stream('Sla-w9', [{ ...breached, data: { ...breached.data, workOrderId: 'w9' } }])).then([]);
  });
});

describe('work_order_attachments: which order a file belongs to', () => {
  it('keeps a row per (order, file) under the order’s scope, widened to the provider it is dispatched to', async () => {
    const log = eventLog<WorkOrderEvent>(scope);
    const progress: WorkOrderEvent = { type: 'ProgressReported', data: { note: '到场', percent: 10, attachments: [{ blobId: 'blob-site', mediaType: 'image/png', size: 10 }], at: at(9) } };
    await projectionSpec(workOrderAttachmentsProjection)
      .given(log.stream(stream, [requested, reviewed, dispatched]), log.record(stream, progress, { metadata: { tenantIds: ['E-USER', 'E-MAKER', 'E-PRO'] } }))
      .then([
        { _id: 'w1/blob-photo', workOrderId: 'w1', blobId: 'blob-photo', scope: { tenants: ['E-USER', 'E-MAKER', 'E-PRO'], regions: device.jurisdiction } },
        { _id: 'w1/blob-site', workOrderId: 'w1', blobId: 'blob-site', scope: { tenants: ['E-USER', 'E-MAKER', 'E-PRO'], regions: device.jurisdiction } },
      ]);
  });
});
