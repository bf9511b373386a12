import { RuleViolation } from '../event-sourcing/decider';
import { isDeviceType, isFaultType } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';
import type { Coordinates } from './ranking';

// ---- Rules shared by provider and engineer profiles ----------------------------------------------

/** A profile rule refused the command; `field` names the input at fault (the 4xx body's field). */
export class DispatchRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'DispatchRuleViolation';
  }
}

/** Whether a code is a GB/T 2260 division ('CN' included); given by the caller, domain holds no data. */
export type DivisionCheck = (code: string) => boolean;

export const MAX_CODES = 50;

/** Catalogue codes without repeats, in the order given; at least one when `required`. */
export const codesOf = (codes: readonly string[], field: 'deviceTypes' | 'faultTypes', required: boolean): string[] => {
  const known = field === 'deviceTypes' ? isDeviceType : isFaultType;
  if (required && codes.length === 0) throw new DispatchRuleViolation('required', field, `name at least one of the catalogue's ${field === 'deviceTypes' ? 'device' : 'fault'} types`);
  if (codes.length > MAX_CODES) throw new DispatchRuleViolation('max-items', field, `at most ${MAX_CODES} codes`);
  codes.forEach((code, index) => {
    if (!known(code)) throw new DispatchRuleViolation('unknown-code', `${field}.${index}`, `${JSON.stringify(code)} is not in the maintenance catalogue`);
  });
  return [...new Set(codes)];
};

export const baseOf = (base: Coordinates | null): Coordinates | null => {
  if (base === null) return null;
  if (!(Number.isFinite(base.lat) && base.lat >= -90 && base.lat <= 90)) throw new DispatchRuleViolation('latitude', 'base.lat', 'latitude is between -90 and 90');
  if (!(Number.isFinite(base.lng) && base.lng >= -180 && base.lng <= 180)) throw new DispatchRuleViolation('longitude', 'base.lng', 'longitude is between -180 and 180');
  return { lat: base.lat, lng: base.lng };
};

/** Only someone acting for the enterprise itself edits its profiles (the route checked the permission). */
export const assertActsFor = (by: Party, enterpriseId: string): void => {
  if (by.kind !== 'enterprise' || by.enterpriseId !== enterpriseId)
    throw new DispatchRuleViolation('not-your-role', 'enterpriseId', 'only the enterprise itself edits its service profiles');
};

export const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);
