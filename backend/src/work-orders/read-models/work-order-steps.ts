import { subject as asSubject } from '@casl/ability';
import { IllegalTransition, NotYourRole, PRIORITY_ORDER, WORK_ORDER_CONFLICT_RULES, WorkOrderRuleViolation, workOrder, type Party, type WorkOrder, type WorkOrderCommand } from '@kuaige/domain';
import type { Action } from '@kuaige/tenancy';
import type { Actor } from '../../tenancy/api/authorization';

// ---- The steps a caller may take on an order now, for the console to offer only those -------------
// Asked of the decider itself with well-formed sample input: a step is offered when the caller holds
// its permission on the order and the decider refuses it for nothing but the input a form would ask
// for. Facts a handler reads (the provider, the engineer's membership) are assumed to hold.

type Probe = { readonly step: string; readonly action: Action; readonly command: (order: WorkOrder) => { type: WorkOrderCommand['type']; data: object } };

const RECORD = { recordId: '\u0000probe', steps: 'x', parts: [], tools: [], cause: '', result: '', attachments: [] };

const PROBES: readonly Probe[] = [
  { step: 'review', action: 'dispatch', command: () => ({ type: 'ReviewRequest', data: { opinion: '' } }) },
  {
    step: 'dispatch',
    action: 'dispatch',
    command: () => ({ type: 'DispatchWorkOrder', data: { providerId: 'x', provider: { type: 'service-provider', status: 'approved' }, priority: null, suggestion: null, override: null } }),
  },
  { step: 'priority', action: 'dispatch', command: (o) => ({ type: 'ChangePriority', data: { priority: PRIORITY_ORDER.find((p) => p !== o.priority)! } }) },
  { step: 'return', action: 'assign', command: () => ({ type: 'ReturnDispatch', data: { reason: 'x' } }) },
  { step: 'accept', action: 'assign', command: () => ({ type: 'AcceptDispatch', data: {} }) },
  { step: 'assign', action: 'assign', command: () => ({ type: 'AssignEngineer', data: { engineerId: '\u0000probe', engineerIsMember: true } }) },
  { step: 'engineer-accept', action: 'update', command: () => ({ type: 'AcceptAssignment', data: {} }) },
  { step: 'engineer-decline', action: 'update', command: () => ({ type: 'DeclineAssignment', data: { reason: 'x' } }) },
  { step: 'start', action: 'update', command: () => ({ type: 'StartWork', data: {} }) },
  { step: 'progress', action: 'update', command: () => ({ type: 'ReportProgress', data: { note: 'x', percent: null, attachments: [] } }) },
  { step: 'records', action: 'update', command: () => ({ type: 'AddProcessingRecord', data: { record: RECORD } }) },
  { step: 'pause', action: 'update', command: () => ({ type: 'PauseWork', data: { reason: 'awaiting-parts', note: '' } }) },
  { step: 'resume', action: 'update', command: () => ({ type: 'ResumeWork', data: {} }) },
  { step: 'complete', action: 'update', command: () => ({ type: 'CompleteWork', data: { summary: '' } }) },
  { step: 'receipt', action: 'update', command: () => ({ type: 'SubmitReceipt', data: { summary: 'x', attachments: [] } }) },
  { step: 'receipt/approve', action: 'review', command: () => ({ type: 'ApproveReceipt', data: { opinion: '' } }) },
  { step: 'receipt/reject', action: 'review', command: () => ({ type: 'RejectReceipt', data: { reason: 'x' } }) },
  { step: 'receipt/report', action: 'review', command: () => ({ type: 'ReportReceipt', data: { note: '' } }) },
  { step: 'evaluations', action: 'close', command: () => ({ type: 'EvaluateWorkOrder', data: { score: 5, opinion: '' } }) },
  { step: 'warranty-judgement', action: 'close', command: () => ({ type: 'JudgeWarranty', data: { judgement: 'in-warranty', opinion: '' } }) },
  { step: 'cancel', action: 'close', command: () => ({ type: 'CancelWorkOrder', data: { reason: 'x' } }) },
  { step: 'reopen', action: 'close', command: () => ({ type: 'ReopenWorkOrder', data: { reason: 'x' } }) },
];

/** The route steps (`POST /api/v1/work-orders/:id/<step>`) the actor may take on the order at `at`. */
export const allowedSteps = (actor: Actor, row: object, order: WorkOrder, by: Party, at: string): string[] => {
  const target = asSubject('WorkOrder', { ...row });
  return PROBES.filter((probe) => {
    if (!actor.ability.can(probe.action, target)) return false;
    const { type, data } = probe.command(order);
    try {
      workOrder.decide({ type, data: { ...data, by, at } } as WorkOrderCommand, order);
      return true;
    } catch (error) {
      if (error instanceof IllegalTransition || error instanceof NotYourRole) return false;
      // What the order holds now refuses it whatever the form says (a second evaluation, an expired
      // warranty window, completion before any record).
      if (error instanceof WorkOrderRuleViolation) return !WORK_ORDER_CONFLICT_RULES.includes(error.rule) && error.rule !== 'processing-record-required';
      throw error;
    }
  }).map((probe) => probe.step);
};
