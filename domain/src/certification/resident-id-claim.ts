import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { CertificationRuleViolation } from './verification';

// ---- One verified account per person (stream `ResidentId-<blind index of the ID number>`) --------
// Verification streams are keyed by user and cannot see each other, so the ID number is claimed, by its
// blind index (never the number itself), in a stream of its own when a verification is approved.

type Holder = { idNumberIndex: string; userId: string; at: string };
export type ResidentIdClaimed = DomainEvent<'ResidentIdClaimed', Holder>;
export type ResidentIdClaimEvent = ResidentIdClaimed;

export type ClaimResidentId = Command<'ClaimResidentId', Holder>;
export type ResidentIdClaimCommand = ClaimResidentId;

export type ResidentIdClaimState = { readonly userId: string | null };

/** The refusal when another account already verified this ID number. */
export const idNumberTaken = (): CertificationRuleViolation =>
  new CertificationRuleViolation('id-number-taken', 'idNumber', 'another account has already been verified with this ID number');

export const residentIdClaim: Decider<ResidentIdClaimCommand, ResidentIdClaimEvent, ResidentIdClaimState> = {
  initialState: () => ({ userId: null }),
  decide: (command, state) => {
    if (state.userId === command.data.userId) return [];
    if (state.userId !== null) throw idNumberTaken();
    return [{ type: 'ResidentIdClaimed', data: command.data }];
  },
  evolve: (_, event) => ({ userId: event.data.userId }),
};

export const residentIdClaimStream = (idNumberIndex: string): string => `ResidentId-${idNumberIndex}`;
