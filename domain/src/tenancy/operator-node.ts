import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { CreateOperatorNode, OperatorNodeCommand } from './operator-node.commands';
import type { OperatorContacts, OperatorNodeEvent, OperatorPrincipal } from './operator-node.events';
import { levelOf, required, TenancyRuleViolation, type DivisionLevel, type TenancyRules } from './tenancy-rules';

// ---- State ---------------------------------------------------------------------------------------

export interface CreatedOperatorNode {
  readonly status: 'active' | 'suspended';
  readonly nodeId: string;
  readonly divisionCode: string;
  readonly level: DivisionLevel;
  readonly parentNodeId: string | null;
  readonly name: string;
  readonly principal: OperatorPrincipal;
  readonly contacts: OperatorContacts;
}

export type OperatorNodeState = { readonly status: 'none' } | CreatedOperatorNode;

const created = (state: OperatorNodeState, command: string): CreatedOperatorNode => {
  if (state.status === 'none') throw new IllegalTransition(state.status, command);
  return state;
};

// ---- Logic ---------------------------------------------------------------------------------------

/** Suspension is decided above the node: its own staff can neither suspend nor reactivate it. */
const notOwnNode = (node: CreatedOperatorNode, actingNodeId: string | null): void => {
  if (actingNodeId === node.nodeId) throw new TenancyRuleViolation('not-own-node', 'nodeId', 'a node is suspended and reactivated from above, not by its own staff');
};

const principalOf = (p: OperatorPrincipal): OperatorPrincipal => ({ name: required(p.name, 'principal.name'), userId: p.userId });

const contactsOf = (c: OperatorContacts): OperatorContacts => {
  // Both or neither: a ciphertext without its blind index could never be found, nor de-duplicated.
  required(c.phoneEncrypted, 'contacts.phone');
  required(c.phoneIndex, 'contacts.phone');
  return c;
};

/** The parent must be the node of the parent division: the root has none, every other node one. */
const checkParent = (rules: TenancyRules, d: CreateOperatorNode['data'], level: DivisionLevel): void => {
  if (level === 'national') {
    if (d.parentNodeId !== null || d.parentDivisionCode !== null)
      throw new TenancyRuleViolation('national-root-has-no-parent', 'parentNodeId', 'the national node is the root: it has no parent');
    return;
  }
  const parentDivision = rules.jurisdictionOf(d.divisionCode)[1]!;
  if (d.parentNodeId === null || d.parentDivisionCode === null)
    throw new TenancyRuleViolation(
      'parent-required',
      'parentNodeId',
      `a ${level} node needs the node of division ${parentDivision} as its parent`,
    );
  if (d.parentDivisionCode !== parentDivision)
    throw new TenancyRuleViolation(
      'parent-division',
      'parentNodeId',
      `the parent of ${d.divisionCode} must be the node of ${parentDivision}, not of ${d.parentDivisionCode}`,
    );
};

const decideWith =
  (rules: TenancyRules) =>
  (command: OperatorNodeCommand, state: OperatorNodeState): OperatorNodeEvent[] => {
    const { type } = command;
    switch (command.type) {
      case 'CreateOperatorNode': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, type);
        const d = command.data;
        const level = levelOf(rules, d.divisionCode, 'divisionCode');
        checkParent(rules, d, level);
        return [
          {
            type: 'OperatorNodeCreated',
            data: {
              nodeId: d.nodeId,
              divisionCode: d.divisionCode,
              level,
              parentNodeId: d.parentNodeId,
              name: required(d.name, 'name'),
              principal: principalOf(d.principal),
              contacts: contactsOf(d.contacts),
              at: d.at,
            },
          },
        ];
      }
      case 'RenameOperatorNode': {
        const node = created(state, type);
        const name = required(command.data.name, 'name');
        return node.name === name ? [] : [{ type: 'OperatorNodeRenamed', data: { name, at: command.data.at } }];
      }
      case 'ChangeOperatorPrincipal':
        created(state, type);
        return [{ type: 'OperatorPrincipalChanged', data: { principal: principalOf(command.data.principal), at: command.data.at } }];
      case 'ChangeOperatorContacts':
        created(state, type);
        return [{ type: 'OperatorContactsChanged', data: { contacts: contactsOf(command.data.contacts), at: command.data.at } }];
      case 'SuspendOperatorNode': {
        const node = created(state, type);
        if (node.status === 'suspended') throw new IllegalTransition(node.status, type);
        notOwnNode(node, command.data.actingNodeId);
        return [{ type: 'OperatorNodeSuspended', data: { reason: required(command.data.reason, 'reason'), at: command.data.at } }];
      }
      case 'ReactivateOperatorNode': {
        const node = created(state, type);
        if (node.status === 'active') throw new IllegalTransition(node.status, type);
        notOwnNode(node, command.data.actingNodeId);
        return [{ type: 'OperatorNodeReactivated', data: { at: command.data.at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };

const evolve = (state: OperatorNodeState, event: OperatorNodeEvent): OperatorNodeState => {
  if (event.type === 'OperatorNodeCreated') {
    const { at: _at, ...d } = event.data;
    return { status: 'active', ...d };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OperatorNodeRenamed':
      return { ...state, name: event.data.name };
    case 'OperatorPrincipalChanged':
      return { ...state, principal: event.data.principal };
    case 'OperatorContactsChanged':
      return { ...state, contacts: event.data.contacts };
    case 'OperatorNodeSuspended':
      return { ...state, status: 'suspended' };
    case 'OperatorNodeReactivated':
      return { ...state, status: 'active' };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** An operator node of the jurisdiction tree (OPS-1, OPS-2), given tenancy's division rules. */
export const operatorNode = (rules: TenancyRules): Decider<OperatorNodeCommand, OperatorNodeEvent, OperatorNodeState> => ({
  initialState: () => ({ status: 'none' }),
  decide: decideWith(rules),
  evolve,
});
