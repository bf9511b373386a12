import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { jurisdictionOf, NATIONAL, type DivisionLevel } from '@kuaige/tenancy';
import { subject as asSubject } from '@casl/ability';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { maskEmail, maskMobile } from '../../identity/crypto/masking';
import { PersonalData } from '../../identity/personal-data';
import { inScope, NotFoundInScope, scopedFilter, type Actor } from '../api/authorization';
import { divisionTree, placeName } from '../division-data';
import type { OperatorStaffRow } from './operator-staff.projection';

// ---- Tenancy's queries on the QueryBus: every read joins the actor's filter under $and ------------

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  /** False when `total` is a lower bound (lists that count only up to TOTAL_CAP). */
  readonly totalExact?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Name search: a literal substring (user text never becomes a pattern). */
const nameContains = (q: string | undefined): Filter => (q ? { name: { $regex: escapeRegex(q), $options: 'i' } } : {});
const and = (...filters: Filter[]): Filter => ({ $and: [visibleRows, ...filters.filter((f) => Object.keys(f).length > 0)] });

const divisionName = (code: string): string => {
  const tree = divisionTree();
  return code === NATIONAL ? '全国' : tree.has(code) ? tree.node(code).name : code;
};

type NodeRow = { _id: string; divisionCode: string; contacts: { phoneEncrypted: string; email: string | null }; [k: string]: unknown };

export class ListOperatorNodes extends Query<Page<Record<string, unknown>>> {
  constructor(
    readonly actor: Actor,
    readonly query: { level?: string; status?: string; q?: string; page: number; pageSize: number },
  ) {
    super();
  }
}
export class GetOperatorNode extends Query<Record<string, unknown>> {
  constructor(
    readonly actor: Actor,
    readonly nodeId: string,
  ) {
    super();
  }
}
export class GetOperatorTree extends Query<Record<string, unknown>> {
  constructor(
    readonly actor: Actor,
    readonly parent: string | undefined,
  ) {
    super();
  }
}
export class ListEnterprises extends Query<Page<Record<string, unknown>>> {
  constructor(
    readonly actor: Actor,
    readonly query: { status?: string; type?: string; q?: string; region?: string; page: number; pageSize: number },
  ) {
    super();
  }
}
export class GetEnterprise extends Query<Record<string, unknown>> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
  ) {
    super();
  }
}
export class EnterpriseDirectory extends Query<{ items: { id: string; name: string; type: string }[] }> {
  constructor(readonly q: string) {
    super();
  }
}

abstract class TenancyReads {
  constructor(
    @Inject(READ_MODEL_STORE) protected readonly store: ReadModelStore,
    protected readonly personal: PersonalData,
  ) {}

  /** A node as the API shows it: contact phone decrypted and masked, division named. */
  protected nodeView(row: NodeRow): Record<string, unknown> {
    const { scope: _scope, contacts, ...rest } = publicRow(row);
    const phone = this.personal.decryptOf('operator-node', row._id, 'contact_phone', contacts.phoneEncrypted);
    return {
      id: row._id,
      ...rest,
      divisionName: divisionName(row.divisionCode),
      contacts: { phone: maskMobile(phone), email: contacts.email ? maskEmail(contacts.email) : null },
    };
  }

  protected async page<T extends Record<string, unknown>>(collection: string, filter: Filter, sort: Record<string, 1 | -1>, page: number, pageSize: number, view: (row: T) => Record<string, unknown>) {
    const rows = this.store.collection<T & { _id: string }>(collection);
    const [items, total] = await Promise.all([rows.find(filter, { sort, skip: (page - 1) * pageSize, limit: pageSize }), rows.count(filter)]);
    return { items: items.map(view), total, page, pageSize };
  }
}

@QueryHandler(ListOperatorNodes)
export class ListOperatorNodesHandler extends TenancyReads implements IQueryHandler<ListOperatorNodes> {
  execute({ actor, query }: ListOperatorNodes) {
    const own = and(query.level ? { level: query.level } : {}, query.status ? { status: query.status } : {}, nameContains(query.q));
    const filter = scopedFilter(actor, 'read', 'OperatorNode', own);
    return this.page<NodeRow>('operator_nodes', filter, { divisionCode: 1 }, query.page, query.pageSize, (r) => this.nodeView(r));
  }
}

@QueryHandler(GetOperatorNode)
export class GetOperatorNodeHandler extends TenancyReads implements IQueryHandler<GetOperatorNode> {
  async execute({ actor, nodeId }: GetOperatorNode) {
    const row = await this.store.collection<NodeRow>('operator_nodes').findOne(scopedFilter(actor, 'read', 'OperatorNode', and({ _id: nodeId })));
    const node = inScope(actor, 'read', 'OperatorNode', row);
    const staff = await this.store.collection<OperatorStaffRow>('operator_staff').find(and({ nodeId }), { sort: { since: 1 }, limit: 200 });
    const accounts = await this.store.collection('accounts').find(and({ _id: { $in: staff.map((s) => s.userId) } }));
    const names = new Map(accounts.map((a) => [a._id, String(a['displayName'] ?? '')]));
    return {
      ...this.nodeView(node),
      staff: staff.map((s) => ({ userId: s.userId, displayName: names.get(s.userId) ?? '', roles: s.roles, since: s.since })),
    };
  }
}

interface TreeItem {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  readonly hasChildren: boolean;
  readonly node: { id: string; name: string; status: string } | null;
  readonly counts: { enterprises: number; pendingEnterprises: number };
}

/**
 * The operator tree from the caller's own division down: the root is the acting node's division, and
 * a parent outside it answers 404, so a county operator sees its county and nothing beside or above it.
 */
@QueryHandler(GetOperatorTree)
export class GetOperatorTreeHandler extends TenancyReads implements IQueryHandler<GetOperatorTree> {
  async execute({ actor, parent }: GetOperatorTree) {
    const own = actor.operatorNode?.regionCode;
    if (!own) throw new NotFoundInScope('OperatorNode', 'parent');
    const tree = divisionTree();
    if (parent === undefined) return { root: (await this.items([own]))[0] };
    const known = parent === NATIONAL || tree.has(parent);
    if (!known || !jurisdictionOf(parent).includes(own)) throw new NotFoundInScope('OperatorNode', 'parent');
    return { items: await this.items(tree.children(parent).map((c) => c.code)) };
  }

  private async items(codes: string[]): Promise<TreeItem[]> {
    const tree = divisionTree();
    const nodes = await this.store.collection<NodeRow>('operator_nodes').find(and({ divisionCode: { $in: codes } }));
    const byDivision = new Map(nodes.map((n) => [n.divisionCode, n]));
    const counts = await this.store.collection('enterprises').aggregate<{ _id: string; total: number; pending: number }>([
      { $match: and({ 'scope.regions': { $in: codes } }) },
      { $unwind: '$scope.regions' },
      { $match: { 'scope.regions': { $in: codes } } },
      { $group: { _id: '$scope.regions', total: { $sum: 1 }, pending: { $sum: { $cond: [{ $eq: ['$status', 'pending-review'] }, 1, 0] } } } },
    ]);
    const countOf = new Map(counts.map((c) => [c._id, c]));
    return codes.map((code) => {
      const node = byDivision.get(code);
      const level = code === NATIONAL ? 'national' : tree.node(code).level;
      return {
        code,
        name: divisionName(code),
        level,
        hasChildren: level !== 'county' && tree.children(code).length > 0,
        node: node ? { id: node._id, name: String(node['name']), status: String(node['status']) } : null,
        counts: { enterprises: countOf.get(code)?.total ?? 0, pendingEnterprises: countOf.get(code)?.pending ?? 0 },
      };
    });
  }
}

const enterpriseView = (row: Record<string, unknown> & { _id: string }) => {
  const { scope: _scope, ...rest } = publicRow(row);
  const countyCode = (row['address'] as { countyCode?: string } | undefined)?.countyCode;
  return { id: row._id, ...rest, ...(countyCode ? { placeName: placeName(countyCode) } : {}) };
};

@QueryHandler(ListEnterprises)
export class ListEnterprisesHandler extends TenancyReads implements IQueryHandler<ListEnterprises> {
  execute({ actor, query }: ListEnterprises) {
    const own = and(
      query.status ? { status: query.status } : {},
      query.type ? { type: query.type } : {},
      query.region ? { 'scope.regions': query.region } : {},
      nameContains(query.q),
    );
    return this.page('enterprises', scopedFilter(actor, 'read', 'Enterprise', own), { registeredAt: -1 }, query.page, query.pageSize, enterpriseView);
  }
}

@QueryHandler(GetEnterprise)
export class GetEnterpriseHandler extends TenancyReads implements IQueryHandler<GetEnterprise> {
  async execute({ actor, enterpriseId }: GetEnterprise) {
    const row = await this.store.collection('enterprises').findOne(scopedFilter(actor, 'read', 'Enterprise', and({ _id: enterpriseId })));
    const enterprise = inScope(actor, 'read', 'Enterprise', row);
    return { ...enterpriseView(enterprise), canReview: actor.ability.can('review', asSubject('Enterprise', { ...enterprise })) };
  }
}

/** Approved enterprises by name, for a person looking for the one to join: names and types only. */
@QueryHandler(EnterpriseDirectory)
export class EnterpriseDirectoryHandler extends TenancyReads implements IQueryHandler<EnterpriseDirectory> {
  async execute({ q }: EnterpriseDirectory) {
    const rows = await this.store.collection('enterprises').find(and({ status: 'approved' }, nameContains(q)), { sort: { name: 1 }, limit: 20 });
    return { items: rows.map((r) => ({ id: r._id, name: String(r['name']), type: String(r['type']) })) };
  }
}

export const TENANCY_QUERY_HANDLERS = [
  ListOperatorNodesHandler,
  GetOperatorNodeHandler,
  GetOperatorTreeHandler,
  ListEnterprisesHandler,
  GetEnterpriseHandler,
  EnterpriseDirectoryHandler,
];
