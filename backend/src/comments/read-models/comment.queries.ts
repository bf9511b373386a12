import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { inScope, type Actor } from '../../tenancy/api/authorization';
import type { MembershipsRow } from '../../tenancy/read-models/tenancy.projections';
import type { OperatorStaffRow } from '../../tenancy/read-models/operator-staff.projection';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { partyKeyOf, WORK_ORDER_COMMENTS_COLLECTION, type WorkOrderCommentRow } from './comments.projections';

// ---- The comment thread of a work order -------------------------------------------------------------
// Whoever may read the order reads its shared comments and their own party's internal notes; the
// order outside the caller's scope is a 404 (inScope), so a thread never answers for an order the
// caller cannot see.

/** The caller's party key: its enterprise, or its operator node. */
export const actorPartyKey = (actor: Actor): string =>
  actor.enterpriseId !== null ? partyKeyOf({ kind: 'enterprise', id: actor.enterpriseId }) : partyKeyOf({ kind: 'operator', id: actor.operatorNode?.id ?? '' });

/** The rows of a thread the actor sees: shared ones, and their own party's internal notes. */
export const visibleComments = (actor: Actor, workOrderId: string) => ({
  $and: [visibleRows, { workOrderId }, { $or: [{ visibility: 'shared' }, { partyKey: actorPartyKey(actor) }] }],
});

export const readableOrderRow = async (store: ReadModelStore, actor: Actor, workOrderId: string): Promise<WorkOrderRow> =>
  inScope(actor, 'read', 'WorkOrder', await store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: workOrderId }, visibleRows] }));

export class GetWorkOrderComments extends Query<unknown> {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {
    super();
  }
}

@QueryHandler(GetWorkOrderComments)
export class GetWorkOrderCommentsHandler implements IQueryHandler<GetWorkOrderComments> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, workOrderId }: GetWorkOrderComments) {
    const order = await readableOrderRow(this.store, actor, workOrderId);
    const rows = await this.store.collection<WorkOrderCommentRow>(WORK_ORDER_COMMENTS_COLLECTION).find(visibleComments(actor, workOrderId), { sort: { at: 1, _id: 1 }, limit: 500 });
    const mentionable = await this.mentionable(order);
    const names = await this.names([...rows.flatMap((r) => [r.authorId, ...r.mentions])], mentionable);
    return {
      items: rows.map((r) => {
        const { _id, scope: _scope, partyKey, ...rest } = publicRow(r);
        return { id: _id, ...rest, authorName: names[r.authorId] ?? null, mine: partyKey === actorPartyKey(actor), mentionNames: r.mentions.map((m) => names[m] ?? null) };
      }),
      // People a shared comment may mention: the order's parties (the picker narrows internal notes to the caller's own).
      mentionable,
    };
  }

  /** Active members of the order's enterprises and staff of the operator nodes of its jurisdiction. */
  private async mentionable(order: WorkOrderRow): Promise<{ userId: string; name: string | null; party: string }[]> {
    const [members, staff] = await Promise.all([
      this.store.collection<MembershipsRow>('memberships').find({ $and: [{ 'scope.tenants': { $in: [...order.scope.tenants] } }, visibleRows] }, { limit: 500 }),
      this.store.collection<OperatorStaffRow>('operator_staff').find({ $and: [{ divisionCode: { $in: [...order.scope.regions] } }, visibleRows] }, { limit: 200 }),
    ]);
    const people = [
      ...members.flatMap((m) => m.enterprises.filter((e) => e.status === 'active' && order.scope.tenants.includes(e.enterpriseId)).map((e) => ({ userId: m._id, party: partyKeyOf({ kind: 'enterprise', id: e.enterpriseId }) }))),
      ...staff.map((s) => ({ userId: s.userId, party: partyKeyOf({ kind: 'operator', id: s.nodeId }) })),
    ];
    const names = await this.names(people.map((p) => p.userId), []);
    return people.map((p) => ({ ...p, name: names[p.userId] ?? null }));
  }

  private async names(userIds: readonly string[], known: readonly { userId: string; name: string | null }[]): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const k of known) if (k.name) names[k.userId] = k.name;
    const missing = [...new Set(userIds)].filter((u) => !(u in names));
    if (missing.length === 0) return names;
    for (const a of await this.store.collection('accounts').find({ $and: [{ _id: { $in: missing } }, visibleRows] })) if (typeof a['displayName'] === 'string') names[String(a._id)] = a['displayName'];
    return names;
  }
}

export const COMMENT_QUERY_HANDLERS = [GetWorkOrderCommentsHandler];
