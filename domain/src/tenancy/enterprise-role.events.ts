import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of one custom role of an enterprise (stream `EnterpriseRole-<enterpriseId>-<roleId>`) --
// A role is a named set of permissions from the catalogue. Memberships name it by its role id, which
// is never one of the built-in role keys ('admin', 'member', …).

type OfRole = { enterpriseId: string; roleId: string };

export type EnterpriseRoleDefined = DomainEvent<
  'EnterpriseRoleDefined',
  OfRole & { name: string; description: string; permissions: string[]; at: string }
>;
export type EnterpriseRoleRenamed = DomainEvent<'EnterpriseRoleRenamed', OfRole & { name: string; description: string; at: string }>;
export type EnterpriseRolePermissionsChanged = DomainEvent<
  'EnterpriseRolePermissionsChanged',
  OfRole & { permissions: string[]; at: string }
>;
export type EnterpriseRoleDeleted = DomainEvent<'EnterpriseRoleDeleted', OfRole & { at: string }>;

export type EnterpriseRoleEvent = EnterpriseRoleDefined | EnterpriseRoleRenamed | EnterpriseRolePermissionsChanged | EnterpriseRoleDeleted;

export const enterpriseRoleStream = (enterpriseId: string, roleId: string): string => `EnterpriseRole-${enterpriseId}-${roleId}`;

export const ROLE_NAME_MAX = 30;
export const ROLE_DESCRIPTION_MAX = 200;
