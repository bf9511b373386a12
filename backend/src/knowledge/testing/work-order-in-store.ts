// A work order put in the store as the work-order context records it, up to a given status, for the
// specs of the features around a work order (knowledge, comments, appointments, return visits): they
// react to and read the log, whoever wrote it.
import { randomUUID } from 'node:crypto';
import { workOrderStream, type WorkOrderEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { specMetadata } from '@kuaige/testkit';

export interface OrderParties {
  readonly requesterId: string;
  readonly requesterUserId: string;
  readonly manufacturerId: string | null;
  readonly providerId: string;
  readonly engineerId: string;
  readonly nodeId: string;
}

const STAGES = ['dispatched', 'assigned', 'in-progress', 'closed'] as const;
export type OrderStage = (typeof STAGES)[number];

/** Appends the order's events up to `stage`; the instants run from `start`, a minute apart. */
export const workOrderInStore = async (events: EventStore, parties: OrderParties, stage: OrderStage, start = '2026-11-20T01:00:00.000Z', countyCode = '440305'): Promise<string> => {
  const workOrderId = randomUUID();
  let minute = 0;
  const at = () => new Date(Date.parse(start) + minute++ * 60_000).toISOString();
  const jurisdiction = jurisdictionOf(countyCode);
  const history: WorkOrderEvent[] = [
    {
      type: 'MaintenanceRequested',
      data: {
        workOrderId,
        number: `WO-20261120-${workOrderId.slice(0, 6).toUpperCase()}`,
        device: {
          deviceId: `device-${workOrderId}`,
          number: 'KG-CNC-0001',
          name: '立式加工中心',
          model: 'VMC-850',
          type: 'cnc-machine',
          ownerId: parties.requesterId,
          manufacturerId: parties.manufacturerId,
          countyCode,
          jurisdiction,
          coordinates: { lat: 22.53, lng: 113.93 },
          soldOn: '2025-06-01',
          warrantyEndsOn: '2027-06-01',
          status: 'faulty',
        },
        fault: { type: 'abnormal-noise', description: '主轴高速运转时异响，振动明显', attachments: [] },
        priority: 'high',
        requesterId: parties.requesterId,
        requesterUserId: parties.requesterUserId,
        manufacturerId: parties.manufacturerId,
        channel: 'console',
        contact: { name: '张工', phone: 'enc:v1:spec:phone' },
        at: at(),
      },
    },
    { type: 'RequestReviewed', data: { mode: 'automatic', by: { kind: 'system', reason: 'automatic-review' }, opinion: '', at: at() } },
    { type: 'WorkOrderDispatched', data: { providerId: parties.providerId, byNodeId: parties.nodeId, priority: 'high', suggestion: null, override: null, at: at() } },
  ];
  const upTo = STAGES.indexOf(stage);
  if (upTo >= 1) history.push({ type: 'DispatchAccepted', data: { providerId: parties.providerId, at: at() } }, { type: 'EngineerAssigned', data: { engineerId: parties.engineerId, at: at() } });
  if (upTo >= 2) history.push({ type: 'EngineerAccepted', data: { engineerId: parties.engineerId, at: at() } }, { type: 'WorkStarted', data: { engineerId: parties.engineerId, at: at() } });
  if (upTo >= 3)
    history.push(
      {
        type: 'ProcessingRecordAdded',
        data: {
          recordId: 'rec-1',
          steps: '拆下主轴护罩检查轴承\n更换前轴承并预紧\n试运行 30 分钟',
          parts: [{ name: '角接触球轴承 7014C', quantity: 2, unit: '个' }],
          tools: ['拉马', '扭力扳手'],
          cause: '主轴前轴承磨损',
          result: '异响消除',
          attachments: [],
          engineerId: parties.engineerId,
          at: at(),
        },
      },
      { type: 'WorkCompleted', data: { summary: '更换主轴轴承', at: at() } },
      { type: 'ReceiptSubmitted', data: { summary: '已修复', attachments: [], at: at() } },
      { type: 'ReceiptApproved', data: { opinion: '', at: at() } },
      { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 5, opinion: '', at: at() } },
      { type: 'WorkOrderClosed', data: { at: at() } },
    );
  const tenantIds = [...new Set([parties.requesterId, parties.manufacturerId, parties.providerId].filter((t): t is string => t !== null))];
  await events.append(
    workOrderStream(workOrderId),
    history.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: specMetadata({ tenantIds, jurisdiction }) })),
    'no_stream',
  );
  return workOrderId;
};
