import { describe, expect, it } from 'vitest';
import { type Caller, availableActions } from './work-order-actions';
import type { WorkOrderRow, WorkOrderStatus } from './work-order.model';

const order = (status: WorkOrderStatus, over: Partial<WorkOrderRow> = {}): WorkOrderRow => ({
  _id: 'wo-1',
  number: 'WO-20261201-ABC123',
  status,
  priority: 'high',
  paused: false,
  deviceId: 'd-1',
  deviceName: '立式加工中心',
  deviceType: 'cnc-machine',
  faultType: 'electrical',
  faultSummary: '主轴异响',
  countyCode: '440305',
  requesterId: 'user-co',
  manufacturerId: 'maker-co',
  providerId: 'provider-co',
  assigneeId: 'engineer-1',
  submittedAt: '2026-12-01T01:00:00Z',
  updatedAt: '2026-12-01T01:00:00Z',
  dispatchedAt: null,
  completedAt: null,
  closedAt: null,
  userScore: null,
  manufacturerScore: null,
  ...over,
});

const party = (kind: 'enterprise' | 'operator', id: string, permissions: string[], userId = 'someone'): Caller => ({
  context: { kind, id },
  userId,
  can: (p) => permissions.includes(p),
});

const operator = party('operator', 'node-nanshan', ['work-order:read', 'work-order:dispatch', 'work-order:close']);
const requester = party('enterprise', 'user-co', ['work-order:read', 'work-order:create', 'work-order:close']);
const provider = party('enterprise', 'provider-co', ['work-order:read', 'work-order:assign', 'work-order:review']);
const engineer = party('enterprise', 'provider-co', ['work-order:update'], 'engineer-1');
const manufacturer = party('enterprise', 'maker-co', ['work-order:read', 'work-order:close']);

describe('the steps the console offers', () => {
  it('lets the operator review a new request and dispatch a reviewed one, nobody else', () => {
    expect(availableActions(order('submitted'), operator)).toEqual(['review-approve', 'review-reject', 'cancel', 'priority']);
    expect(availableActions(order('awaiting-dispatch'), operator)).toEqual(['dispatch', 'cancel', 'priority']);
    expect(availableActions(order('reported'), operator)).toEqual(['priority']);
    expect(availableActions(order('closed'), operator)).toEqual([]);
    expect(availableActions(order('awaiting-dispatch'), provider)).toEqual([]);
    expect(availableActions(order('submitted'), requester)).toEqual(['cancel']);
  });

  it('lets only the dispatched provider accept, return and assign, with the permission to', () => {
    expect(availableActions(order('dispatched'), provider)).toEqual(['accept', 'return']);
    expect(availableActions(order('accepted'), provider)).toEqual(['assign']);
    expect(availableActions(order('assigned'), provider)).toEqual(['assign']);
    expect(availableActions(order('dispatched', { providerId: 'other-co' }), provider)).toEqual([]);
    const clerk = party('enterprise', 'provider-co', ['work-order:read']);
    expect(availableActions(order('dispatched'), clerk)).toEqual([]);
  });

  it("gives the engineer's steps only to the assigned engineer, pausing and resuming by the flag", () => {
    expect(availableActions(order('assigned'), engineer)).toEqual(['engineer-accept', 'engineer-decline']);
    expect(availableActions(order('engineer-accepted'), engineer)).toEqual(['start']);
    expect(availableActions(order('in-progress'), engineer)).toEqual(['progress', 'pause', 'record', 'complete']);
    expect(availableActions(order('in-progress', { paused: true }), engineer)).toEqual(['progress', 'resume', 'record']);
    expect(availableActions(order('completed'), engineer)).toEqual(['receipt']);
    const colleague = party('enterprise', 'provider-co', ['work-order:update'], 'engineer-2');
    expect(availableActions(order('in-progress'), colleague)).toEqual([]);
    // The same person acting for another enterprise is not the provider's engineer there.
    const elsewhere = party('enterprise', 'user-co', ['work-order:update'], 'engineer-1');
    expect(availableActions(order('in-progress'), elsewhere)).toEqual([]);
  });

  it('lets the provider review the receipt and report it', () => {
    expect(availableActions(order('receipt-submitted'), provider)).toEqual(['receipt-approve', 'receipt-reject']);
    expect(availableActions(order('receipt-approved'), provider)).toEqual(['receipt-report']);
    expect(availableActions(order('receipt-submitted'), engineer)).toEqual([]);
  });

  it('asks the requester and the manufacturer each for one evaluation', () => {
    expect(availableActions(order('reported'), requester)).toEqual(['evaluate-as-user']);
    expect(availableActions(order('reported', { userScore: 5 }), requester)).toEqual([]);
    expect(availableActions(order('reported'), manufacturer)).toEqual(['evaluate-as-manufacturer', 'warranty-judgement']);
    expect(availableActions(order('reported', { manufacturerScore: 4 }), manufacturer)).toEqual(['warranty-judgement']);
    expect(availableActions(order('reported', { manufacturerId: null }), manufacturer)).toEqual([]);
    expect(availableActions({ ...order('closed'), warranty: { judgement: 'in-warranty', opinion: '' } }, manufacturer)).toEqual([]);
    expect(availableActions(order('closed'), manufacturer)).toEqual(['warranty-judgement']);
  });

  it('asks the device’s owner, not the manufacturer that raised the request for it, for the equipment user’s evaluation', () => {
    const byMaker = order('reported', { requesterId: 'maker-co', ownerId: 'user-co' });
    expect(availableActions(byMaker, requester)).toEqual(['evaluate-as-user']);
    expect(availableActions(byMaker, manufacturer)).toEqual(['evaluate-as-manufacturer', 'warranty-judgement']);
    // A device nobody owns: the manufacturer that raised it evaluates once, as the equipment user.
    expect(availableActions(order('reported', { requesterId: 'maker-co', ownerId: null }), manufacturer)).toEqual(['evaluate-as-user', 'warranty-judgement']);
  });

  it('offers a reopen of a closed order to its requester and nothing on a cancelled one', () => {
    expect(availableActions(order('closed'), requester)).toEqual(['reopen']);
    for (const caller of [operator, requester, provider, engineer, manufacturer]) {
      expect(availableActions(order('cancelled'), caller)).toEqual([]);
      expect(availableActions(order('rejected'), caller)).toEqual([]);
    }
  });

  it('offers nothing without an acting context', () => {
    const nobody: Caller = { context: null, userId: 'engineer-2', can: () => true };
    expect(availableActions(order('dispatched'), nobody)).toEqual([]);
  });
});
