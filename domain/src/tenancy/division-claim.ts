import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { TenancyRuleViolation } from './tenancy-rules';

// ---- One operator node per division (stream `OperatorDivision-<divisionCode>`) -------------------
// Node streams are keyed by node id, so no node stream can see another node of the same division:
// the division is claimed in a stream of its own before its node is created.

export type DivisionClaimed = DomainEvent<'DivisionClaimed', { divisionCode: string; nodeId: string; at: string }>;
export type DivisionClaimEvent = DivisionClaimed;

export type ClaimDivision = Command<'ClaimDivision', { divisionCode: string; nodeId: string; at: string }>;
export type DivisionClaimCommand = ClaimDivision;

export type DivisionClaimState = { readonly nodeId: string | null };

/** The division's operator node: the first node that claims it; the same node claiming again is a no-op. */
export const divisionClaim: Decider<DivisionClaimCommand, DivisionClaimEvent, DivisionClaimState> = {
  initialState: () => ({ nodeId: null }),
  decide: (command, state) => {
    if (state.nodeId === command.data.nodeId) return [];
    if (state.nodeId !== null)
      throw new TenancyRuleViolation(
        'division-taken',
        'divisionCode',
        `division ${command.data.divisionCode} already has its operator node`,
      );
    return [{ type: 'DivisionClaimed', data: command.data }];
  },
  evolve: (_, event) => ({ nodeId: event.data.nodeId }),
};

export const divisionClaimStream = (divisionCode: string): string => `OperatorDivision-${divisionCode}`;
