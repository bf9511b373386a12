import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { DeviceSnapshot } from '../maintenance/device-snapshot';
import type { Party } from '../maintenance/party';
import type { WorkOrderCommand } from './work-order.commands';
import type { ProcessingRecord, WorkOrderEvent } from './work-order.events';
import { workOrder, workOrderWith } from './work-order';
import { DEFAULT_WORK_ORDER_RULES, NotYourRole, WorkOrderRuleViolation } from './work-order-rules';

const given = deciderSpec(workOrder);
const at = '2026-12-01T02:00:00.000Z';

// The world of the specs: a device of equipment user E-USER made by E-MAKER in 朝阳区 (110105), the
// operator of Beijing (11) and of its sibling 天津 (12), provider E-PRO with engineer u-eng.
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
const user: Party = { kind: 'enterprise', enterpriseId: 'E-USER', userId: 'u-user' };
const maker: Party = { kind: 'enterprise', enterpriseId: 'E-MAKER', userId: 'u-maker' };
const provider: Party = { kind: 'enterprise', enterpriseId: 'E-PRO', userId: 'u-pro' };
const otherProvider: Party = { kind: 'enterprise', enterpriseId: 'E-PRO2', userId: 'u-pro2' };
const engineer: Party = { kind: 'enterprise', enterpriseId: 'E-PRO', userId: 'u-eng' };
const colleague: Party = { kind: 'enterprise', enterpriseId: 'E-PRO', userId: 'u-eng2' };
const cityOperator: Party = { kind: 'operator', nodeId: 'n-1101', regionCode: '1101', userId: 'u-op' };
const siblingOperator: Party = { kind: 'operator', nodeId: 'n-12', regionCode: '12', userId: 'u-op12' };
const publicQr: Party = { kind: 'system', reason: 'public-qr' };
const automatic: Party = { kind: 'system', reason: 'automatic-review' };

const cmd = <T extends WorkOrderCommand['type']>(type: T, by: Party, data: Omit<Extract<WorkOrderCommand, { type: T }>['data'], 'by' | 'at'> = {} as never, when = at) =>
  ({ type, data: { ...data, by, at: when } }) as unknown as Extract<WorkOrderCommand, { type: T }>;

const description = '开机后压力上不去，伴有异响';
const submit = (by: Party = user, extra: Partial<Extract<WorkOrderCommand, { type: 'SubmitMaintenanceRequest' }>['data']> = {}) =>
  cmd('SubmitMaintenanceRequest', by, {
    workOrderId: 'w1',
    number: 'WO-20261201-ABC123',
    device,
    fault: { type: 'mechanical', description, attachments: [{ blobId: 'b1', mediaType: 'image/jpeg', size: 1000 }] },
    priority: 'normal',
    channel: 'console',
    contact: { name: '张工', phone: 'enc:v1:xyz' },
    openOrdersOnDevice: [],
    ...extra,
  });

const requested = (requesterId = 'E-USER', requesterUserId: string | null = 'u-user', channel: 'console' | 'public-qr' = 'console'): WorkOrderEvent => ({
  type: 'MaintenanceRequested',
  data: {
    workOrderId: 'w1',
    number: 'WO-20261201-ABC123',
    device,
    fault: { type: 'mechanical', description, attachments: [{ blobId: 'b1', mediaType: 'image/jpeg', size: 1000 }] },
    priority: 'normal',
    requesterId,
    requesterUserId,
    manufacturerId: 'E-MAKER',
    channel,
    contact: { name: '张工', phone: 'enc:v1:xyz' },
    at,
  },
});
const autoReviewed: WorkOrderEvent = {
  type: 'RequestReviewed',
  data: { mode: 'automatic', by: automatic, opinion: 'device owned by the requester; fault described; no other open order on the device', at },
};
const dispatched: WorkOrderEvent = {
  type: 'WorkOrderDispatched',
  data: { providerId: 'E-PRO', byNodeId: 'n-1101', priority: 'normal', suggestion: { rank: 1, suggestedProviderId: 'E-PRO' }, override: null, at },
};
const accepted: WorkOrderEvent = { type: 'DispatchAccepted', data: { providerId: 'E-PRO', at } };
const assigned: WorkOrderEvent = { type: 'EngineerAssigned', data: { engineerId: 'u-eng', at } };
const engineerAccepted: WorkOrderEvent = { type: 'EngineerAccepted', data: { engineerId: 'u-eng', at } };
const started: WorkOrderEvent = { type: 'WorkStarted', data: { engineerId: 'u-eng', at } };
const record: ProcessingRecord = {
  recordId: 'r1',
  steps: '更换进气阀',
  parts: [{ name: '进气阀', quantity: 1, unit: '个' }],
  tools: ['扳手'],
  cause: '进气阀磨损',
  result: '压力恢复正常',
  attachments: [],
};
const recordAdded: WorkOrderEvent = { type: 'ProcessingRecordAdded', data: { ...record, engineerId: 'u-eng', at } };
const completed: WorkOrderEvent = { type: 'WorkCompleted', data: { summary: '已修复', at } };
const receiptSubmitted: WorkOrderEvent = { type: 'ReceiptSubmitted', data: { summary: '维修完成，客户签字', attachments: [], at } };
const receiptApproved: WorkOrderEvent = { type: 'ReceiptApproved', data: { opinion: '', at } };
const reported: WorkOrderEvent = { type: 'ReceiptReported', data: { note: '', at } };
const userEvaluated: WorkOrderEvent = { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 5, opinion: '很快', at } };
const makerEvaluated: WorkOrderEvent = { type: 'WorkOrderEvaluated', data: { by: 'manufacturer', score: 4, opinion: '', at } };
const closed: WorkOrderEvent = { type: 'WorkOrderClosed', data: { at } };

const submitted = [requested()];
const awaiting = [requested(), autoReviewed];
const atProvider = [...awaiting, dispatched];
const providerAccepted = [...atProvider, accepted];
const engineerAssigned = [...providerAccepted, assigned];
const onSite = [...engineerAssigned, engineerAccepted];
const inProgress = [...onSite, started];
const recorded = [...inProgress, recordAdded];
const done = [...recorded, completed];
const receipt = [...done, receiptSubmitted];
const approved = [...receipt, receiptApproved];
const reportedOrder = [...approved, reported];
const closedOrder = [...reportedOrder, userEvaluated, makerEvaluated, closed];

const violation = (rule: string, field?: string) => (e: WorkOrderRuleViolation) => {
  expect(e.rule).toBe(rule);
  if (field !== undefined) expect(e.field).toBe(field);
};
const notYourRole = (e: NotYourRole) => expect(e.rule).toBe('not-your-role');
const illegalFrom = (state: string) => (e: IllegalTransition) => expect(e.state).toBe(state);

describe('work order: submission and automatic review (WO-1, WO-2)', () => {
  it('the owner’s described request on a device without another open order is reviewed automatically', () => {
    given([]).when(submit()).then([requested(), autoReviewed]);
  });

  it('a request from the public QR form is the owner’s, with no user, and is reviewed automatically', () => {
    given([]).when(submit(publicQr, { channel: 'public-qr' })).then([requested('E-USER', null, 'public-qr'), autoReviewed]);
  });

  it('is left for the operator’s review when the requester is not the owner, the description is short, or another order is open', () => {
    given([]).when(submit(maker)).then([requested('E-MAKER', 'u-maker')]);
    const short = given([]).when(submit(user, { fault: { type: 'mechanical', description: '坏了', attachments: [] } })).events();
    expect(short.map((e) => e.type)).toEqual(['MaintenanceRequested']);
    given([]).when(submit(user, { openOrdersOnDevice: ['WO-20261130-XYZ789'] })).then([requested()]);
  });

  it('refuses operators, strangers, scrapped devices, unowned devices from the public form and bad input', () => {
    given([]).when(submit(cityOperator)).thenThrows(NotYourRole, notYourRole);
    given([]).when(submit(provider)).thenThrows(NotYourRole, notYourRole);
    given([]).when(submit(user, { device: { ...device, status: 'scrapped' } })).thenThrows(WorkOrderRuleViolation, violation('device-scrapped', 'deviceId'));
    given([]).when(submit(publicQr, { device: { ...device, ownerId: null } })).thenThrows(WorkOrderRuleViolation, violation('device-owner', 'deviceId'));
    given([]).when(submit(user, { fault: { type: 'gremlins' as never, description, attachments: [] } })).thenThrows(WorkOrderRuleViolation, violation('fault-type', 'fault.type'));
    given([]).when(submit(user, { fault: { type: 'mechanical', description: '  ', attachments: [] } })).thenThrows(WorkOrderRuleViolation, violation('required', 'fault.description'));
    given([]).when(submit(user, { priority: 'asap' as never })).thenThrows(WorkOrderRuleViolation, violation('priority', 'priority'));
    given([])
      .when(submit(user, { fault: { type: 'mechanical', description, attachments: [{ blobId: 'b', mediaType: 'text/html', size: 10 }] } }))
      .thenThrows(WorkOrderRuleViolation, violation('attachment-media-type', 'fault.attachments[0].mediaType'));
    given([])
      .when(submit(user, { fault: { type: 'mechanical', description, attachments: [{ blobId: 'b', mediaType: 'image/png', size: 6 * 1024 * 1024 }] } }))
      .thenThrows(WorkOrderRuleViolation, violation('attachment-size', 'fault.attachments[0].size'));
    const tenFiles = Array.from({ length: 10 }, (_, i) => ({ blobId: `b${i}`, mediaType: 'image/png', size: 10 }));
    given([]).when(submit(user, { fault: { type: 'mechanical', description, attachments: tenFiles } })).thenThrows(WorkOrderRuleViolation, violation('max-attachments'));
    given([]).when(submit(user, { contact: { name: '', phone: 'enc' } })).thenThrows(WorkOrderRuleViolation, violation('required', 'contact.name'));
  });

  it('is submitted once', () => {
    given(submitted).when(submit()).thenThrows(IllegalTransition, illegalFrom('submitted'));
  });

  it('keeps a contact encrypted under its data subject, whose ciphertext is longer than a plain name may be', () => {
    const contact = { subject: 'contact:abc', name: `enc:p1:${'n'.repeat(80)}`, phone: `enc:p1:${'p'.repeat(80)}` };
    const event = requested();
    given([])
      .when(submit(user, { contact }))
      .then([{ ...event, data: { ...event.data, contact } } as WorkOrderEvent, autoReviewed]);
    given([]).when(submit(user, { contact: { name: '张'.repeat(51), phone: 'enc' } })).thenThrows(WorkOrderRuleViolation, violation('max-length', 'contact.name'));
    given([]).when(submit(user, { contact: { ...contact, subject: ' ' } })).thenThrows(WorkOrderRuleViolation, violation('required', 'contact.subject'));
  });
});

describe('work order: manual review', () => {
  it('the operator of the device’s jurisdiction approves or rejects (with an opinion)', () => {
    given(submitted)
      .when(cmd('ReviewRequest', cityOperator, { opinion: ' 核实无误 ' }))
      .then([{ type: 'RequestReviewed', data: { mode: 'manual', by: cityOperator, opinion: '核实无误', at } }]);
    given(submitted)
      .when(cmd('RejectRequest', cityOperator, { opinion: '重复报修' }))
      .then([{ type: 'RequestRejected', data: { by: cityOperator, opinion: '重复报修', at } }]);
  });

  it('refuses the sibling region’s operator, enterprises, a rejection without opinion, and a second review', () => {
    given(submitted).when(cmd('ReviewRequest', siblingOperator, { opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(submitted).when(cmd('ReviewRequest', user, { opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(submitted).when(cmd('RejectRequest', cityOperator, { opinion: ' ' })).thenThrows(WorkOrderRuleViolation, violation('required', 'opinion'));
    given(awaiting).when(cmd('ReviewRequest', cityOperator, { opinion: '' })).thenThrows(IllegalTransition, illegalFrom('awaiting-dispatch'));
    given([requested(), { type: 'RequestRejected', data: { by: cityOperator, opinion: 'x', at } }])
      .when(cmd('DispatchWorkOrder', cityOperator, { providerId: 'E-PRO', provider: { type: 'service-provider', status: 'approved' }, priority: null, suggestion: null, override: null }))
      .thenThrows(IllegalTransition, illegalFrom('rejected'));
  });
});

describe('work order: dispatch (WO-3, WO-4, WO-5)', () => {
  const eligible = { type: 'service-provider', status: 'approved' } as const;
  const dispatch = (by: Party, extra: Partial<Extract<WorkOrderCommand, { type: 'DispatchWorkOrder' }>['data']> = {}) =>
    cmd('DispatchWorkOrder', by, { providerId: 'E-PRO', provider: eligible, priority: null, suggestion: { rank: 1, suggestedProviderId: 'E-PRO' }, override: null, ...extra });

  it('the jurisdiction’s operator dispatches to an approved provider, the suggested one or another with a reason', () => {
    given(awaiting).when(dispatch(cityOperator)).then([dispatched]);
    given(awaiting)
      .when(dispatch(cityOperator, { providerId: 'E-PRO2', priority: 'urgent', override: { reason: ' 客户指定 ' } }))
      .then([
        {
          type: 'WorkOrderDispatched',
          data: { providerId: 'E-PRO2', byNodeId: 'n-1101', priority: 'urgent', suggestion: { rank: 1, suggestedProviderId: 'E-PRO' }, override: { reason: '客户指定' }, at },
        },
      ]);
  });

  it('refuses an override without reason, an ineligible provider, other parties and other states', () => {
    given(awaiting).when(dispatch(cityOperator, { providerId: 'E-PRO2' })).thenThrows(WorkOrderRuleViolation, violation('override-reason', 'override.reason'));
    given(awaiting).when(dispatch(cityOperator, { provider: null })).thenThrows(WorkOrderRuleViolation, violation('provider-eligible', 'providerId'));
    given(awaiting)
      .when(dispatch(cityOperator, { provider: { type: 'manufacturer', status: 'approved' } }))
      .thenThrows(WorkOrderRuleViolation, violation('provider-eligible', 'providerId'));
    given(awaiting)
      .when(dispatch(cityOperator, { provider: { type: 'service-provider', status: 'pending-review' } }))
      .thenThrows(WorkOrderRuleViolation, violation('provider-eligible'));
    given(awaiting).when(dispatch(siblingOperator)).thenThrows(NotYourRole, notYourRole);
    given(awaiting).when(dispatch(provider)).thenThrows(NotYourRole, notYourRole);
    given(submitted).when(dispatch(cityOperator)).thenThrows(IllegalTransition, illegalFrom('submitted'));
    given(atProvider).when(dispatch(cityOperator)).thenThrows(IllegalTransition, illegalFrom('dispatched'));
  });

  it('the provider returns it with a reason (back to the operator) or accepts it', () => {
    const returned: WorkOrderEvent = { type: 'DispatchReturned', data: { providerId: 'E-PRO', reason: '超出服务区域', at } };
    given(atProvider).when(cmd('ReturnDispatch', provider, { reason: '超出服务区域' })).then([returned]);
    expect(given([...atProvider, returned]).when(dispatch(cityOperator, { providerId: 'E-PRO2', suggestion: null })).events()[0]).toMatchObject({ type: 'WorkOrderDispatched', data: { providerId: 'E-PRO2' } });
    given([...atProvider, returned]).when(cmd('AcceptDispatch', provider)).thenThrows(IllegalTransition, illegalFrom('awaiting-dispatch'));
    given(atProvider).when(cmd('AcceptDispatch', provider)).then([accepted]);
  });

  it('refuses a return without reason, and another provider returning or accepting', () => {
    given(atProvider).when(cmd('ReturnDispatch', provider, { reason: '' })).thenThrows(WorkOrderRuleViolation, violation('required', 'reason'));
    given(atProvider).when(cmd('ReturnDispatch', otherProvider, { reason: 'x' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('AcceptDispatch', otherProvider)).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('AcceptDispatch', cityOperator)).thenThrows(NotYourRole, notYourRole);
    given(providerAccepted).when(cmd('AcceptDispatch', provider)).thenThrows(IllegalTransition, illegalFrom('accepted'));
    given(providerAccepted).when(cmd('ReturnDispatch', provider, { reason: 'x' })).thenThrows(IllegalTransition, illegalFrom('accepted'));
  });

  it('the operator changes the priority of a live order; the same priority changes nothing', () => {
    given(atProvider).when(cmd('ChangePriority', cityOperator, { priority: 'high' })).then([{ type: 'PriorityChanged', data: { priority: 'high', at } }]);
    given(atProvider).when(cmd('ChangePriority', cityOperator, { priority: 'normal' })).then([]);
    given(atProvider).when(cmd('ChangePriority', provider, { priority: 'high' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('ChangePriority', siblingOperator, { priority: 'high' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('ChangePriority', cityOperator, { priority: 'asap' as never })).thenThrows(WorkOrderRuleViolation, violation('priority'));
    given(closedOrder).when(cmd('ChangePriority', cityOperator, { priority: 'high' })).thenThrows(IllegalTransition, illegalFrom('closed'));
  });
});

describe('work order: engineer assignment', () => {
  const assign = (by: Party, engineerId = 'u-eng', engineerIsMember = true) => cmd('AssignEngineer', by, { engineerId, engineerIsMember });

  it('the provider assigns one of its engineers, and may reassign before the engineer accepted', () => {
    given(providerAccepted).when(assign(provider)).then([assigned]);
    given(engineerAssigned).when(assign(provider, 'u-eng2')).then([{ type: 'EngineerAssigned', data: { engineerId: 'u-eng2', at } }]);
    given(engineerAssigned).when(assign(provider)).then([]);
  });

  it('refuses a non-member, another party, and a dispatched or on-site order', () => {
    given(providerAccepted).when(assign(provider, 'u-x', false)).thenThrows(WorkOrderRuleViolation, violation('engineer-member', 'engineerId'));
    given(providerAccepted).when(assign(otherProvider)).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(assign(provider)).thenThrows(IllegalTransition, illegalFrom('dispatched'));
    given(onSite).when(assign(provider)).thenThrows(IllegalTransition, illegalFrom('engineer-accepted'));
  });

  it('the assigned engineer accepts, or declines with a reason (back to the provider)', () => {
    given(engineerAssigned).when(cmd('AcceptAssignment', engineer)).then([engineerAccepted]);
    const declined: WorkOrderEvent = { type: 'EngineerDeclined', data: { engineerId: 'u-eng', reason: '休假', at } };
    given(engineerAssigned).when(cmd('DeclineAssignment', engineer, { reason: '休假' })).then([declined]);
    given([...engineerAssigned, declined]).when(assign(provider, 'u-eng2')).then([{ type: 'EngineerAssigned', data: { engineerId: 'u-eng2', at } }]);
  });

  it('refuses a colleague, the provider admin, a decline without reason, and other states', () => {
    given(engineerAssigned).when(cmd('AcceptAssignment', colleague)).thenThrows(NotYourRole, notYourRole);
    given(engineerAssigned).when(cmd('AcceptAssignment', provider)).thenThrows(NotYourRole, notYourRole);
    given(engineerAssigned).when(cmd('DeclineAssignment', engineer, { reason: '' })).thenThrows(WorkOrderRuleViolation, violation('required', 'reason'));
    given(providerAccepted).when(cmd('AcceptAssignment', engineer)).thenThrows(IllegalTransition, illegalFrom('accepted'));
    given(onSite).when(cmd('DeclineAssignment', engineer, { reason: 'x' })).thenThrows(IllegalTransition, illegalFrom('engineer-accepted'));
  });
});

describe('work order: the engineer’s work (WO-6, WO-7, WO-8)', () => {
  it('starts, reports progress, records what was done and edits it, pauses and resumes, completes', () => {
    given(onSite).when(cmd('StartWork', engineer)).then([started]);
    given(inProgress)
      .when(cmd('ReportProgress', engineer, { note: '已到现场', percent: 20, attachments: [] }))
      .then([{ type: 'ProgressReported', data: { note: '已到现场', percent: 20, attachments: [], at } }]);
    given(inProgress).when(cmd('AddProcessingRecord', engineer, { record })).then([recordAdded]);
    given(recorded)
      .when(cmd('EditProcessingRecord', engineer, { record: { ...record, result: '试运行两小时正常' } }))
      .then([{ type: 'ProcessingRecordEdited', data: { ...record, result: '试运行两小时正常', engineerId: 'u-eng', at } }]);
    const paused: WorkOrderEvent = { type: 'WorkPaused', data: { reason: 'awaiting-parts', note: '等待进气阀到货', at } };
    given(recorded).when(cmd('PauseWork', engineer, { reason: 'awaiting-parts', note: '等待进气阀到货' })).then([paused]);
    given([...recorded, paused]).when(cmd('ResumeWork', engineer)).then([{ type: 'WorkResumed', data: { at } }]);
    given(recorded).when(cmd('CompleteWork', engineer, { summary: '已修复' })).then([completed]);
  });

  it('refuses another engineer, a start twice, bad progress, a duplicate or unknown record, and bad parts', () => {
    given(onSite).when(cmd('StartWork', colleague)).thenThrows(NotYourRole, notYourRole);
    given(inProgress).when(cmd('StartWork', engineer)).thenThrows(IllegalTransition, illegalFrom('in-progress'));
    given(engineerAssigned).when(cmd('StartWork', engineer)).thenThrows(IllegalTransition, illegalFrom('assigned'));
    given(inProgress).when(cmd('ReportProgress', engineer, { note: 'x', percent: 120, attachments: [] })).thenThrows(WorkOrderRuleViolation, violation('percent'));
    given(onSite).when(cmd('ReportProgress', engineer, { note: 'x', percent: null, attachments: [] })).thenThrows(IllegalTransition);
    given(recorded).when(cmd('AddProcessingRecord', engineer, { record })).thenThrows(WorkOrderRuleViolation, violation('record-exists'));
    given(inProgress).when(cmd('EditProcessingRecord', engineer, { record })).thenThrows(WorkOrderRuleViolation, violation('record-unknown', 'recordId'));
    given(inProgress)
      .when(cmd('AddProcessingRecord', engineer, { record: { ...record, parts: [{ name: '阀', quantity: 0, unit: '个' }] } }))
      .thenThrows(WorkOrderRuleViolation, violation('positive', 'record.parts[0].quantity'));
    given(inProgress).when(cmd('AddProcessingRecord', colleague, { record })).thenThrows(NotYourRole, notYourRole);
    given(done).when(cmd('EditProcessingRecord', engineer, { record })).thenThrows(IllegalTransition, illegalFrom('completed'));
  });

  it('a paused order neither pauses again nor completes; an unpaused one does not resume; completion needs a record', () => {
    const paused: WorkOrderEvent = { type: 'WorkPaused', data: { reason: 'awaiting-customer', note: '', at } };
    given([...recorded, paused]).when(cmd('PauseWork', engineer, { reason: 'awaiting-parts', note: '' })).thenThrows(IllegalTransition, illegalFrom('in-progress (paused: awaiting-customer)'));
    given([...recorded, paused]).when(cmd('CompleteWork', engineer, { summary: '' })).thenThrows(IllegalTransition);
    given(recorded).when(cmd('ResumeWork', engineer)).thenThrows(IllegalTransition, illegalFrom('in-progress (not paused)'));
    given(recorded).when(cmd('PauseWork', engineer, { reason: 'lunch' as never, note: '' })).thenThrows(WorkOrderRuleViolation, violation('pause-reason'));
    given(inProgress).when(cmd('CompleteWork', engineer, { summary: '' })).thenThrows(WorkOrderRuleViolation, violation('processing-record-required'));
  });
});

describe('work order: receipt (WO-9, WO-10)', () => {
  it('the engineer submits it; the provider approves and reports, or rejects it for rework', () => {
    given(done).when(cmd('SubmitReceipt', engineer, { summary: '维修完成，客户签字', attachments: [] })).then([receiptSubmitted]);
    given(receipt).when(cmd('ApproveReceipt', provider, { opinion: '' })).then([receiptApproved]);
    given(approved).when(cmd('ReportReceipt', provider, { note: '' })).then([reported]);
    const rejected: WorkOrderEvent = { type: 'ReceiptRejected', data: { reason: '缺少客户签字', at } };
    given(receipt).when(cmd('RejectReceipt', provider, { reason: '缺少客户签字' })).then([rejected]);
    // Rework: back in progress, the records editable again, completed and submitted anew.
    expect(given([...receipt, rejected]).when(cmd('EditProcessingRecord', engineer, { record })).events().map((e) => e.type)).toEqual(['ProcessingRecordEdited']);
    given([...receipt, rejected]).when(cmd('CompleteWork', engineer, { summary: '返工完成' })).then([{ type: 'WorkCompleted', data: { summary: '返工完成', at } }]);
  });

  it('refuses the wrong party, a rejection without reason and the wrong state', () => {
    given(done).when(cmd('SubmitReceipt', provider, { summary: 'x', attachments: [] })).thenThrows(NotYourRole, notYourRole);
    given(done).when(cmd('SubmitReceipt', engineer, { summary: '', attachments: [] })).thenThrows(WorkOrderRuleViolation, violation('required', 'summary'));
    given(recorded).when(cmd('SubmitReceipt', engineer, { summary: 'x', attachments: [] })).thenThrows(IllegalTransition, illegalFrom('in-progress'));
    given(receipt).when(cmd('ApproveReceipt', otherProvider, { opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(receipt).when(cmd('RejectReceipt', provider, { reason: '' })).thenThrows(WorkOrderRuleViolation, violation('required', 'reason'));
    given(receipt).when(cmd('ReportReceipt', provider, { note: '' })).thenThrows(IllegalTransition, illegalFrom('receipt-submitted'));
    given(approved).when(cmd('ReportReceipt', otherProvider, { note: '' })).thenThrows(NotYourRole, notYourRole);
    given(done).when(cmd('ApproveReceipt', provider, { opinion: '' })).thenThrows(IllegalTransition, illegalFrom('completed'));
  });
});

describe('work order: evaluations and closing (WO-11)', () => {
  it('closes when the equipment user and the manufacturer have both evaluated', () => {
    given(reportedOrder).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '很快' })).then([userEvaluated]);
    given([...reportedOrder, userEvaluated]).when(cmd('EvaluateWorkOrder', maker, { score: 4, opinion: '' })).then([makerEvaluated, closed]);
    given([...reportedOrder, makerEvaluated]).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '很快' })).then([userEvaluated, closed]);
  });

  it('closes on the equipment user’s evaluation when no manufacturer is linked, or when the manufacturer requested it for a device nobody owns', () => {
    const noMaker: WorkOrderEvent = { ...requested(), data: { ...(requested().data as object), manufacturerId: null } } as WorkOrderEvent;
    given([noMaker, ...reportedOrder.slice(1)]).when(cmd('EvaluateWorkOrder', user, { score: 3, opinion: '' })).then([
      { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 3, opinion: '', at } },
      closed,
    ]);
    const unowned = requested('E-MAKER', 'u-maker');
    const makerRequestedUnowned = { ...unowned, data: { ...(unowned.data as object), device: { ...device, ownerId: null } } } as WorkOrderEvent;
    given([makerRequestedUnowned, ...reportedOrder.slice(1)]).when(cmd('EvaluateWorkOrder', maker, { score: 4, opinion: '' })).then([
      { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 4, opinion: '', at } },
      closed,
    ]);
  });

  it('when the manufacturer requested it for a customer’s device, the owner evaluates as the equipment user and both close it', () => {
    const makerRequested = [requested('E-MAKER', 'u-maker'), ...reportedOrder.slice(1)];
    given(makerRequested).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '很快' })).then([userEvaluated]);
    given(makerRequested).when(cmd('EvaluateWorkOrder', maker, { score: 4, opinion: '' })).then([makerEvaluated]);
    given([...makerRequested, makerEvaluated]).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '很快' })).then([userEvaluated, closed]);
    given([...makerRequested, userEvaluated]).when(cmd('EvaluateWorkOrder', maker, { score: 4, opinion: '' })).then([makerEvaluated, closed]);
    given([...makerRequested, makerEvaluated]).when(cmd('EvaluateWorkOrder', maker, { score: 4, opinion: '' })).thenThrows(WorkOrderRuleViolation, violation('duplicate-evaluation'));
  });

  it('records quality and efficiency when given (CX-1), and leaves them out when not', () => {
    given(reportedOrder)
      .when(cmd('EvaluateWorkOrder', user, { score: 4, opinion: '很快', quality: 5, efficiency: 3 }))
      .then([{ type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 4, opinion: '很快', quality: 5, efficiency: 3, at } }]);
    given(reportedOrder)
      .when(cmd('EvaluateWorkOrder', user, { score: 4, opinion: '', efficiency: 2 }))
      .then([{ type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 4, opinion: '', efficiency: 2, at } }]);
    given(reportedOrder).when(cmd('EvaluateWorkOrder', user, { score: 4, opinion: '', quality: 0 })).thenThrows(WorkOrderRuleViolation, violation('quality', 'quality'));
    given(reportedOrder).when(cmd('EvaluateWorkOrder', user, { score: 4, opinion: '', efficiency: 4.5 })).thenThrows(WorkOrderRuleViolation, violation('efficiency', 'efficiency'));
  });

  it('refuses a second evaluation by the same side, bad scores, other parties and earlier states', () => {
    given([...reportedOrder, userEvaluated]).when(cmd('EvaluateWorkOrder', user, { score: 1, opinion: '' })).thenThrows(WorkOrderRuleViolation, violation('duplicate-evaluation'));
    given(reportedOrder).when(cmd('EvaluateWorkOrder', user, { score: 6, opinion: '' })).thenThrows(WorkOrderRuleViolation, violation('score', 'score'));
    given(reportedOrder).when(cmd('EvaluateWorkOrder', user, { score: 2.5, opinion: '' })).thenThrows(WorkOrderRuleViolation, violation('score'));
    given(reportedOrder).when(cmd('EvaluateWorkOrder', provider, { score: 5, opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(reportedOrder).when(cmd('EvaluateWorkOrder', cityOperator, { score: 5, opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(approved).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '' })).thenThrows(IllegalTransition, illegalFrom('receipt-approved'));
    given(closedOrder).when(cmd('EvaluateWorkOrder', user, { score: 5, opinion: '' })).thenThrows(IllegalTransition, illegalFrom('closed'));
  });
});

describe('work order: cancel, reopen, warranty judgement (WO-14)', () => {
  it('the requester or the jurisdiction’s operator cancels, with a reason, any order before work started', () => {
    for (const history of [submitted, awaiting, atProvider, providerAccepted, engineerAssigned, onSite]) {
      given(history).when(cmd('CancelWorkOrder', user, { reason: '设备已自行恢复' })).then([{ type: 'WorkOrderCancelled', data: { by: user, reason: '设备已自行恢复', at } }]);
      given(history).when(cmd('CancelWorkOrder', cityOperator, { reason: '重复' })).then([{ type: 'WorkOrderCancelled', data: { by: cityOperator, reason: '重复', at } }]);
    }
  });

  it('refuses cancelling once work started, by the provider, by the sibling operator, without reason', () => {
    given(inProgress).when(cmd('CancelWorkOrder', user, { reason: 'x' })).thenThrows(IllegalTransition, illegalFrom('in-progress'));
    given(closedOrder).when(cmd('CancelWorkOrder', user, { reason: 'x' })).thenThrows(IllegalTransition, illegalFrom('closed'));
    given(atProvider).when(cmd('CancelWorkOrder', provider, { reason: 'x' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('CancelWorkOrder', siblingOperator, { reason: 'x' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('CancelWorkOrder', user, { reason: ' ' })).thenThrows(WorkOrderRuleViolation, violation('required', 'reason'));
    const cancelled: WorkOrderEvent = { type: 'WorkOrderCancelled', data: { by: user, reason: 'x', at } };
    given([...atProvider, cancelled]).when(cmd('AcceptDispatch', provider)).thenThrows(IllegalTransition, illegalFrom('cancelled'));
  });

  it('the requester reopens a closed order within the repair warranty: back to its provider, for an engineer', () => {
    const within = '2026-12-31T01:59:59.000Z';
    const reopened: WorkOrderEvent = { type: 'WorkOrderReopened', data: { by: user, reason: '故障复发', at: within } };
    given(closedOrder).when(cmd('ReopenWorkOrder', user, { reason: '故障复发' }, within)).then([reopened]);
    given([...closedOrder, reopened]).when(cmd('AssignEngineer', provider, { engineerId: 'u-eng', engineerIsMember: true })).then([assigned]);
    // The new round is evaluated anew.
    const again = [...closedOrder, reopened, assigned, engineerAccepted, started, completed, receiptSubmitted, receiptApproved, reported];
    given(again).when(cmd('EvaluateWorkOrder', user, { score: 4, opinion: '' })).then([{ type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 4, opinion: '', at } }]);
  });

  it('refuses reopening after the window (configurable), by others, or an order that is not closed', () => {
    const after = '2026-12-31T02:00:01.000Z';
    given(closedOrder).when(cmd('ReopenWorkOrder', user, { reason: '故障复发' }, after)).thenThrows(WorkOrderRuleViolation, violation('repair-warranty-expired'));
    deciderSpec(workOrderWith({ ...DEFAULT_WORK_ORDER_RULES, repairWarrantyDays: 90 }))(closedOrder)
      .when(cmd('ReopenWorkOrder', user, { reason: '故障复发' }, after))
      .then([{ type: 'WorkOrderReopened', data: { by: user, reason: '故障复发', at: after } }]);
    given(closedOrder).when(cmd('ReopenWorkOrder', maker, { reason: 'x' })).thenThrows(NotYourRole, notYourRole);
    given(closedOrder).when(cmd('ReopenWorkOrder', user, { reason: '' })).thenThrows(WorkOrderRuleViolation, violation('required', 'reason'));
    given(reportedOrder).when(cmd('ReopenWorkOrder', user, { reason: 'x' })).thenThrows(IllegalTransition, illegalFrom('reported'));
  });

  it('the manufacturer judges the warranty once, on a live or closed order', () => {
    const judged: WorkOrderEvent = { type: 'WarrantyJudged', data: { judgement: 'in-warranty', opinion: '在保修期内', at } };
    given(atProvider).when(cmd('JudgeWarranty', maker, { judgement: 'in-warranty', opinion: '在保修期内' })).then([judged]);
    given(closedOrder).when(cmd('JudgeWarranty', maker, { judgement: 'out-of-warranty', opinion: '' })).then([
      { type: 'WarrantyJudged', data: { judgement: 'out-of-warranty', opinion: '', at } },
    ]);
    given([...atProvider, judged]).when(cmd('JudgeWarranty', maker, { judgement: 'out-of-warranty', opinion: '' })).thenThrows(IllegalTransition, illegalFrom('warranty judged (in-warranty)'));
    given(atProvider).when(cmd('JudgeWarranty', user, { judgement: 'in-warranty', opinion: '' })).thenThrows(NotYourRole, notYourRole);
    given(atProvider).when(cmd('JudgeWarranty', maker, { judgement: 'maybe' as never, opinion: '' })).thenThrows(WorkOrderRuleViolation, violation('judgement'));
    given([...atProvider, { type: 'WorkOrderCancelled', data: { by: user, reason: 'x', at } }])
      .when(cmd('JudgeWarranty', maker, { judgement: 'in-warranty', opinion: '' }))
      .thenThrows(IllegalTransition, illegalFrom('cancelled'));
  });

  it('nothing but a submission happens to an order that does not exist', () => {
    given([]).when(cmd('AcceptDispatch', provider)).thenThrows(IllegalTransition, illegalFrom('none'));
  });
});
