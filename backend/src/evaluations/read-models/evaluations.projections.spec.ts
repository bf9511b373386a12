import { returnVisitStream, workOrderStream, type ReturnVisitEvent, type WorkOrderEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { evaluationsProjection } from './evaluations.projections';

const regions = ['440305', '4403', '44', 'CN'];
const at = (minute: number) => new Date(Date.parse('2026-11-20T01:00:00.000Z') + minute * 60_000).toISOString();
const requested: WorkOrderEvent = {
  type: 'MaintenanceRequested',
  data: {
    workOrderId: 'wo-1',
    number: 'WO-20261120-0001',
    device: {
      deviceId: 'd-1',
      number: 'KG-1',
      name: '立式加工中心',
      model: 'VMC-850',
      type: 'cnc-machine',
      ownerId: 'user-co',
      manufacturerId: 'maker-co',
      countyCode: '440305',
      jurisdiction: regions,
      coordinates: null,
      soldOn: null,
      warrantyEndsOn: null,
      status: 'faulty',
    },
    fault: { type: 'abnormal-noise', description: '异响', attachments: [] },
    priority: 'high',
    requesterId: 'user-co',
    requesterUserId: 'u-1',
    manufacturerId: 'maker-co',
    channel: 'console',
    contact: { name: '张工', phone: 'enc:v1:spec:phone' },
    at: at(0),
  },
} as WorkOrderEvent;

describe('work_order_evaluations read model', () => {
  it('keeps each evaluation with the provider and engineer of its round, its aspects, and the return visit’s satisfaction', async () => {
    const log = eventLog<WorkOrderEvent | ReturnVisitEvent>();
    const wo = workOrderStream('wo-1');
    const events = [
      log.record(wo, requested),
      log.record(wo, { type: 'WorkOrderDispatched', data: { providerId: 'prov-a', byNodeId: 'n', priority: 'high', suggestion: null, override: null, at: at(1) } }),
      log.record(wo, { type: 'EngineerAssigned', data: { engineerId: 'eng-1', at: at(2) } }),
      // Recorded before CX-1: no quality or efficiency.
      log.record(wo, { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 2, opinion: '慢', at: at(3) } }),
      log.record(wo, { type: 'WorkOrderEvaluated', data: { by: 'manufacturer', score: 4, opinion: '', quality: 5, efficiency: 3, at: at(4) } }),
      log.record(wo, { type: 'WorkOrderClosed', data: { at: at(5) } }),
      log.record(wo, { type: 'WorkOrderReopened', data: { by: { kind: 'enterprise', enterpriseId: 'user-co', userId: 'u-1' }, reason: '又坏了', at: at(6) } }),
      log.record(wo, { type: 'EngineerAssigned', data: { engineerId: 'eng-2', at: at(7) } }),
      log.record(wo, { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 5, opinion: '修好了', quality: 5, efficiency: 4, at: at(8) } }),
      log.record(returnVisitStream('wo-1'), { type: 'ReturnVisitRecorded', data: { workOrderId: 'wo-1', outcome: 'resolved', satisfaction: 4, note: '', by: { kind: 'enterprise', enterpriseId: 'prov-a', userId: 'u-p' }, at: at(9) } }),
    ];
    await projectionSpec(evaluationsProjection)
      .given(events)
      .then([
        {
          _id: 'wo-1',
          number: 'WO-20261120-0001',
          countyCode: '440305',
          requesterId: 'user-co',
          ownerId: 'user-co',
          manufacturerId: 'maker-co',
          providerId: 'prov-a',
          assigneeId: 'eng-2',
          evaluations: [
            { by: 'equipment-user', satisfaction: 2, quality: null, efficiency: null, opinion: '慢', providerId: 'prov-a', engineerId: 'eng-1', at: at(3) },
            { by: 'manufacturer', satisfaction: 4, quality: 5, efficiency: 3, opinion: '', providerId: 'prov-a', engineerId: 'eng-1', at: at(4) },
            { by: 'equipment-user', satisfaction: 5, quality: 5, efficiency: 4, opinion: '修好了', providerId: 'prov-a', engineerId: 'eng-2', at: at(8) },
          ],
          returnVisit: { satisfaction: 4, providerId: 'prov-a', engineerId: 'eng-2', at: at(9) },
          scope: { tenants: ['user-co', 'maker-co', 'prov-a'], regions },
        },
      ]);
  });

  it('counts no satisfaction for an unreachable customer, and follows a returned dispatch out of the provider’s tenants', async () => {
    const log = eventLog<WorkOrderEvent | ReturnVisitEvent>();
    const wo = workOrderStream('wo-1');
    await projectionSpec(evaluationsProjection)
      .given(
        log.record(wo, requested),
        log.record(wo, { type: 'WorkOrderDispatched', data: { providerId: 'prov-a', byNodeId: 'n', priority: 'high', suggestion: null, override: null, at: at(1) } }),
        log.record(wo, { type: 'DispatchReturned', data: { providerId: 'prov-a', reason: '忙', at: at(2) } }),
        log.record(returnVisitStream('wo-1'), { type: 'ReturnVisitRecorded', data: { workOrderId: 'wo-1', outcome: 'unreachable', satisfaction: null, note: '', by: { kind: 'system', reason: 'spec' }, at: at(3) } }),
      )
      .thenRow('wo-1', expect.objectContaining({ providerId: null, returnVisit: null, scope: { tenants: ['user-co', 'maker-co'], regions } }));
  });
});
