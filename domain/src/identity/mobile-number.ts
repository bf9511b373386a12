import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { MobileNumberTaken } from './identity.errors';

// ---- A mobile number's claim (stream `MobileNumber-<blind index>`) ---------------------------------
// One stream per number makes "one account per number" a write-side rule that holds under races
// (the second append finds the stream taken), and makes sign-in lookups read their own writes.

export type MobileNumberClaimed = DomainEvent<'MobileNumberClaimed', { userId: string; at: string }>;
/** The holder moved to another number; the number is free to register again. */
export type MobileNumberReleased = DomainEvent<'MobileNumberReleased', { userId: string; at: string }>;
export type MobileNumberEvent = MobileNumberClaimed | MobileNumberReleased;

export type ClaimMobileNumber = Command<'ClaimMobileNumber', { userId: string; at: string }>;
export type ReleaseMobileNumber = Command<'ReleaseMobileNumber', { userId: string; at: string }>;
export type MobileNumberCommand = ClaimMobileNumber | ReleaseMobileNumber;

export type MobileNumberState = { readonly userId: string | null };

export const mobileNumberStream = (mobileIndex: string): string => `MobileNumber-${mobileIndex}`;

/** Who holds a mobile number. */
export const mobileNumber: Decider<MobileNumberCommand, MobileNumberEvent, MobileNumberState> = {
  initialState: () => ({ userId: null }),
  decide: (command, state) => {
    switch (command.type) {
      case 'ClaimMobileNumber':
        if (state.userId === null) return [{ type: 'MobileNumberClaimed', data: command.data }];
        // The same registration retried (same user id) is not a second claim.
        if (state.userId === command.data.userId) return [];
        throw new MobileNumberTaken();
      case 'ReleaseMobileNumber':
        // Only the holder lets go; anything else (already free, someone else's) changes nothing.
        return state.userId === command.data.userId ? [{ type: 'MobileNumberReleased', data: command.data }] : [];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (_, event) => ({ userId: event.type === 'MobileNumberClaimed' ? event.data.userId : null }),
};
