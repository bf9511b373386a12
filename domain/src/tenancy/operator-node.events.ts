import type { DomainEvent } from '../event-sourcing/event';
import type { DivisionLevel } from './tenancy-rules';

// ---- Events of an operator node (stream `OperatorNode-<nodeId>`) ---------------------------------
// 总运营商 (national), 云台 (province), 云站 (city), 云点 (county): one node per GB/T 2260 division.
// The phone number is stored as the caller encrypted it, with a keyed blind index to find it by.

export interface OperatorPrincipal {
  readonly name: string;
  /** The principal's account, when the person has one. */
  readonly userId: string | null;
}

export interface OperatorContacts {
  readonly phoneEncrypted: string;
  readonly phoneIndex: string;
  readonly email: string | null;
}

export type OperatorNodeCreated = DomainEvent<
  'OperatorNodeCreated',
  {
    nodeId: string;
    divisionCode: string;
    level: DivisionLevel;
    parentNodeId: string | null;
    name: string;
    principal: OperatorPrincipal;
    contacts: OperatorContacts;
    at: string;
  }
>;
export type OperatorNodeRenamed = DomainEvent<'OperatorNodeRenamed', { name: string; at: string }>;
export type OperatorPrincipalChanged = DomainEvent<'OperatorPrincipalChanged', { principal: OperatorPrincipal; at: string }>;
export type OperatorContactsChanged = DomainEvent<'OperatorContactsChanged', { contacts: OperatorContacts; at: string }>;
export type OperatorNodeSuspended = DomainEvent<'OperatorNodeSuspended', { reason: string; at: string }>;
export type OperatorNodeReactivated = DomainEvent<'OperatorNodeReactivated', { at: string }>;

export type OperatorNodeEvent =
  | OperatorNodeCreated
  | OperatorNodeRenamed
  | OperatorPrincipalChanged
  | OperatorContactsChanged
  | OperatorNodeSuspended
  | OperatorNodeReactivated;

export const operatorNodeStream = (nodeId: string): string => `OperatorNode-${nodeId}`;
