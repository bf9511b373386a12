import type { Command } from '../event-sourcing/decider';

// ---- Commands on one custom role. What the decider checks against comes in the command, read by the
// caller: the permission catalogue and the built-in role keys (@kuaige/tenancy), the names the
// enterprise's other roles go by (built-in labels included), the holder count.

type OfRole = { enterpriseId: string; roleId: string };
/** Every permission of the catalogue. */
type Catalogue = { catalogue: readonly string[] };
/** The names of the enterprise's other roles: a role's name says which one it is. */
type Taken = { takenNames: readonly string[] };

export type DefineEnterpriseRole = Command<
  'DefineEnterpriseRole',
  OfRole & Catalogue & Taken & { name: string; description: string; permissions: string[]; builtInKeys: readonly string[]; at: string }
>;
export type RenameEnterpriseRole = Command<'RenameEnterpriseRole', OfRole & Taken & { name: string; description?: string; at: string }>;
export type ChangeEnterpriseRolePermissions = Command<
  'ChangeEnterpriseRolePermissions',
  OfRole & Catalogue & { permissions: string[]; at: string }
>;
/** `holders`: how many members hold the role now. */
export type DeleteEnterpriseRole = Command<'DeleteEnterpriseRole', OfRole & { holders: number; at: string }>;

export type EnterpriseRoleCommand = DefineEnterpriseRole | RenameEnterpriseRole | ChangeEnterpriseRolePermissions | DeleteEnterpriseRole;
