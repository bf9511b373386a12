import { IllegalTransition, RuleViolation, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';

// ---- The return visit after a work order closed (stream `ReturnVisit-<workOrderId>`) --------------
//
// Scheduled by the platform when the order closes (a durable reaction: it may come again, and then
// decides nothing), due a number of days later; the provider that did the work or an operator of the
// order's jurisdiction calls the customer and records the outcome and the customer's satisfaction.

export const RETURN_VISIT_OUTCOMES = ['resolved', 'recurring', 'unreachable'] as const;
export type ReturnVisitOutcome = (typeof RETURN_VISIT_OUTCOMES)[number];

export interface ReturnVisitParties {
  readonly providerId: string | null;
  readonly customerIds: readonly string[];
  readonly manufacturerId: string | null;
  readonly regions: readonly string[];
}

export type ReturnVisitScheduled = DomainEvent<'ReturnVisitScheduled', { workOrderId: string; number: string; dueAt: string; parties: ReturnVisitParties; at: string }>;
export type ReturnVisitRecorded = DomainEvent<
  'ReturnVisitRecorded',
  { workOrderId: string; outcome: ReturnVisitOutcome; satisfaction: number | null; note: string; by: Party; at: string }
>;
export type ReturnVisitEvent = ReturnVisitScheduled | ReturnVisitRecorded;

export type ScheduleReturnVisit = Command<'ScheduleReturnVisit', { workOrderId: string; number: string; closedAt: string; afterDays: number; parties: ReturnVisitParties; at: string }>;
export type RecordReturnVisit = Command<'RecordReturnVisit', { workOrderId: string; outcome: string; satisfaction: number | null; note: string; by: Party; at: string }>;
export type ReturnVisitCommand = ScheduleReturnVisit | RecordReturnVisit;

export interface ReturnVisitState {
  readonly status: 'none' | 'scheduled' | 'recorded';
  readonly parties: ReturnVisitParties | null;
}

export class ReturnVisitRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'ReturnVisitRuleViolation';
  }
}

export const returnVisitStream = (workOrderId: string): string => `ReturnVisit-${workOrderId}`;

export const returnVisit: Decider<ReturnVisitCommand, ReturnVisitEvent, ReturnVisitState> = {
  initialState: () => ({ status: 'none', parties: null }),
  decide: (command, state) => {
    switch (command.type) {
      case 'ScheduleReturnVisit': {
        if (state.status !== 'none') return [];
        const { workOrderId, number, closedAt, afterDays, parties, at } = command.data;
        const dueAt = new Date(Date.parse(closedAt) + afterDays * 86_400_000).toISOString();
        return [{ type: 'ReturnVisitScheduled', data: { workOrderId, number, dueAt, parties, at } }];
      }
      case 'RecordReturnVisit': {
        const { workOrderId, outcome, satisfaction, note, by, at } = command.data;
        if (state.status !== 'scheduled') throw new IllegalTransition(state.status, command.type);
        const parties = state.parties!;
        const performs = (by.kind === 'enterprise' && by.enterpriseId === parties.providerId) || (by.kind === 'operator' && parties.regions.includes(by.regionCode));
        if (!performs) throw new ReturnVisitRuleViolation('not-your-role', 'actor', 'the return visit is made by the provider or an operator of the order’s jurisdiction');
        if (!(RETURN_VISIT_OUTCOMES as readonly string[]).includes(outcome)) throw new ReturnVisitRuleViolation('isIn', 'outcome', `outcome is one of ${RETURN_VISIT_OUTCOMES.join(', ')}`);
        // An unreachable customer gave no opinion; otherwise the satisfaction is what the call was for.
        if (outcome === 'unreachable' ? satisfaction !== null : satisfaction === null || !Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5)
          throw new ReturnVisitRuleViolation('satisfaction', 'satisfaction', outcome === 'unreachable' ? 'no satisfaction without reaching the customer' : 'satisfaction is a whole number from 1 to 5');
        return [{ type: 'ReturnVisitRecorded', data: { workOrderId, outcome: outcome as ReturnVisitOutcome, satisfaction, note: note.trim(), by, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ReturnVisitScheduled':
        return { status: 'scheduled', parties: event.data.parties };
      case 'ReturnVisitRecorded':
        return { ...state, status: 'recorded' };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
