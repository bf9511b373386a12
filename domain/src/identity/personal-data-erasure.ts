import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- Erasure of a person's data under PIPL (stream `PersonalDataErasure-<userId>`) ----------------
// The event is the audit record of the request: who asked (the person, or operations with a reason)
// and when. Destroying the person's data key (crypto-shredding, ADR 0017) follows it; the log keeps
// every event, whose personal fields are then unreadable ciphertext.

export type ErasureRequester = 'self' | 'operations';

export type PersonalDataErased = DomainEvent<'PersonalDataErased', { userId: string; requestedBy: ErasureRequester; reason: string; at: string }>;
export type PersonalDataErasureEvent = PersonalDataErased;

export type ErasePersonalData = Command<'ErasePersonalData', { userId: string; requestedBy: ErasureRequester; reason: string; at: string }>;
export type PersonalDataErasureCommand = ErasePersonalData;

export type PersonalDataErasureState = { readonly erasedAt: string | null };

export const personalDataErasureStream = (userId: string): string => `PersonalDataErasure-${userId}`;

/** Whether a person's data was erased; a second request changes nothing. */
export const personalDataErasure: Decider<PersonalDataErasureCommand, PersonalDataErasureEvent, PersonalDataErasureState> = {
  initialState: () => ({ erasedAt: null }),
  decide: (command, state) => {
    switch (command.type) {
      case 'ErasePersonalData':
        return state.erasedAt === null ? [{ type: 'PersonalDataErased', data: command.data }] : [];
      default: {
        const unreachable: never = command.type;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => (event.type === 'PersonalDataErased' ? { erasedAt: event.data.at } : state),
};
