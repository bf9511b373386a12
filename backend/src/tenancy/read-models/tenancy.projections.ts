import type { DepartmentsEvent, EnterpriseEvent, MembershipEvent, OperatorNodeEvent, PermissionOverrideEntry } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';
import { isPermission, jurisdictionOf, type Membership, type PermissionOverride } from '@kuaige/tenancy';
import { ORGANISATION_PROJECTIONS } from './organisation.projections';

// Read models of tenancy. `scope` is what the scoped filters (@kuaige/tenancy access-filter) match:
// an operator node's rows by its jurisdiction, an enterprise's by itself and its jurisdiction.

/** Every event the tenancy read models follow. */
export type TenancyEvent = OperatorNodeEvent | EnterpriseEvent | MembershipEvent | DepartmentsEvent;

/** The stream's aggregate id: everything after the first '-' of `OperatorNode-…` / `Enterprise-…`. */
const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);
const patch = (e: RecordedEvent, fields: Omit<Row, '_id'>) =>
  row(idOf(e), (current) => (current ? { ...current, ...fields, updatedAt: e.data['at'] } : null));

/** `operator_nodes`: one row per node, in the regions of its division and above. */
export const operatorNodesProjection = projection<TenancyEvent>('operator_nodes', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_division', key: { divisionCode: 1 } },
    { name: 'by_parent', key: { parentNodeId: 1 } },
  ],
  on: {
    OperatorNodeCreated: (e) =>
      row(idOf(e), () => ({
        _id: e.data.nodeId,
        scope: { tenants: [], regions: jurisdictionOf(e.data.divisionCode) },
        divisionCode: e.data.divisionCode,
        level: e.data.level,
        parentNodeId: e.data.parentNodeId,
        name: e.data.name,
        principal: e.data.principal,
        contacts: e.data.contacts,
        status: 'active',
        createdAt: e.data.at,
        updatedAt: e.data.at,
      })),
    OperatorNodeRenamed: (e) => patch(e, { name: e.data.name }),
    OperatorPrincipalChanged: (e) => patch(e, { principal: e.data.principal }),
    OperatorContactsChanged: (e) => patch(e, { contacts: e.data.contacts }),
    OperatorNodeSuspended: (e) => patch(e, { status: 'suspended', suspendedReason: e.data.reason }),
    OperatorNodeReactivated: (e) => patch(e, { status: 'active', suspendedReason: null }),
  },
});

/** `enterprises`: one row per enterprise, its own tenant, in the regions of its county and above. */
export const enterprisesProjection = projection<TenancyEvent>('enterprises', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_uscc', key: { uscc: 1 } },
    { name: 'by_status_region', key: { status: 1, 'scope.regions': 1 } },
    { name: 'by_parent', key: { parentEnterpriseId: 1 } },
  ],
  on: {
    EnterpriseRegistered: (e) =>
      row(idOf(e), () => ({
        _id: e.data.enterpriseId,
        scope: { tenants: [e.data.enterpriseId], regions: [...e.data.jurisdiction] },
        type: e.data.type,
        name: e.data.name,
        uscc: e.data.uscc,
        address: e.data.address,
        licence: e.data.licence,
        parentEnterpriseId: e.data.parentEnterpriseId,
        registrantUserId: e.data.registrantUserId,
        status: 'pending-review',
        review: null,
        registeredAt: e.data.at,
        updatedAt: e.data.at,
      })),
    EnterpriseApproved: (e) => patch(e, { status: 'approved', review: { ...e.data, outcome: 'approved' } }),
    EnterpriseRejected: (e) => patch(e, { status: 'rejected', review: { ...e.data, outcome: 'rejected' } }),
    EnterpriseResubmitted: (e) =>
      row(idOf(e), (current) =>
        current
          ? {
              ...current,
              scope: { tenants: [idOf(e)], regions: [...e.data.jurisdiction] },
              type: e.data.type,
              name: e.data.name,
              uscc: e.data.uscc,
              address: e.data.address,
              licence: e.data.licence,
              status: 'pending-review',
              updatedAt: e.data.at,
            }
          : null,
      ),
  },
});

/** One enterprise in a user's `memberships` row. */
export interface MembershipEntry {
  readonly enterpriseId: string;
  readonly status: 'requested' | 'invited' | 'active';
  readonly roles: readonly string[];
  readonly since: string;
  /** The member's department, once put in one (ORG-6). */
  readonly departmentId?: string | null;
  /** The member's per-user allow/deny exceptions, once set (ORG-8). */
  readonly overrides?: readonly PermissionOverrideEntry[];
}

export interface MembershipsRow extends Row {
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly enterprises: readonly MembershipEntry[];
}

/**
 * The user's row with the entry of one enterprise replaced (or dropped, given null). Pending entries
 * count as tenants too, so that the enterprise's admins may read the request they decide on.
 */
const withEntry = (userId: string, enterpriseId: string, entry: MembershipEntry | null) =>
  row<MembershipsRow>(userId, (current) => {
    const others = (current?.enterprises ?? []).filter((m) => m.enterpriseId !== enterpriseId);
    const enterprises = entry ? [...others, entry] : others;
    if (enterprises.length === 0) return null;
    return { _id: userId, scope: { tenants: enterprises.map((m) => m.enterpriseId), regions: [] }, enterprises };
  });

/** The user's row with the entry of one enterprise changed, if the user has one. */
const changeEntry = (userId: string, enterpriseId: string, change: (entry: MembershipEntry) => MembershipEntry) =>
  row<MembershipsRow>(
    userId,
    (current) => current && { ...current, enterprises: current.enterprises.map((m) => (m.enterpriseId === enterpriseId ? change(m) : m)) },
  );

/** `memberships`: one row per user — the enterprises it belongs to or asked to, with its roles in each. */
export const membershipsProjection = projection<TenancyEvent, MembershipsRow>('memberships', {
  // 2: roles, department and overrides follow their own events.
  version: 2,
  indexes: [{ name: 'by_enterprise', key: { 'enterprises.enterpriseId': 1 } }],
  on: {
    FounderAdmitted: (e) =>
      withEntry(e.data.userId, e.data.enterpriseId, {
        enterpriseId: e.data.enterpriseId,
        status: 'active',
        roles: e.data.roles,
        since: e.data.at,
      }),
    JoinRequested: (e) =>
      withEntry(e.data.userId, e.data.enterpriseId, {
        enterpriseId: e.data.enterpriseId,
        status: 'requested',
        roles: [],
        since: e.data.at,
      }),
    MemberInvited: (e) =>
      withEntry(e.data.userId, e.data.enterpriseId, { enterpriseId: e.data.enterpriseId, status: 'invited', roles: [], since: e.data.at }),
    InvitationAccepted: (e) =>
      withEntry(e.data.userId, e.data.enterpriseId, {
        enterpriseId: e.data.enterpriseId,
        status: 'active',
        roles: e.data.roles,
        since: e.data.at,
      }),
    MembershipApproved: (e) =>
      withEntry(e.data.userId, e.data.enterpriseId, {
        enterpriseId: e.data.enterpriseId,
        status: 'active',
        roles: e.data.roles,
        since: e.data.at,
      }),
    MembershipDeclined: (e) => withEntry(e.data.userId, e.data.enterpriseId, null),
    MemberLeft: (e) => withEntry(e.data.userId, e.data.enterpriseId, null),
    MemberRemoved: (e) => withEntry(e.data.userId, e.data.enterpriseId, null),
    MemberRolesChanged: (e) => changeEntry(e.data.userId, e.data.enterpriseId, (m) => ({ ...m, roles: e.data.roles })),
    PermissionOverridesSet: (e) => changeEntry(e.data.userId, e.data.enterpriseId, (m) => ({ ...m, overrides: e.data.overrides })),
    MemberDepartmentChanged: (e) => changeEntry(e.data.userId, e.data.enterpriseId, (m) => ({ ...m, departmentId: e.data.departmentId })),
  },
});

/** The memberships `buildAbility` takes, from a user's row: active ones only, pending ones grant nothing. */
export const abilityMembershipsOf = (memberships: MembershipsRow | null): Membership[] =>
  (memberships?.enterprises ?? [])
    .filter((m) => m.status === 'active')
    .map((m) => ({ kind: 'enterprise', enterpriseId: m.enterpriseId, roles: [...m.roles] }));

/** The user's per-user overrides in an enterprise it is an active member of, as `buildAbility` takes them. */
export const abilityOverridesOf = (memberships: MembershipsRow | null, enterpriseId: string): PermissionOverride[] =>
  (memberships?.enterprises ?? [])
    .filter((m) => m.status === 'active' && m.enterpriseId === enterpriseId)
    .flatMap((m) => m.overrides ?? [])
    // The decider admitted catalogue entries only; one dropped from the catalogue since grants nothing.
    .flatMap((o) => (isPermission(o.permission) ? [{ effect: o.effect, permission: o.permission }] : []));

export const TENANCY_PROJECTIONS: readonly Projection[] = [
  operatorNodesProjection,
  enterprisesProjection,
  membershipsProjection,
  ...ORGANISATION_PROJECTIONS,
];
