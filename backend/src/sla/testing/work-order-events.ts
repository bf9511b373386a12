// Work-order events as the work-order context records them, for the SLA specs that put an order in
// the store directly (the clocks react to the log, whoever wrote it).
import type { MaintenanceRequested, Priority, WorkOrderDispatched } from '@kuaige/domain';
import { jurisdictionOf } from '@kuaige/tenancy';

export const maintenanceRequested = (
  workOrderId: string,
  options: { requesterId: string; requesterUserId: string; priority: Priority; at: string; countyCode?: string },
): MaintenanceRequested => {
  const countyCode = options.countyCode ?? '440305';
  return {
    type: 'MaintenanceRequested',
    data: {
      workOrderId,
      number: `WO-${options.at.slice(0, 10).replaceAll('-', '')}-${workOrderId.slice(0, 6).toUpperCase()}`,
      device: {
        deviceId: `device-${workOrderId}`,
        number: 'KG-CNC-0001',
        name: '立式加工中心',
        model: 'VMC-850',
        type: 'cnc-machine',
        ownerId: options.requesterId,
        manufacturerId: null,
        countyCode,
        jurisdiction: jurisdictionOf(countyCode),
        coordinates: { lat: 22.53, lng: 113.93 },
        soldOn: '2025-06-01',
        warrantyEndsOn: '2027-06-01',
        status: 'faulty',
      },
      fault: { type: 'control-system', description: '主轴报警 ALM-401，无法回零', attachments: [] },
      priority: options.priority,
      requesterId: options.requesterId,
      requesterUserId: options.requesterUserId,
      manufacturerId: null,
      channel: 'console',
      contact: { name: '张工', phone: 'enc:v1:spec:phone' },
      at: options.at,
    },
  };
};

export const workOrderDispatched = (providerId: string, byNodeId: string, priority: Priority, at: string): WorkOrderDispatched => ({
  type: 'WorkOrderDispatched',
  data: { providerId, byNodeId, priority, suggestion: null, override: null, at },
});
