import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { subject as asSubject } from '@casl/ability';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { inScope, type Actor } from '../../tenancy/api/authorization';
import type { Page } from '../../tenancy/read-models/tenancy.queries';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { STOCK_LEVELS, WAREHOUSES, stockLevelRowId, type StockLevelRow, type WarehouseRow } from './inventory.projections';
import { WORK_ORDER_PARTS, type WorkOrderPartRow } from './work-order-parts.projections';

// ---- Parts and work orders on the QueryBus: an engineer's van stock, parts used per order and device ----

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One line of an engineer's van: what they can put on a processing record. */
export interface VanStockItem {
  readonly warehouseId: string;
  readonly warehouseName: string;
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** The stock of the vans the caller drives in the active enterprise; `q` searches code and name. */
export class GetMyStock extends Query<Page<VanStockItem> & { vans: { id: string; name: string }[] }> {
  constructor(
    readonly actor: Actor,
    readonly q: string,
    readonly inStockOnly: boolean,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(GetMyStock)
export class GetMyStockHandler implements IQueryHandler<GetMyStock> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, q, inStockOnly, page, pageSize }: GetMyStock) {
    // The van's engineer, named on the warehouse, is who holds its stock: that is the whole scope.
    const vans =
      actor.enterpriseId === null
        ? []
        : await this.store
            .collection<WarehouseRow>(WAREHOUSES)
            .find({ $and: [visibleRows, { 'scope.tenants': actor.enterpriseId, kind: 'van', engineerId: actor.userId }] }, { sort: { name: 1, _id: 1 } });
    if (vans.length === 0) return { items: [], total: 0, page, pageSize, vans: [] };
    const filter = {
      $and: [
        visibleRows,
        { 'scope.tenants': actor.enterpriseId, warehouseId: { $in: vans.map((v) => v._id) } },
        ...(inStockOnly ? [{ available: { $gt: 0 } }] : []),
        ...(q === '' ? [] : [{ $or: ['partCode', 'partName'].map((f) => ({ [f]: { $regex: escapeRegex(q), $options: 'i' } })) }]),
      ],
    };
    const rows = this.store.collection<StockLevelRow>(STOCK_LEVELS);
    const [found, total] = await Promise.all([rows.find(filter, { sort: { partCode: 1, warehouseId: 1 }, skip: (page - 1) * pageSize, limit: pageSize }), rows.count(filter)]);
    const items = found.map((r) => ({
      warehouseId: r.warehouseId,
      warehouseName: r.warehouseName,
      partId: r.partId,
      partCode: r.partCode,
      partName: r.partName,
      unit: r.unit,
      onHand: r.onHand,
      reserved: r.reserved,
      available: r.available,
    }));
    return { items, total, page, pageSize, vans: vans.map((v) => ({ id: v._id, name: v.name })) };
  }
}

/** A part a work order used, from one warehouse. Costs are null for those who may not read that stock. */
export interface PartUsedView {
  readonly workOrderId: string;
  readonly workOrderNumber: string;
  readonly warehouseId: string;
  readonly warehouseName: string;
  readonly warehouseKind: string;
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  /** Delivered to the order, less what came back. */
  readonly quantity: number;
  /** Requested from a store, waiting for its approval and delivery. */
  readonly pendingQuantity: number;
  readonly returnedQuantity: number;
  readonly unitCostFen: number | null;
  readonly valueFen: number | null;
}

const pendingOf = (r: WorkOrderPartRow): number => Object.values(r.pending).reduce((a, b) => a + b, 0);

/** The usage rows of these orders, named from the stock levels, with costs for readers of the stock. */
const usageOf = async (store: ReadModelStore, actor: Actor, orders: readonly WorkOrderRow[]): Promise<PartUsedView[]> => {
  if (orders.length === 0) return [];
  const numbers = new Map(orders.map((o) => [o._id, o.number]));
  const rows = await store
    .collection<WorkOrderPartRow>(WORK_ORDER_PARTS)
    .find({ $and: [visibleRows, { workOrderId: { $in: [...numbers.keys()] } }] }, { sort: { workOrderId: 1, _id: 1 }, limit: 1000 });
  const used = rows.filter((r) => r.quantity > 0 || r.returnedQuantity > 0 || pendingOf(r) > 0);
  const levels = await store.collection<StockLevelRow>(STOCK_LEVELS).find({ $and: [visibleRows, { _id: { $in: used.map((r) => stockLevelRowId(r.warehouseId, r.partId)) } }] });
  const byId = new Map(levels.map((l) => [l._id, l]));
  return used.map((r) => {
    const level = byId.get(stockLevelRowId(r.warehouseId, r.partId));
    const costs = actor.ability.can('read', asSubject('StockMove', { scope: r.scope }));
    return {
      workOrderId: r.workOrderId,
      workOrderNumber: numbers.get(r.workOrderId) ?? '',
      warehouseId: r.warehouseId,
      warehouseName: level?.warehouseName ?? '',
      warehouseKind: level?.warehouseKind ?? '',
      partId: r.partId,
      partCode: level?.partCode ?? '',
      partName: level?.partName ?? '',
      unit: level?.unit ?? '',
      quantity: r.quantity,
      pendingQuantity: pendingOf(r),
      returnedQuantity: r.returnedQuantity,
      unitCostFen: costs && r.quantity > 0 ? Math.round(r.valueFen / r.quantity) : null,
      valueFen: costs ? r.valueFen : null,
    };
  });
};

/** The parts a work order in the caller's scope used (404 outside it). */
export class GetWorkOrderParts extends Query<{ items: PartUsedView[]; totalValueFen: number | null }> {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {
    super();
  }
}

@QueryHandler(GetWorkOrderParts)
export class GetWorkOrderPartsHandler implements IQueryHandler<GetWorkOrderParts> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, workOrderId }: GetWorkOrderParts) {
    const order = inScope(actor, 'read', 'WorkOrder', await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: workOrderId }, visibleRows] }));
    const items = await usageOf(this.store, actor, [order]);
    return { items, totalValueFen: totalOf(items) };
  }
}

const totalOf = (items: readonly PartUsedView[]): number | null =>
  items.some((i) => i.valueFen === null) ? null : items.reduce((sum, i) => sum + (i.valueFen ?? 0), 0);

/** Parts used on a device in the caller's scope (404 outside it), by part, with the orders that used them. */
export class GetDevicePartsUsage extends Query<{ items: DevicePartUsage[]; orders: PartUsedView[] }> {
  constructor(
    readonly actor: Actor,
    readonly deviceId: string,
  ) {
    super();
  }
}

export interface DevicePartUsage {
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly quantity: number;
  readonly workOrders: number;
  readonly valueFen: number | null;
}

@QueryHandler(GetDevicePartsUsage)
export class GetDevicePartsUsageHandler implements IQueryHandler<GetDevicePartsUsage> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, deviceId }: GetDevicePartsUsage) {
    inScope(actor, 'read', 'Device', await this.store.collection('devices').findOne({ $and: [{ _id: deviceId }, visibleRows] }));
    // Whoever may read the device reads what was fitted to it, by whichever provider.
    const orders = await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).find({ $and: [visibleRows, { deviceId }] }, { limit: 1000 });
    const lines = await usageOf(this.store, actor, orders);
    const byPart = new Map<string, { partId: string; partCode: string; partName: string; unit: string; quantity: number; orders: Set<string>; valueFen: number | null }>();
    for (const line of lines) {
      if (line.quantity === 0) continue;
      const seen = byPart.get(line.partId) ?? { partId: line.partId, partCode: line.partCode, partName: line.partName, unit: line.unit, quantity: 0, orders: new Set<string>(), valueFen: 0 };
      seen.quantity += line.quantity;
      seen.orders.add(line.workOrderId);
      seen.valueFen = seen.valueFen === null || line.valueFen === null ? null : seen.valueFen + line.valueFen;
      byPart.set(line.partId, seen);
    }
    const items = [...byPart.values()]
      .map(({ orders: used, ...p }) => ({ ...p, workOrders: used.size }))
      .sort((a, b) => b.quantity - a.quantity || a.partCode.localeCompare(b.partCode));
    return { items, orders: lines };
  }
}

export const WORK_ORDER_PARTS_QUERY_HANDLERS = [GetMyStockHandler, GetWorkOrderPartsHandler, GetDevicePartsUsageHandler];
