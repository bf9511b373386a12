import type { DepartmentsEvent, EnterpriseRoleEvent, MembershipEvent, PermissionOverrideEntry } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Row } from '@kuaige/projections';

// Read models of an enterprise's organisation (ORG-5…ORG-8): departments, custom roles and one row per
// membership for the employee table. Every row belongs to its enterprise (`scope.tenants`) and sits in
// the enterprise's jurisdiction (the event's metadata, set by the handler from the enterprise).

export type OrganisationEvent = MembershipEvent | DepartmentsEvent | EnterpriseRoleEvent;

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };
const scopeOf = (e: RecordedEvent, enterpriseId: string): Scope => ({ tenants: [enterpriseId], regions: [...e.metadata.jurisdiction] });

// ---- departments ---------------------------------------------------------------------------------

export interface DepartmentRow extends Row {
  readonly scope: Scope;
  readonly enterpriseId: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly responsibilities: string;
  readonly memberCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const departmentPatch = (id: string, at: string, fields: Partial<DepartmentRow>) =>
  row<DepartmentRow>(id, (current) => current && { ...current, ...fields, updatedAt: at });
const countIn = (id: string | null, by: number) =>
  id === null ? [] : [row<DepartmentRow>(id, (current) => current && { ...current, memberCount: current.memberCount + by })];

/**
 * `departments`: one row per department, flat with its parentId (the tree and each path are built
 * from the whole list of an enterprise, which a move changes for a whole subtree at once).
 */
export const departmentsProjection = projection<OrganisationEvent, DepartmentRow>('departments', {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_tenant_parent', key: { 'scope.tenants': 1, parentId: 1 } }],
  on: {
    DepartmentCreated: (e) =>
      row<DepartmentRow>(e.data.departmentId, () => ({
        _id: e.data.departmentId,
        scope: scopeOf(e, e.data.enterpriseId),
        enterpriseId: e.data.enterpriseId,
        name: e.data.name,
        parentId: e.data.parentId,
        responsibilities: e.data.responsibilities,
        memberCount: 0,
        createdAt: e.data.at,
        updatedAt: e.data.at,
      })),
    DepartmentEdited: (e) =>
      departmentPatch(e.data.departmentId, e.data.at, { name: e.data.name, responsibilities: e.data.responsibilities }),
    DepartmentMoved: (e) => departmentPatch(e.data.departmentId, e.data.at, { parentId: e.data.parentId }),
    DepartmentDeleted: (e) => row<DepartmentRow>(e.data.departmentId, () => null),
    MemberDepartmentChanged: (e) => [...countIn(e.data.previousDepartmentId, -1), ...countIn(e.data.departmentId, 1)],
  },
});

// ---- enterprise_roles ----------------------------------------------------------------------------

export interface EnterpriseRoleRow extends Row {
  readonly scope: Scope;
  readonly enterpriseId: string;
  /** What memberships name the role by: its id. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

const rolePatch = (id: string, at: string, fields: Partial<EnterpriseRoleRow>) =>
  row<EnterpriseRoleRow>(id, (current) => current && { ...current, ...fields, updatedAt: at });

/** `enterprise_roles`: one row per custom role (holder counts come from `enterprise_members`). */
export const enterpriseRolesProjection = projection<OrganisationEvent, EnterpriseRoleRow>('enterprise_roles', {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_tenant', key: { 'scope.tenants': 1, name: 1 } }],
  on: {
    EnterpriseRoleDefined: (e) =>
      row<EnterpriseRoleRow>(e.data.roleId, () => ({
        _id: e.data.roleId,
        scope: scopeOf(e, e.data.enterpriseId),
        enterpriseId: e.data.enterpriseId,
        key: e.data.roleId,
        name: e.data.name,
        description: e.data.description,
        permissions: e.data.permissions,
        createdAt: e.data.at,
        updatedAt: e.data.at,
      })),
    EnterpriseRoleRenamed: (e) => rolePatch(e.data.roleId, e.data.at, { name: e.data.name, description: e.data.description }),
    EnterpriseRolePermissionsChanged: (e) => rolePatch(e.data.roleId, e.data.at, { permissions: e.data.permissions }),
    EnterpriseRoleDeleted: (e) => row<EnterpriseRoleRow>(e.data.roleId, () => null),
  },
});

// ---- enterprise_members --------------------------------------------------------------------------

export type MemberStatus = 'requested' | 'invited' | 'active' | 'declined' | 'left' | 'removed';

export interface MemberRow extends Row {
  readonly scope: Scope;
  readonly enterpriseId: string;
  readonly userId: string;
  readonly status: MemberStatus;
  readonly roles: readonly string[];
  readonly departmentId: string | null;
  readonly overrides: readonly PermissionOverrideEntry[];
  readonly requestedAt: string | null;
  readonly invitedAt: string | null;
  /** 入职时间: when the membership became active. */
  readonly joinedAt: string | null;
  /** 离职时间, and why: the member left, or was removed by an admin. */
  readonly departedAt: string | null;
  readonly departure: { readonly kind: 'left' | 'removed'; readonly by: string; readonly reason: string } | null;
  readonly updatedAt: string;
}

/** A membership's row id: ids may contain '-', so they are joined by '/'. */
export const memberRowId = (enterpriseId: string, userId: string): string => `${enterpriseId}/${userId}`;

const member = (e: RecordedEvent<MembershipEvent>, fields: Partial<MemberRow>, fresh = false) => {
  const { enterpriseId, userId, at } = e.data;
  return row<MemberRow>(memberRowId(enterpriseId, userId), (current) => {
    if (current === null && !fresh) return null;
    const base: MemberRow =
      current && !fresh
        ? current
        : {
            _id: memberRowId(enterpriseId, userId),
            scope: scopeOf(e, enterpriseId),
            enterpriseId,
            userId,
            status: 'requested',
            roles: [],
            departmentId: null,
            overrides: [],
            requestedAt: null,
            invitedAt: null,
            joinedAt: null,
            departedAt: null,
            departure: null,
            updatedAt: at,
          };
    return { ...base, ...fields, updatedAt: at };
  });
};

/** `enterprise_members`: one row per user and enterprise, kept after departure (the employee register). */
export const enterpriseMembersProjection = projection<OrganisationEvent, MemberRow>('enterprise_members', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_tenant_status', key: { 'scope.tenants': 1, status: 1, joinedAt: -1 } },
    { name: 'by_tenant_department', key: { 'scope.tenants': 1, departmentId: 1 } },
    { name: 'by_user', key: { userId: 1 } },
  ],
  on: {
    FounderAdmitted: (e) => member(e, { status: 'active', roles: e.data.roles, joinedAt: e.data.at }, true),
    JoinRequested: (e) => member(e, { status: 'requested', requestedAt: e.data.at }, true),
    MemberInvited: (e) => member(e, { status: 'invited', invitedAt: e.data.at }, true),
    InvitationAccepted: (e) => member(e, { status: 'active', roles: e.data.roles, joinedAt: e.data.at }),
    MembershipApproved: (e) => member(e, { status: 'active', roles: e.data.roles, joinedAt: e.data.at }),
    MembershipDeclined: (e) => member(e, { status: 'declined' }),
    MemberLeft: (e) =>
      member(e, {
        status: 'left',
        roles: [],
        overrides: [],
        departedAt: e.data.at,
        departure: { kind: 'left', by: e.data.userId, reason: '' },
      }),
    MemberRemoved: (e) =>
      member(e, {
        status: 'removed',
        roles: [],
        overrides: [],
        departedAt: e.data.at,
        departure: { kind: 'removed', by: e.data.removedBy, reason: e.data.reason },
      }),
    MemberRolesChanged: (e) => member(e, { roles: e.data.roles }),
    PermissionOverridesSet: (e) => member(e, { overrides: e.data.overrides }),
    MemberDepartmentChanged: (e) =>
      row<MemberRow>(
        memberRowId(e.data.enterpriseId, e.data.userId),
        (current) => current && { ...current, departmentId: e.data.departmentId, updatedAt: e.data.at },
      ),
  },
});

export const ORGANISATION_PROJECTIONS = [departmentsProjection, enterpriseRolesProjection, enterpriseMembersProjection];
