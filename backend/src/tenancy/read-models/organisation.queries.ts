import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { BUILT_IN_ROLES, type Label } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { normalizeMobile } from '../../identity/crypto';
import { maskMobile } from '../../identity/crypto/masking';
import { PersonalData } from '../../identity/personal-data';
import { scopedFilter, type Actor } from '../api/authorization';
import type { DepartmentRow, EnterpriseRoleRow, MemberRow } from './organisation.projections';
import type { Page } from './tenancy.queries';

// ---- The organisation's queries on the QueryBus: every read joins the actor's filter under $and ---

export interface DepartmentView {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly responsibilities: string;
  readonly memberCount: number;
  /** Ids from the top-level department down to this one. */
  readonly path: readonly string[];
  readonly depth: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MemberView {
  readonly userId: string;
  readonly displayName: string | null;
  /** Masked (138****8000): the employee table never shows whole numbers. */
  readonly phone: string | null;
  readonly departmentId: string | null;
  readonly roles: readonly string[];
  readonly status: MemberRow['status'];
  /** When the membership began (joined), or was requested or offered while pending. */
  readonly since: string | null;
  readonly joinedAt: string | null;
  readonly departedAt: string | null;
  readonly departure: MemberRow['departure'];
}

export interface RoleView {
  readonly id: string;
  readonly name: string;
  readonly label: Label | null;
  readonly description: string;
  readonly builtIn: boolean;
  readonly permissions: readonly string[];
  readonly holders: number;
}

type AccountRow = { _id: string; displayName?: string | null; mobileEncrypted?: string | null; mobileIndex?: string };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const and = (...filters: Filter[]): Filter => ({ $and: [visibleRows, ...filters] });

const STATUSES: Record<'active' | 'requested' | 'invited' | 'departed', MemberRow['status'][]> = {
  active: ['active'],
  requested: ['requested'],
  invited: ['invited'],
  departed: ['left', 'removed'],
};

export class ListDepartments extends Query<{ items: DepartmentView[] }> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
  ) {
    super();
  }
}

export class ListMembers extends Query<Page<MemberView>> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
    readonly query: { status?: keyof typeof STATUSES; departmentId?: string; q?: string; page: number; pageSize: number },
  ) {
    super();
  }
}

/** One membership of the enterprise, whatever its status; null when none is in the actor's scope. */
export class GetMember extends Query<MemberView | null> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
    readonly userId: string,
  ) {
    super();
  }
}

/** Every active member, for an export, longest-serving first. */
export class ListAllMembers extends Query<MemberView[]> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
  ) {
    super();
  }
}

export class ListEnterpriseRoles extends Query<{ items: RoleView[] }> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
  ) {
    super();
  }
}

abstract class OrganisationReads {
  constructor(
    @Inject(READ_MODEL_STORE) protected readonly store: ReadModelStore,
    protected readonly personal: PersonalData,
  ) {}

  protected async membersView(rows: readonly MemberRow[]): Promise<MemberView[]> {
    const accounts = await this.store
      .collection<AccountRow>('accounts')
      .find(and({ _id: { $in: rows.map((r) => r.userId) } }), { projection: { _id: 1, displayName: 1, mobileEncrypted: 1 } });
    const byId = new Map(accounts.map((a) => [a._id, a]));
    return rows.map((r) => {
      const account = byId.get(r.userId);
      return {
        userId: r.userId,
        displayName: account?.displayName ?? null,
        phone: account?.mobileEncrypted ? maskMobile(this.personal.decrypt(r.userId, 'mobile', account.mobileEncrypted)) : null,
        departmentId: r.departmentId,
        roles: r.roles,
        status: r.status,
        since: r.joinedAt ?? r.invitedAt ?? r.requestedAt,
        joinedAt: r.joinedAt,
        departedAt: r.departedAt,
        departure: r.departure,
      };
    });
  }

  /** The users a search names: by exact mobile number (blind index), or by a part of the display name. */
  protected async usersMatching(q: string, among: readonly string[]): Promise<string[]> {
    const mobile = normalizeMobile(q);
    const filter = mobile ? { mobileIndex: this.personal.mobileIndex(mobile) } : { displayName: { $regex: escapeRegex(q), $options: 'i' } };
    const found = await this.store
      .collection<AccountRow>('accounts')
      .find(and({ _id: { $in: [...among] } }, filter), { projection: { _id: 1 } });
    return found.map((a) => a._id);
  }
}

@QueryHandler(ListDepartments)
export class ListDepartmentsHandler extends OrganisationReads implements IQueryHandler<ListDepartments> {
  async execute({ actor, enterpriseId }: ListDepartments) {
    const rows = await this.store
      .collection<DepartmentRow>('departments')
      .find(and(scopedFilter(actor, 'read', 'Department', { enterpriseId })), { sort: { name: 1, _id: 1 } });
    const byId = new Map(rows.map((r) => [r._id, r]));
    const pathOf = (row: DepartmentRow): string[] => {
      const path = [row._id];
      for (
        let parent = row.parentId;
        parent !== null && byId.has(parent) && path.length <= rows.length;
        parent = byId.get(parent)!.parentId
      )
        path.unshift(parent);
      return path;
    };
    const items = rows.map((r) => {
      const path = pathOf(r);
      const { _id, name, parentId, responsibilities, memberCount, createdAt, updatedAt } = publicRow(r);
      return { id: _id, name, parentId, responsibilities, memberCount, path, depth: path.length, createdAt, updatedAt };
    });
    return { items };
  }
}

@QueryHandler(ListMembers)
export class ListMembersHandler extends OrganisationReads implements IQueryHandler<ListMembers> {
  async execute({ actor, enterpriseId, query }: ListMembers): Promise<Page<MemberView>> {
    const own: Filter = {
      enterpriseId,
      status: { $in: STATUSES[query.status ?? 'active'] },
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    };
    const members = this.store.collection<MemberRow>('enterprise_members');
    let filter = and(scopedFilter(actor, 'read', 'Member', own));
    if (query.q) {
      const candidates = await members.find(filter, { projection: { _id: 1, userId: 1 } });
      filter = and(filter, {
        userId: {
          $in: await this.usersMatching(
            query.q,
            candidates.map((c) => c.userId),
          ),
        },
      });
    }
    const [rows, total] = await Promise.all([
      members.find(filter, { sort: { updatedAt: -1, _id: 1 }, skip: (query.page - 1) * query.pageSize, limit: query.pageSize }),
      members.count(filter),
    ]);
    return { items: await this.membersView(rows), total, page: query.page, pageSize: query.pageSize };
  }
}

@QueryHandler(GetMember)
export class GetMemberHandler extends OrganisationReads implements IQueryHandler<GetMember> {
  async execute({ actor, enterpriseId, userId }: GetMember): Promise<MemberView | null> {
    const row = await this.store
      .collection<MemberRow>('enterprise_members')
      .findOne(and(scopedFilter(actor, 'read', 'Member', { enterpriseId, userId })));
    return row ? (await this.membersView([row]))[0]! : null;
  }
}

@QueryHandler(ListAllMembers)
export class ListAllMembersHandler extends OrganisationReads implements IQueryHandler<ListAllMembers> {
  async execute({ actor, enterpriseId }: ListAllMembers): Promise<MemberView[]> {
    const rows = await this.store
      .collection<MemberRow>('enterprise_members')
      .find(and(scopedFilter(actor, 'read', 'Member', { enterpriseId, status: 'active' })), { sort: { joinedAt: 1, _id: 1 } });
    return this.membersView(rows);
  }
}

@QueryHandler(ListEnterpriseRoles)
export class ListEnterpriseRolesHandler extends OrganisationReads implements IQueryHandler<ListEnterpriseRoles> {
  async execute({ actor, enterpriseId }: ListEnterpriseRoles) {
    const custom = await this.store
      .collection<EnterpriseRoleRow>('enterprise_roles')
      .find(and(scopedFilter(actor, 'read', 'Role', { enterpriseId })), { sort: { name: 1, _id: 1 } });
    const holders = new Map<string, number>();
    const active = await this.store
      .collection<MemberRow>('enterprise_members')
      .find(and(scopedFilter(actor, 'read', 'Member', { enterpriseId, status: 'active' })), { projection: { _id: 1, roles: 1 } });
    for (const m of active) for (const role of m.roles) holders.set(role, (holders.get(role) ?? 0) + 1);
    const builtIn: RoleView[] = BUILT_IN_ROLES.filter((r) => r.scope === 'enterprise').map((r) => ({
      id: r.key,
      name: r.label['zh-CN'],
      label: r.label,
      description: '',
      builtIn: true,
      permissions: [...r.permissions, ...(r.personal ?? [])],
      holders: holders.get(r.key) ?? 0,
    }));
    const own: RoleView[] = custom.map((r) => ({
      id: r._id,
      name: r.name,
      label: null,
      description: r.description,
      builtIn: false,
      permissions: r.permissions,
      holders: holders.get(r._id) ?? 0,
    }));
    return { items: [...builtIn, ...own] };
  }
}

export const ORGANISATION_QUERY_HANDLERS = [
  ListDepartmentsHandler,
  ListMembersHandler,
  GetMemberHandler,
  ListAllMembersHandler,
  ListEnterpriseRolesHandler,
];
