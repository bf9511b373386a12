import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { TenancyRuleViolation } from './tenancy-rules';

// ---- One enterprise per unified social credit code (stream `EnterpriseUscc-<uscc>`) --------------
// A USCC names one legal entity; enterprise streams are keyed by enterprise id and cannot see each
// other, so the code is claimed in a stream of its own, and released when a resubmission changes it.

type Holder = { uscc: string; enterpriseId: string; at: string };
export type UsccClaimed = DomainEvent<'UsccClaimed', Holder>;
export type UsccReleased = DomainEvent<'UsccReleased', Holder>;
export type UsccClaimEvent = UsccClaimed | UsccReleased;

export type ClaimUscc = Command<'ClaimUscc', Holder>;
export type ReleaseUscc = Command<'ReleaseUscc', Holder>;
export type UsccClaimCommand = ClaimUscc | ReleaseUscc;

export type UsccClaimState = { readonly enterpriseId: string | null };

export const usccClaim: Decider<UsccClaimCommand, UsccClaimEvent, UsccClaimState> = {
  initialState: () => ({ enterpriseId: null }),
  decide: (command, state) => {
    switch (command.type) {
      case 'ClaimUscc':
        if (state.enterpriseId === command.data.enterpriseId) return [];
        if (state.enterpriseId !== null)
          throw new TenancyRuleViolation('uscc-taken', 'uscc', 'an enterprise with this unified social credit code is already registered');
        return [{ type: 'UsccClaimed', data: command.data }];
      case 'ReleaseUscc':
        // Only the holder releases; anyone else's release (or a repeated one) changes nothing.
        return state.enterpriseId === command.data.enterpriseId ? [{ type: 'UsccReleased', data: command.data }] : [];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (_, event) => ({ enterpriseId: event.type === 'UsccClaimed' ? event.data.enterpriseId : null }),
};

export const usccClaimStream = (uscc: string): string => `EnterpriseUscc-${uscc}`;
