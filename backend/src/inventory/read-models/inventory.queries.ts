import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SubjectType } from '@kuaige/tenancy';
import { findCappedPage, publicRow, TOTAL_CAP, visibleRows, type Filter, type ReadModelStore, type Row, type SortSpec } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import type { Page } from '../../tenancy/read-models/tenancy.queries';
import {
  PART_CATEGORIES,
  PARTS,
  STOCK_DOCUMENTS,
  STOCK_LEVELS,
  STOCK_MOVEMENTS,
  WAREHOUSES,
  type PartCategoryRow,
  type PartRow,
  type StockDocumentRow,
  type StockLevelRow,
  type StockMovementRow,
  type WarehouseRow,
} from './inventory.projections';
import { stockSearchFilter } from './stock-search';

// ---- The inventory's queries on the QueryBus: every read joins the actor's filter under $and ------

/** A row as the API shows it: `id` for `_id`, without scope and bookkeeping. */
export type View<R extends Row> = { readonly [K in keyof R as string extends K ? never : K extends '_id' | 'scope' ? never : K]: R[K] } & { readonly id: string };
export const viewOf = <R extends Row>(stored: R): View<R> => {
  const { _id, scope: _scope, ...rest } = publicRow(stored);
  return { id: _id, ...rest } as unknown as View<R>;
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const containing = (fields: readonly string[], q: string): Filter => ({ $or: fields.map((f) => ({ [f]: { $regex: escapeRegex(q), $options: 'i' } })) });
const sortOf = (sort: string, tie: SortSpec = { _id: 1 }): SortSpec => ({ [sort.replace(/^-/, '')]: sort.startsWith('-') ? -1 : 1, ...tie });

export type PageRequest = { readonly page: number; readonly pageSize: number };

/** A page of one inventory collection within the actor's read scope. */
export class ListInventory<R extends Row = Row> extends Query<Page<View<R>>> {
  constructor(
    readonly actor: Actor,
    readonly collection: string,
    readonly subject: SubjectType,
    readonly filter: Filter,
    readonly sort: SortSpec,
    readonly paging: PageRequest,
  ) {
    super();
  }
}

/** One row of an inventory collection within the actor's read scope, or null. */
export class GetInventoryRow<R extends Row = Row> extends Query<View<R> | null> {
  constructor(
    readonly actor: Actor,
    readonly collection: string,
    readonly subject: SubjectType,
    readonly id: string,
  ) {
    super();
  }
}

@QueryHandler(ListInventory)
export class ListInventoryHandler implements IQueryHandler<ListInventory> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, collection, subject, filter, sort, paging }: ListInventory): Promise<Page<View<Row>>> {
    const rows = this.store.collection(collection);
    const scoped = { $and: [visibleRows, scopedFilter(actor, 'read', subject, filter)] };
    const [items, total] = await Promise.all([rows.find(scoped, { sort, skip: (paging.page - 1) * paging.pageSize, limit: paging.pageSize }), rows.count(scoped)]);
    return { items: items.map(viewOf), total, page: paging.page, pageSize: paging.pageSize };
  }
}

@QueryHandler(GetInventoryRow)
export class GetInventoryRowHandler implements IQueryHandler<GetInventoryRow> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, collection, subject, id }: GetInventoryRow): Promise<View<Row> | null> {
    const found = await this.store.collection(collection).findOne({ $and: [visibleRows, scopedFilter(actor, 'read', subject, { _id: id })] });
    return found ? viewOf(found) : null;
  }
}

// ---- Filters of each list -------------------------------------------------------------------------

export const categoryList = (actor: Actor): ListInventory<PartCategoryRow> =>
  new ListInventory(actor, PART_CATEGORIES, 'Part', {}, { path: 1, _id: 1 }, { page: 1, pageSize: 1000 });

export const partList = (actor: Actor, q: { category?: string; q?: string; sort?: string }, paging: PageRequest): ListInventory<PartRow> =>
  new ListInventory(
    actor,
    PARTS,
    'Part',
    { ...(q.category ? { categoryPath: q.category } : {}), ...(q.q ? containing(['code', 'name', 'model', 'maker'], q.q) : {}) },
    sortOf(q.sort ?? 'code'),
    paging,
  );

export const warehouseList = (actor: Actor, paging: PageRequest): ListInventory<WarehouseRow> => new ListInventory(actor, WAREHOUSES, 'Warehouse', {}, { name: 1, _id: 1 }, paging);

export type StockState = 'low' | 'zero' | 'unavailable' | 'in-stock';
const STATE_FILTERS: Readonly<Record<StockState, Filter>> = {
  low: { low: true },
  zero: { onHand: 0 },
  unavailable: { available: 0 },
  'in-stock': { available: { $gt: 0 } },
};

/**
 * A page of stock levels. Its total is exact up to STOCK_TOTAL_CAP and a lower bound beyond it
 * (`totalExact: false`, findCappedPage): counting every one of half a million scoped rows took seconds.
 */
export class ListStockLevels extends Query<Page<View<StockLevelRow>> & { totalExact: boolean }> {
  constructor(
    readonly actor: Actor,
    readonly filter: Filter,
    readonly sort: SortSpec,
    readonly paging: PageRequest,
  ) {
    super();
  }
}

export const STOCK_TOTAL_CAP = TOTAL_CAP;

@QueryHandler(ListStockLevels)
export class ListStockLevelsHandler implements IQueryHandler<ListStockLevels> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, filter, sort, paging }: ListStockLevels): Promise<Page<View<StockLevelRow>> & { totalExact: boolean }> {
    const rows = this.store.collection<StockLevelRow>(STOCK_LEVELS);
    const scoped = { $and: [visibleRows, scopedFilter(actor, 'read', 'StockMove', filter)] };
    const { items, total, totalExact } = await findCappedPage(rows, scoped, { sort, page: paging.page, pageSize: paging.pageSize }, STOCK_TOTAL_CAP);
    const view = items.map((r) => {
      const { codeKeys: _code, nameKeys: _name, ...shown } = viewOf(r);
      return shown as View<StockLevelRow>;
    });
    return { items: view, total, totalExact, page: paging.page, pageSize: paging.pageSize };
  }
}

export const stockLevelList = (
  actor: Actor,
  q: { warehouseId?: string; partId?: string; category?: string; state?: StockState; q?: string; sort?: string },
  paging: PageRequest,
): ListStockLevels =>
  new ListStockLevels(
    actor,
    {
      ...(q.warehouseId ? { warehouseId: q.warehouseId } : {}),
      ...(q.partId ? { partId: q.partId } : {}),
      ...(q.category ? { categoryPath: q.category } : {}),
      ...(q.state ? STATE_FILTERS[q.state] : {}),
      ...(q.q ? stockSearchFilter(q.q) : {}),
    },
    // In one warehouse the warehouse breaks no ties, and its index follows the order without it.
    sortOf(q.sort ?? 'partCode', q.warehouseId ? { _id: 1 } : { warehouseId: 1, _id: 1 }),
    paging,
  );

export const movementList = (
  actor: Actor,
  q: { warehouseId?: string; partId?: string; documentId?: string; type?: string; from?: string; to?: string },
  paging: PageRequest,
): ListInventory<StockMovementRow> =>
  new ListInventory(
    actor,
    STOCK_MOVEMENTS,
    'StockMove',
    {
      ...(q.warehouseId ? { warehouseId: q.warehouseId } : {}),
      ...(q.partId ? { partId: q.partId } : {}),
      ...(q.documentId ? { documentId: q.documentId } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) } } : {}),
    },
    { position: -1 },
    paging,
  );

export const documentList = (actor: Actor, q: { kind?: string; status?: string; warehouseId?: string }, paging: PageRequest): ListInventory<StockDocumentRow> =>
  new ListInventory(
    actor,
    STOCK_DOCUMENTS,
    'StockMove',
    {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.warehouseId ? { $or: [{ warehouseId: q.warehouseId }, { toWarehouseId: q.warehouseId }] } : {}),
    },
    { createdAt: -1, _id: 1 },
    paging,
  );

export const INVENTORY_QUERY_HANDLERS = [ListInventoryHandler, GetInventoryRowHandler, ListStockLevelsHandler];
