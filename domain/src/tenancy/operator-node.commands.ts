import type { Command } from '../event-sourcing/decider';
import type { OperatorContacts, OperatorPrincipal } from './operator-node.events';

// ---- Commands of an operator node. Time always comes in the command (`at`, ISO 8601). ------------
// The tree's shape is data the caller read (the parent node and its division): deciders have no I/O.

export type CreateOperatorNode = Command<
  'CreateOperatorNode',
  {
    nodeId: string;
    divisionCode: string;
    /** The node of the parent division; null only for the national root. */
    parentNodeId: string | null;
    /** The division the parent node is attached to, as the caller read it from that node. */
    parentDivisionCode: string | null;
    name: string;
    principal: OperatorPrincipal;
    contacts: OperatorContacts;
    at: string;
  }
>;
export type RenameOperatorNode = Command<'RenameOperatorNode', { name: string; at: string }>;
export type ChangeOperatorPrincipal = Command<'ChangeOperatorPrincipal', { principal: OperatorPrincipal; at: string }>;
export type ChangeOperatorContacts = Command<'ChangeOperatorContacts', { contacts: OperatorContacts; at: string }>;
/** `actingNodeId`: the node the caller acts for (null: the operations API) — a node is suspended from above. */
export type SuspendOperatorNode = Command<'SuspendOperatorNode', { reason: string; actingNodeId: string | null; at: string }>;
export type ReactivateOperatorNode = Command<'ReactivateOperatorNode', { actingNodeId: string | null; at: string }>;

export type OperatorNodeCommand =
  CreateOperatorNode | RenameOperatorNode | ChangeOperatorPrincipal | ChangeOperatorContacts | SuspendOperatorNode | ReactivateOperatorNode;
