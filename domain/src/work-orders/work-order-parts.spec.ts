import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { DeviceSnapshot } from '../maintenance/device-snapshot';
import type { Party } from '../maintenance/party';
import { recordPartChanges } from './processing-record-parts';
import type { WorkOrderCommand } from './work-order.commands';
import type { ProcessingRecord, WorkOrderEvent } from './work-order.events';
import { workOrder } from './work-order';
import { NotYourRole, WorkOrderRuleViolation } from './work-order-rules';

// Stocked parts on processing records, and the pause for a missing part (issue #13, INV-7).
const given = deciderSpec(workOrder);
const at = '2026-12-01T02:00:00.000Z';
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
  coordinates: { lat: 39.92, lng: 116.44 },
  soldOn: '2026-01-10',
  warrantyEndsOn: '2027-01-10',
  status: 'active',
};
const provider: Party = { kind: 'enterprise', enterpriseId: 'E-PRO', userId: 'u-pro' };
const engineer: Party = { kind: 'enterprise', enterpriseId: 'E-PRO', userId: 'u-eng' };
const user: Party = { kind: 'enterprise', enterpriseId: 'E-USER', userId: 'u-user' };
const reaction: Party = { kind: 'system', reason: 'parts-arrived' };
const cmd = <T extends WorkOrderCommand['type']>(type: T, by: Party, data: Omit<Extract<WorkOrderCommand, { type: T }>['data'], 'by' | 'at'>) =>
  ({ type, data: { ...data, by, at } }) as unknown as Extract<WorkOrderCommand, { type: T }>;

const inProgress: WorkOrderEvent[] = [
  {
    type: 'MaintenanceRequested',
    data: {
      workOrderId: 'w1',
      number: 'WO-20261201-ABC123',
      device,
      fault: { type: 'mechanical', description: '开机后压力上不去', attachments: [] },
      priority: 'normal',
      requesterId: 'E-USER',
      requesterUserId: 'u-user',
      manufacturerId: 'E-MAKER',
      channel: 'console',
      contact: { name: '张工', phone: 'enc:v1:xyz' },
      at,
    },
  },
  { type: 'RequestReviewed', data: { mode: 'automatic', by: { kind: 'system', reason: 'automatic-review' }, opinion: '', at } },
  { type: 'WorkOrderDispatched', data: { providerId: 'E-PRO', byNodeId: 'n-1101', priority: 'normal', suggestion: null, override: null, at } },
  { type: 'DispatchAccepted', data: { providerId: 'E-PRO', at } },
  { type: 'EngineerAssigned', data: { engineerId: 'u-eng', at } },
  { type: 'EngineerAccepted', data: { engineerId: 'u-eng', at } },
  { type: 'WorkStarted', data: { engineerId: 'u-eng', at } },
];
const record = (parts: ProcessingRecord['parts']): ProcessingRecord => ({ recordId: 'r1', steps: '更换轴承', parts, tools: [], cause: '', result: '', attachments: [] });
const bearing = { name: '轴承 6204', quantity: 2, unit: '个', partId: 'P1', warehouseId: 'VAN1' };
const paused: WorkOrderEvent = { type: 'WorkPaused', data: { reason: 'awaiting-parts', note: '缺轴承', at } };

describe('stocked parts on a processing record', () => {
  it('records a catalogue part with its warehouse beside a free-text part', () => {
    const r = record([bearing, { name: '密封胶', quantity: 0.5, unit: '支' }]);
    given(inProgress).when(cmd('AddProcessingRecord', engineer, { record: r })).then([{ type: 'ProcessingRecordAdded', data: { ...r, engineerId: 'u-eng', at } }]);
  });

  it('still folds records written before parts were stocked (no partId, no warehouseId)', () => {
    const old: WorkOrderEvent = { type: 'ProcessingRecordAdded', data: { ...record([{ name: '进气阀', quantity: 1, unit: '个' }]), engineerId: 'u-eng', at } };
    const edited = record([bearing]);
    given([...inProgress, old]).when(cmd('EditProcessingRecord', engineer, { record: edited })).then([{ type: 'ProcessingRecordEdited', data: { ...edited, engineerId: 'u-eng', at } }]);
  });

  it('refuses a stocked part without its warehouse, and fractions of a stocked part', () => {
    given(inProgress)
      .when(cmd('AddProcessingRecord', engineer, { record: record([{ name: '轴承', quantity: 1, unit: '个', partId: 'P1' }]) }))
      .thenThrows(WorkOrderRuleViolation, (e) => {
        expect(e.rule).toBe('stocked-part');
        expect(e.field).toBe('record.parts[0].warehouseId');
      });
    given(inProgress)
      .when(cmd('AddProcessingRecord', engineer, { record: record([{ ...bearing, quantity: 1.5 }]) }))
      .thenThrows(WorkOrderRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['whole-number', 'record.parts[0].quantity']));
  });
});

describe('what a record moves in stock', () => {
  it('issues every stocked unit of a new record, per warehouse × part, and nothing for free text', () => {
    expect(recordPartChanges(null, record([bearing, { ...bearing, quantity: 1 }, { name: '胶带', quantity: 1, unit: '卷' }]))).toEqual([{ warehouseId: 'VAN1', partId: 'P1', delta: 3, line: 0 }]);
  });

  it('on an edit issues only what is new and returns what the record no longer lists', () => {
    const before = record([bearing, { name: '皮带', quantity: 1, unit: '条', partId: 'P2', warehouseId: 'W-MAIN' }]);
    const after = record([{ name: '密封圈', quantity: 4, unit: '个', partId: 'P3', warehouseId: 'VAN1' }, { ...bearing, quantity: 3 }]);
    expect(recordPartChanges(before, after)).toEqual([
      { warehouseId: 'VAN1', partId: 'P3', delta: 4, line: 0 },
      { warehouseId: 'VAN1', partId: 'P1', delta: 1, line: 1 },
      { warehouseId: 'W-MAIN', partId: 'P2', delta: -1, line: -1 },
    ]);
    expect(recordPartChanges(after, after)).toEqual([]);
  });
});

describe('a missing part pauses the work until it arrives', () => {
  it('pauses awaiting parts for the engineer or the provider, once', () => {
    given(inProgress).when(cmd('AwaitParts', engineer, { purchaseRequestId: 'PR1', note: '缺轴承' })).then([paused]);
    given(inProgress)
      .when(cmd('AwaitParts', provider, { purchaseRequestId: 'PR1', note: '' }))
      .then([{ type: 'WorkPaused', data: { reason: 'awaiting-parts', note: 'purchase request PR1', at } }]);
    given([...inProgress, paused]).when(cmd('AwaitParts', engineer, { purchaseRequestId: 'PR2', note: '' })).then([]);
  });

  it('is refused to others and outside the work', () => {
    given(inProgress).when(cmd('AwaitParts', user, { purchaseRequestId: 'PR1', note: '' })).thenThrows(NotYourRole);
    given(inProgress.slice(0, 6)).when(cmd('AwaitParts', engineer, { purchaseRequestId: 'PR1', note: '' })).thenThrows(IllegalTransition);
  });

  it('resumes when the parts arrive, by the platform only, and only work still waiting for parts', () => {
    given([...inProgress, paused]).when(cmd('ResumeOnPartsArrival', reaction, { purchaseOrderId: 'PO1' })).then([{ type: 'WorkResumed', data: { at } }]);
    given([...inProgress, paused, { type: 'WorkResumed', data: { at } }]).when(cmd('ResumeOnPartsArrival', reaction, { purchaseOrderId: 'PO1' })).then([]);
    given([...inProgress, { type: 'WorkPaused', data: { reason: 'awaiting-customer', note: '', at } }]).when(cmd('ResumeOnPartsArrival', reaction, { purchaseOrderId: 'PO1' })).then([]);
    given([...inProgress, paused]).when(cmd('ResumeOnPartsArrival', engineer, { purchaseOrderId: 'PO1' })).thenThrows(NotYourRole);
  });
});
