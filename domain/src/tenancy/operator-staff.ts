import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { TenancyRuleViolation } from './tenancy-rules';

// ---- A person's place on an operator node's staff (stream `OperatorStaff-<nodeId>-<userId>`) -----
// The node's staff act inside its jurisdiction with operator roles (operator-admin, operator-staff,
// compliance). Appointing is done by someone allowed to assign on the node (the caller's permission is
// checked before the command); the decider keeps the roles well-formed and the history in events.

type Pair = { nodeId: string; userId: string };

export type OperatorStaffAppointed = DomainEvent<
  'OperatorStaffAppointed',
  Pair & { divisionCode: string; roles: string[]; appointedBy: string; at: string }
>;
export type OperatorStaffRolesChanged = DomainEvent<'OperatorStaffRolesChanged', Pair & { roles: string[]; changedBy: string; at: string }>;
export type OperatorStaffRemoved = DomainEvent<'OperatorStaffRemoved', Pair & { removedBy: string; reason: string; at: string }>;
export type OperatorStaffEvent = OperatorStaffAppointed | OperatorStaffRolesChanged | OperatorStaffRemoved;

/** `nodeStatus` and `divisionCode` are the node's as the caller read them from its stream (null status: no such node). */
export type AppointOperatorStaff = Command<'AppointOperatorStaff', OperatorStaffAppointed['data'] & { nodeStatus: 'active' | 'suspended' | null }>;
export type ChangeOperatorStaffRoles = Command<'ChangeOperatorStaffRoles', OperatorStaffRolesChanged['data']>;
export type RemoveOperatorStaff = Command<'RemoveOperatorStaff', OperatorStaffRemoved['data']>;
export type OperatorStaffCommand = AppointOperatorStaff | ChangeOperatorStaffRoles | RemoveOperatorStaff;

export type OperatorStaffState =
  | { readonly status: 'none' | 'removed'; readonly divisionCode: string | null }
  | { readonly status: 'active'; readonly divisionCode: string; readonly roles: readonly string[]; readonly since: string };

export const operatorStaffStream = (nodeId: string, userId: string): string => `OperatorStaff-${nodeId}-${userId}`;

const MAX_ROLES = 8;

/** The operator staff decider; `roleKeys` are the operator roles there are (from @kuaige/tenancy). */
export const operatorStaff = (roleKeys: readonly string[]): Decider<OperatorStaffCommand, OperatorStaffEvent, OperatorStaffState> => {
  const checkRoles = (roles: readonly string[]) => {
    if (roles.length === 0) throw new TenancyRuleViolation('roles-required', 'roles', 'give the staff member at least one role');
    if (roles.length > MAX_ROLES) throw new TenancyRuleViolation('too-many-roles', 'roles', `at most ${MAX_ROLES} roles`);
    if (new Set(roles).size !== roles.length) throw new TenancyRuleViolation('roles-unique', 'roles', 'each role once');
    const unknown = roles.find((r) => !roleKeys.includes(r));
    if (unknown !== undefined) throw new TenancyRuleViolation('operator-role', 'roles', `"${unknown}" is not an operator role (${roleKeys.join(', ')})`);
  };
  return {
    initialState: () => ({ status: 'none', divisionCode: null }),
    decide: (command, state) => {
      switch (command.type) {
        case 'AppointOperatorStaff': {
          if (state.status === 'active') {
            const same = state.roles.length === command.data.roles.length && state.roles.every((r) => command.data.roles.includes(r));
            if (same) return [];
            throw new TenancyRuleViolation('already-staff', 'userId', 'the user is already on this node’s staff; change their roles instead');
          }
          const { nodeStatus, ...data } = command.data;
          if (nodeStatus === null) throw new TenancyRuleViolation('node-exists', 'nodeId', `there is no operator node ${data.nodeId}`);
          if (nodeStatus !== 'active') throw new TenancyRuleViolation('node-active', 'nodeId', 'a suspended operator node takes no new staff');
          checkRoles(data.roles);
          return [{ type: 'OperatorStaffAppointed', data }];
        }
        case 'ChangeOperatorStaffRoles': {
          if (state.status !== 'active') throw new IllegalTransition(state.status, command.type);
          checkRoles(command.data.roles);
          const same = state.roles.length === command.data.roles.length && state.roles.every((r) => command.data.roles.includes(r));
          return same ? [] : [{ type: 'OperatorStaffRolesChanged', data: command.data }];
        }
        case 'RemoveOperatorStaff':
          if (state.status !== 'active') return [];
          return [{ type: 'OperatorStaffRemoved', data: command.data }];
        default: {
          const unreachable: never = command;
          return unreachable;
        }
      }
    },
    evolve: (state, event) => {
      switch (event.type) {
        case 'OperatorStaffAppointed':
          return { status: 'active', divisionCode: event.data.divisionCode, roles: event.data.roles, since: event.data.at };
        case 'OperatorStaffRolesChanged':
          return state.status === 'active' ? { ...state, roles: event.data.roles } : state;
        case 'OperatorStaffRemoved':
          return { status: 'removed', divisionCode: state.divisionCode };
      }
    },
  };
};
