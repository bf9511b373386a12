import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertActsFor, baseOf, codesOf, DispatchRuleViolation, MAX_CODES, sameList, type DivisionCheck } from './profile-rules';
import type { Coordinates } from './ranking';

// ---- A service provider's dispatch profile: what, where and how much it serves (WO-4) -----------
// Stream ProviderProfile-<enterpriseId>. Setting it again replaces it; a setting that changes nothing
// records nothing.

export const providerProfileStream = (enterpriseId: string) => `ProviderProfile-${enterpriseId}`;

export const MAX_CAPACITY = 100_000;

export type ProviderProfileFields = {
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  /** Division codes served ('CN', a province, city or county); each covers what lies below it. */
  readonly serviceRegions: readonly string[];
  readonly base: Coordinates | null;
  /** Orders the provider can have open at once. */
  readonly capacity: number;
};

// ---- Events --------------------------------------------------------------------------------------

export type ProviderProfileSet = DomainEvent<
  'ProviderProfileSet',
  ProviderProfileFields & {
    readonly enterpriseId: string;
    /** The enterprise's name and jurisdiction when set: the read model's label and scope. */
    readonly name: string;
    readonly jurisdiction: readonly string[];
    readonly at: string;
  }
>;
export type ProviderProfileEvent = ProviderProfileSet;

// ---- Commands ------------------------------------------------------------------------------------

export type SetProviderProfile = Command<
  'SetProviderProfile',
  ProviderProfileFields & {
    readonly enterpriseId: string;
    /** Read by the handler from the enterprise: only service providers take dispatches. */
    readonly enterprise: { readonly type: string; readonly name: string; readonly jurisdiction: readonly string[] };
    readonly by: Party;
    readonly at: string;
  }
>;
export type ProviderProfileCommand = SetProviderProfile;

// ---- State ---------------------------------------------------------------------------------------

export type ProviderProfileState = (ProviderProfileFields & { readonly status: 'set'; readonly name: string }) | { readonly status: 'none' };

// ---- Logic ---------------------------------------------------------------------------------------

const regionsOf = (codes: readonly string[], isDivision: DivisionCheck): string[] => {
  if (codes.length === 0) throw new DispatchRuleViolation('required', 'serviceRegions', 'name at least one region served');
  if (codes.length > MAX_CODES) throw new DispatchRuleViolation('max-items', 'serviceRegions', `at most ${MAX_CODES} regions`);
  codes.forEach((code, index) => {
    if (!isDivision(code)) throw new DispatchRuleViolation('division-unknown', `serviceRegions.${index}`, `${JSON.stringify(code)} is not a GB/T 2260 division`);
  });
  return [...new Set(codes)];
};

/** The provider-profile decider; `isDivision` checks region codes against GB/T 2260. */
export const providerProfile = (isDivision: DivisionCheck): Decider<ProviderProfileCommand, ProviderProfileEvent, ProviderProfileState> => ({
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    const d = command.data;
    assertActsFor(d.by, d.enterpriseId);
    if (d.enterprise.type !== 'service-provider')
      throw new DispatchRuleViolation('not-a-service-provider', 'enterpriseId', 'only service-provider enterprises have a dispatch profile');
    if (!Number.isInteger(d.capacity) || d.capacity < 1 || d.capacity > MAX_CAPACITY)
      throw new DispatchRuleViolation('capacity', 'capacity', `capacity is a whole number from 1 to ${MAX_CAPACITY}`);
    const fields: ProviderProfileFields = {
      deviceTypes: codesOf(d.deviceTypes, 'deviceTypes', true),
      faultTypes: codesOf(d.faultTypes, 'faultTypes', true),
      serviceRegions: regionsOf(d.serviceRegions, isDivision),
      base: baseOf(d.base),
      capacity: d.capacity,
    };
    if (
      state.status === 'set' &&
      state.name === d.enterprise.name &&
      sameList(state.deviceTypes, fields.deviceTypes) &&
      sameList(state.faultTypes, fields.faultTypes) &&
      sameList(state.serviceRegions, fields.serviceRegions) &&
      sameList([state.base], [fields.base]) &&
      state.capacity === fields.capacity
    )
      return [];
    return [{ type: 'ProviderProfileSet', data: { enterpriseId: d.enterpriseId, name: d.enterprise.name, jurisdiction: [...d.enterprise.jurisdiction], ...fields, at: d.at } }];
  },
  evolve: (_, event) => {
    const { deviceTypes, faultTypes, serviceRegions, base, capacity, name } = event.data;
    return { status: 'set', name, deviceTypes, faultTypes, serviceRegions, base, capacity };
  },
});
