import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SubjectType } from '@kuaige/tenancy';
import { publicRow, visibleRows, type Filter, type ReadModelStore, type Row, type SortSpec } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import {
  PARTS,
  STOCK_LEVELS,
  WAREHOUSES,
  type PartRow,
  type StockLevelRow,
  type WarehouseRow,
} from '../../inventory/read-models/inventory.projections';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import type { Page } from '../../tenancy/read-models/tenancy.queries';
import { PURCHASE_REQUESTS, STOCK_THRESHOLDS, type PurchaseRequestRow } from './purchasing.projections';

// ---- Purchasing's queries on the QueryBus: every read joins the actor's filter under $and, and names
// the parts and warehouses its rows refer to (from inventory's read models, in the same scope).

type Named = { partCode: string | null; partName: string | null; unit: string | null; warehouseName: string | null };
export type PurchasingView = Record<string, unknown> & { id: string };

export class ListPurchasing extends Query<Page<PurchasingView>> {
  constructor(
    readonly actor: Actor,
    readonly collection: string,
    readonly subject: SubjectType,
    readonly filter: Filter,
    readonly sort: SortSpec,
    readonly paging: { page: number; pageSize: number },
  ) {
    super();
  }
}

export class GetPurchasing extends Query<PurchasingView | null> {
  constructor(
    readonly actor: Actor,
    readonly collection: string,
    readonly subject: SubjectType,
    readonly id: string,
  ) {
    super();
  }
}

type Place = { partId: string; warehouseId: string };

/** Rows as the API shows them: `id` for `_id`, no scope, with the names of their parts and warehouses. */
abstract class PurchasingViews {
  constructor(@Inject(READ_MODEL_STORE) protected readonly store: ReadModelStore) {}

  protected async views(actor: Actor, collection: string, rows: readonly Row[]): Promise<PurchasingView[]> {
    const places = (r: Row): Place[] =>
      collection === STOCK_THRESHOLDS ? [r as unknown as Place] : ((r as unknown as { lines: Place[] }).lines ?? []);
    const all = rows.flatMap(places);
    const partIds = [...new Set(all.map((p) => p.partId))];
    const warehouseIds = [...new Set(all.map((p) => p.warehouseId))];
    const [parts, warehouses, levels] = await Promise.all([
      this.store.collection<PartRow>(PARTS).find({ $and: [visibleRows, scopedFilter(actor, 'read', 'Part', { _id: { $in: partIds } })] }),
      this.store
        .collection<WarehouseRow>(WAREHOUSES)
        .find({ $and: [visibleRows, scopedFilter(actor, 'read', 'Warehouse', { _id: { $in: warehouseIds } })] }),
      collection === STOCK_THRESHOLDS
        ? this.store.collection<StockLevelRow>(STOCK_LEVELS).find({ $and: [visibleRows, { _id: { $in: rows.map((r) => r._id) } }] })
        : Promise.resolve([] as StockLevelRow[]),
    ]);
    const partOf = new Map(parts.map((p) => [p._id, p]));
    const warehouseOf = new Map(warehouses.map((w) => [w._id, w]));
    const levelOf = new Map(levels.map((l) => [l._id, l]));
    const named = (p: Place): Named => {
      const part = partOf.get(p.partId);
      return {
        partCode: part?.code ?? null,
        partName: part?.name ?? null,
        unit: part?.unit ?? null,
        warehouseName: warehouseOf.get(p.warehouseId)?.name ?? null,
      };
    };
    return rows.map((stored) => {
      const { _id, scope: _scope, ...rest } = publicRow(stored) as Row & Record<string, unknown>;
      const view: PurchasingView = { id: _id, ...rest };
      if (collection === STOCK_THRESHOLDS) {
        const level = levelOf.get(_id);
        return {
          ...view,
          ...named(stored as unknown as Place),
          available: level?.available ?? 0,
          onHand: level?.onHand ?? 0,
          averageCostFen: level?.averageCostFen ?? null,
        };
      }
      const lines = ((rest as { lines?: Place[] }).lines ?? []).map((l) => ({ ...l, ...named(l) }));
      const extra = collection === PURCHASE_REQUESTS ? { yourStep: yourStepOf(actor, stored as unknown as PurchaseRequestRow) } : {};
      return { ...view, lines, ...extra };
    });
  }
}

/** The level the actor may approve or reject now, or null: it holds one of its roles and approved no other. */
export const yourStepOf = (actor: Pick<Actor, 'roles' | 'userId'>, r: PurchaseRequestRow): number | null =>
  r.status === 'pending' &&
  r.openLevel !== null &&
  r.openRoles.some((role) => actor.roles.includes(role)) &&
  !r.approvers.includes(actor.userId)
    ? r.openLevel
    : null;

@QueryHandler(ListPurchasing)
export class ListPurchasingHandler extends PurchasingViews implements IQueryHandler<ListPurchasing> {
  async execute(q: ListPurchasing): Promise<Page<PurchasingView>> {
    const rows = this.store.collection(q.collection);
    const scoped = { $and: [visibleRows, scopedFilter(q.actor, 'read', q.subject, q.filter)] };
    const [items, total] = await Promise.all([
      rows.find(scoped, { sort: q.sort, skip: (q.paging.page - 1) * q.paging.pageSize, limit: q.paging.pageSize }),
      rows.count(scoped),
    ]);
    return { items: await this.views(q.actor, q.collection, items), total, page: q.paging.page, pageSize: q.paging.pageSize };
  }
}

@QueryHandler(GetPurchasing)
export class GetPurchasingHandler extends PurchasingViews implements IQueryHandler<GetPurchasing> {
  async execute(q: GetPurchasing): Promise<PurchasingView | null> {
    const found = await this.store
      .collection(q.collection)
      .findOne({ $and: [visibleRows, scopedFilter(q.actor, 'read', q.subject, { _id: q.id })] });
    return found ? ((await this.views(q.actor, q.collection, [found]))[0] ?? null) : null;
  }
}

export const PURCHASING_QUERY_HANDLERS = [ListPurchasingHandler, GetPurchasingHandler];
