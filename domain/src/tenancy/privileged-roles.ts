import { ENTERPRISE_ADMIN } from './membership.events';

/**
 * Role keys whose holders must use a second factor: they act for an enterprise, a jurisdiction or the
 * audit trail. Operator staff and compliance roles join this list as they are introduced.
 */
export const PRIVILEGED_ROLES: readonly string[] = [ENTERPRISE_ADMIN];

/** The privileged ones among `roles`. */
export const privilegedRolesIn = (roles: readonly string[]): string[] => roles.filter((role) => PRIVILEGED_ROLES.includes(role));
