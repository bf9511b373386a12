import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { DeviceRuleViolation } from './device-rules';

// ---- One device per number and registrant (stream `DeviceNumber-<registrantId>-<number>`) --------
// Device streams are keyed by device id and cannot see each other, so the registrant's number is
// claimed in a stream of its own before the device is registered (as a USCC is for an enterprise).

type Holder = { registrantId: string; number: string; deviceId: string; at: string };
export type DeviceNumberClaimed = DomainEvent<'DeviceNumberClaimed', Holder>;
export type DeviceNumberClaimEvent = DeviceNumberClaimed;
export type ClaimDeviceNumber = Command<'ClaimDeviceNumber', Holder>;
export type DeviceNumberClaimState = { readonly deviceId: string | null };

export const deviceNumberClaim: Decider<ClaimDeviceNumber, DeviceNumberClaimEvent, DeviceNumberClaimState> = {
  initialState: () => ({ deviceId: null }),
  decide: (command, state) => {
    if (state.deviceId === command.data.deviceId) return [];
    if (state.deviceId !== null)
      throw new DeviceRuleViolation('number-taken', 'number', `device number ${command.data.number} is registered already`);
    return [{ type: 'DeviceNumberClaimed', data: command.data }];
  },
  evolve: (_, event) => ({ deviceId: event.data.deviceId }),
};

/** Numbers are compared without case: `ab-1` and `AB-1` are one nameplate. */
export const deviceNumberClaimStream = (registrantId: string, number: string): string =>
  `DeviceNumber-${registrantId}-${number.trim().toUpperCase()}`;
