import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { EnterpriseRoleCommand } from './enterprise-role.commands';
import { ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX, type EnterpriseRoleEvent } from './enterprise-role.events';
import { required, TenancyRuleViolation } from './tenancy-rules';

// ---- State ---------------------------------------------------------------------------------------

export type EnterpriseRoleStatus = 'undefined' | 'defined' | 'deleted';

export interface EnterpriseRoleState {
  readonly status: EnterpriseRoleStatus;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

const expect = (state: EnterpriseRoleState, allowed: readonly EnterpriseRoleStatus[], command: string): void => {
  if (!allowed.includes(state.status)) throw new IllegalTransition(state.status, command);
};

const nameOf = (raw: string): string => {
  const name = required(raw, 'name');
  if ([...name].length > ROLE_NAME_MAX)
    throw new TenancyRuleViolation('max-length', 'name', `a role name has at most ${ROLE_NAME_MAX} characters`);
  return name;
};

const descriptionOf = (raw: string): string => {
  const text = raw.trim();
  if ([...text].length > ROLE_DESCRIPTION_MAX)
    throw new TenancyRuleViolation('max-length', 'description', `a role description has at most ${ROLE_DESCRIPTION_MAX} characters`);
  return text;
};

/** The permissions, each from the catalogue, without repeats, in the catalogue's order. */
const permissionsOf = (permissions: readonly string[], catalogue: readonly string[]): string[] => {
  if (permissions.length === 0)
    throw new TenancyRuleViolation('permissions-required', 'permissions', 'a role grants at least one permission');
  permissions.forEach((permission, index) => {
    if (!catalogue.includes(permission))
      throw new TenancyRuleViolation(
        'unknown-permission',
        `permissions.${index}`,
        `${JSON.stringify(permission)} is not in the permission catalogue`,
      );
  });
  return catalogue.filter((p) => permissions.includes(p));
};

/** Names compare without case, width or surrounding blanks, as department names do. */
const fold = (name: string) => name.normalize('NFKC').trim().toLowerCase();
const unique = (name: string, takenNames: readonly string[]): void => {
  if (takenNames.some((taken) => fold(taken) === fold(name)))
    throw new TenancyRuleViolation('name-taken', 'name', `another role of this enterprise is already called ${JSON.stringify(name)}`);
};

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

// ---- Logic ---------------------------------------------------------------------------------------

const decide = (command: EnterpriseRoleCommand, state: EnterpriseRoleState): EnterpriseRoleEvent[] => {
  const { enterpriseId, roleId, at } = command.data;
  const ofRole = { enterpriseId, roleId };
  switch (command.type) {
    case 'DefineEnterpriseRole': {
      const { builtInKeys, catalogue } = command.data;
      if (builtInKeys.includes(roleId))
        throw new TenancyRuleViolation('built-in-role', 'roleId', `${JSON.stringify(roleId)} is a built-in role and cannot be redefined`);
      expect(state, ['undefined'], command.type);
      const name = nameOf(command.data.name);
      unique(name, command.data.takenNames);
      const description = descriptionOf(command.data.description);
      const permissions = permissionsOf(command.data.permissions, catalogue);
      return [{ type: 'EnterpriseRoleDefined', data: { ...ofRole, name, description, permissions, at } }];
    }
    case 'RenameEnterpriseRole': {
      expect(state, ['defined'], command.type);
      const name = nameOf(command.data.name);
      if (fold(name) !== fold(state.name)) unique(name, command.data.takenNames);
      const description = command.data.description === undefined ? state.description : descriptionOf(command.data.description);
      if (name === state.name && description === state.description) return [];
      return [{ type: 'EnterpriseRoleRenamed', data: { ...ofRole, name, description, at } }];
    }
    case 'ChangeEnterpriseRolePermissions': {
      expect(state, ['defined'], command.type);
      const permissions = permissionsOf(command.data.permissions, command.data.catalogue);
      if (sameSet(permissions, state.permissions)) return [];
      return [{ type: 'EnterpriseRolePermissionsChanged', data: { ...ofRole, permissions, at } }];
    }
    case 'DeleteEnterpriseRole': {
      expect(state, ['defined'], command.type);
      // Deleting a held role would leave its holders naming a role that grants nothing they can see.
      if (command.data.holders > 0)
        throw new TenancyRuleViolation(
          'role-in-use',
          'roleId',
          `${command.data.holders} member(s) hold this role: give them another role first, then delete it`,
        );
      return [{ type: 'EnterpriseRoleDeleted', data: { ...ofRole, at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: EnterpriseRoleState, event: EnterpriseRoleEvent): EnterpriseRoleState => {
  switch (event.type) {
    case 'EnterpriseRoleDefined':
      return { status: 'defined', name: event.data.name, description: event.data.description, permissions: event.data.permissions };
    case 'EnterpriseRoleRenamed':
      return { ...state, name: event.data.name, description: event.data.description };
    case 'EnterpriseRolePermissionsChanged':
      return { ...state, permissions: event.data.permissions };
    case 'EnterpriseRoleDeleted':
      return { ...state, status: 'deleted' };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A custom role of an enterprise: a named set of permissions from the catalogue (ORG-7). */
export const enterpriseRole: Decider<EnterpriseRoleCommand, EnterpriseRoleEvent, EnterpriseRoleState> = {
  initialState: () => ({ status: 'undefined', name: '', description: '', permissions: [] }),
  decide,
  evolve,
};
