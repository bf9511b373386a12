import type { Command } from '../event-sourcing/decider';

// ---- Commands on one custom role. What the decider checks against comes in the command, read by the
// caller: the permission catalogue and the built-in role keys (@kuaige/tenancy), the holder count.

type OfRole = { enterpriseId: string; roleId: string };
/** Every permission of the catalogue. */
type Catalogue = { catalogue: readonly string[] };

export type DefineEnterpriseRole = Command<
  'DefineEnterpriseRole',
  OfRole & Catalogue & { name: string; description: string; permissions: string[]; builtInKeys: readonly string[]; at: string }
>;
export type RenameEnterpriseRole = Command<'RenameEnterpriseRole', OfRole & { name: string; description?: string; at: string }>;
export type ChangeEnterpriseRolePermissions = Command<'ChangeEnterpriseRolePermissions', OfRole & Catalogue & { permissions: string[]; at: string }>;
/** `holders`: how many members hold the role now. */
export type DeleteEnterpriseRole = Command<'DeleteEnterpriseRole', OfRole & { holders: number; at: string }>;

export type EnterpriseRoleCommand = DefineEnterpriseRole | RenameEnterpriseRole | ChangeEnterpriseRolePermissions | DeleteEnterpriseRole;
