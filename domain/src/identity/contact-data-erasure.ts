import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- Erasure of a contact's data: a person who is no account (stream `ContactDataErasure-<ref>`) ----
// A work order's contact is known by a mobile number only. Operations erase on a request received
// outside the product; the event is its audit record: which data subjects (ADR 0017 addendum) lost
// their key, why and when. `ref` is a keyed reference to the number that finds no account; the number
// itself is never written.

export type ContactDataErased = DomainEvent<'ContactDataErased', { ref: string; subjects: readonly string[]; reason: string; at: string }>;
export type ContactDataErasureEvent = ContactDataErased;

export type EraseContactData = Command<'EraseContactData', { ref: string; subjects: readonly string[]; reason: string; at: string }>;
export type ContactDataErasureCommand = EraseContactData;

export type ContactDataErasureState = { readonly erased: ReadonlySet<string> };

export const contactDataErasureStream = (ref: string): string => `ContactDataErasure-${ref}`;

/** Records the subjects not erased before; a request that finds nothing new records nothing. */
export const contactDataErasure: Decider<ContactDataErasureCommand, ContactDataErasureEvent, ContactDataErasureState> = {
  initialState: () => ({ erased: new Set() }),
  decide: (command, state) => {
    switch (command.type) {
      case 'EraseContactData': {
        const subjects = [...new Set(command.data.subjects)].filter((s) => !state.erased.has(s)).sort();
        return subjects.length === 0 ? [] : [{ type: 'ContactDataErased', data: { ...command.data, subjects } }];
      }
      default: {
        const unreachable: never = command.type;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => (event.type === 'ContactDataErased' ? { erased: new Set([...state.erased, ...event.data.subjects]) } : state),
};
