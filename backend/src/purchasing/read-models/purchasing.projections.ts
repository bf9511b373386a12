import {
  openLevelOf,
  purchaseRequest,
  type ApprovalBand,
  type ApprovalChainEvent,
  type Party,
  type PurchaseOrderEvent,
  type PurchaseRequestEvent,
  type PurchaseSource,
  type StockThresholdEvent,
} from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of purchasing: every row belongs to one enterprise, as inventory's do ---------------
// scope.tenants = [the buying enterprise]; scope.regions is empty (operators hold no purchasing
// permission); rows of another enterprise answer 404.

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };
const scopeOf = (enterpriseId: string): Scope => ({ tenants: [enterpriseId], regions: [] });
const userOf = (by: Party): string | null => (by.kind === 'system' ? null : by.userId);

export const STOCK_THRESHOLDS = 'stock_thresholds';
export const PURCHASE_REQUESTS = 'purchase_requests';
export const PURCHASE_ORDERS = 'purchase_orders';
export const APPROVAL_CHAINS = 'approval_chains';

// ---- stock_thresholds: one row per part × warehouse with a threshold; `low` rows are the reorder list --

export interface StockThresholdRow extends Row {
  readonly enterpriseId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly minimum: number;
  readonly reorderQuantity: number;
  /** An alert is open: the available stock fell below the minimum and has not come back. */
  readonly low: boolean;
  /** The available stock when the alert opened or cleared. */
  readonly availableAtAlert: number | null;
  readonly suggestedQuantity: number | null;
  readonly detectedAt: string | null;
  /** The purchase request the open alert raised. */
  readonly purchaseRequestId: string | null;
  readonly updatedAt: string;
  readonly scope: Scope;
}

/** The same id as the part × warehouse's stock_levels row. */
export const thresholdRowId = (warehouseId: string, partId: string): string => `${warehouseId}:${partId}`;

export const stockThresholdsProjection = projection<StockThresholdEvent | PurchaseRequestEvent, StockThresholdRow>(STOCK_THRESHOLDS, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_low', key: { low: 1, detectedAt: -1 } },
    { name: 'by_warehouse', key: { warehouseId: 1, partId: 1 } },
  ],
  on: {
    StockThresholdSet: (e) => {
      const { warehouseId, partId, enterpriseId, minimum, reorderQuantity, at } = e.data;
      const id = thresholdRowId(warehouseId, partId);
      return row<StockThresholdRow>(id, (r) =>
        r
          ? { ...r, minimum, reorderQuantity, updatedAt: at }
          : {
              _id: id,
              enterpriseId,
              warehouseId,
              partId,
              minimum,
              reorderQuantity,
              low: false,
              availableAtAlert: null,
              suggestedQuantity: null,
              detectedAt: null,
              purchaseRequestId: null,
              updatedAt: at,
              scope: scopeOf(enterpriseId),
            },
      );
    },
    LowStockDetected: (e) =>
      row<StockThresholdRow>(
        thresholdRowId(e.data.warehouseId, e.data.partId),
        (r) =>
          r && {
            ...r,
            low: true,
            availableAtAlert: e.data.available,
            suggestedQuantity: e.data.suggestedQuantity,
            detectedAt: e.data.at,
            purchaseRequestId: null,
            updatedAt: e.data.at,
          },
      ),
    LowStockCleared: (e) =>
      row<StockThresholdRow>(
        thresholdRowId(e.data.warehouseId, e.data.partId),
        (r) => r && { ...r, low: false, availableAtAlert: e.data.available, suggestedQuantity: null, updatedAt: e.data.at },
      ),
    PurchaseRequestRaised: (e) => {
      const source = e.data.source;
      if (source.kind !== 'low-stock') return [];
      return row<StockThresholdRow>(
        thresholdRowId(source.warehouseId, source.partId),
        (r) => r && { ...r, purchaseRequestId: e.data.purchaseRequestId },
      );
    },
  },
});

// ---- purchase_requests: each request, its levels and who approved them --------------------------------

export type RequestLevelView = {
  readonly level: number;
  readonly roles: readonly string[];
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly note: string;
};

export interface PurchaseRequestRow extends Row {
  readonly enterpriseId: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'ordered';
  readonly source: PurchaseSource;
  readonly sourceKind: PurchaseSource['kind'];
  readonly reason: string;
  readonly lines: readonly {
    readonly partId: string;
    readonly warehouseId: string;
    readonly quantity: number;
    readonly estimatedUnitFen: number;
  }[];
  readonly totalFen: number;
  readonly levels: readonly RequestLevelView[];
  /** The level waiting, and the roles that may approve it (the approvals inbox filters on them). */
  readonly openLevel: number | null;
  readonly openRoles: readonly string[];
  /** Users who approved a level: they approve no other level of it. */
  readonly approvers: readonly string[];
  readonly rejection: { readonly level: number; readonly reason: string; readonly by: string | null; readonly at: string } | null;
  readonly purchaseOrderId: string | null;
  readonly raisedBy: string | null;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

/** The request's open level and roles after an approval, from the decider's own rule. */
const withOpenLevel = (r: PurchaseRequestRow): PurchaseRequestRow => {
  if (r.status !== 'pending') return { ...r, openLevel: null, openRoles: [] };
  const open = openLevelOf({
    status: 'pending',
    purchaseRequestId: r._id,
    enterpriseId: r.enterpriseId,
    lines: r.lines,
    source: r.source,
    totalFen: r.totalFen,
    levels: r.levels,
    approvals: r.levels.filter((l) => l.approvedAt !== null).map((l) => ({ level: l.level, userId: l.approvedBy })),
    purchaseOrderId: null,
  });
  return { ...r, openLevel: open?.level ?? null, openRoles: open?.roles ?? [] };
};

export const purchaseRequestsProjection = projection<PurchaseRequestEvent, PurchaseRequestRow>(PURCHASE_REQUESTS, {
  version: 1,
  scoped: true,
  arrayFields: ['openRoles'],
  indexes: [
    { name: 'by_status', key: { status: 1, raisedAt: -1 } },
    { name: 'by_open_roles', key: { openRoles: 1, raisedAt: -1 } },
    { name: 'by_raised', key: { raisedAt: -1 } },
  ],
  on: {
    PurchaseRequestRaised: (e) => {
      const d = e.data;
      const state = purchaseRequest.evolve(purchaseRequest.initialState(), { type: e.type, data: d });
      return row<PurchaseRequestRow>(d.purchaseRequestId, () =>
        withOpenLevel({
          _id: d.purchaseRequestId,
          enterpriseId: d.enterpriseId,
          status: state.status === 'none' ? 'pending' : state.status,
          source: d.source,
          sourceKind: d.source.kind,
          reason: d.reason,
          lines: d.lines,
          totalFen: d.totalFen,
          levels: d.levels.map((l) => ({ level: l.level, roles: l.roles, approvedBy: null, approvedAt: null, note: '' })),
          openLevel: null,
          openRoles: [],
          approvers: [],
          rejection: null,
          purchaseOrderId: null,
          raisedBy: userOf(d.by),
          raisedAt: d.at,
          updatedAt: d.at,
          scope: scopeOf(d.enterpriseId),
        }),
      );
    },
    PurchaseRequestApproved: (e) =>
      row<PurchaseRequestRow>(e.data.purchaseRequestId, (r) => {
        if (!r) return r;
        const by = userOf(e.data.by);
        const levels = r.levels.map((l) =>
          l.level === e.data.level ? { ...l, approvedBy: by, approvedAt: e.data.at, note: e.data.note } : l,
        );
        return withOpenLevel({
          ...r,
          levels,
          approvers: by === null ? r.approvers : [...r.approvers, by],
          status: e.data.complete ? 'approved' : r.status,
          updatedAt: e.data.at,
        });
      }),
    PurchaseRequestRejected: (e) =>
      row<PurchaseRequestRow>(
        e.data.purchaseRequestId,
        (r) =>
          r &&
          withOpenLevel({
            ...r,
            status: 'rejected',
            rejection: { level: e.data.level, reason: e.data.reason, by: userOf(e.data.by), at: e.data.at },
            updatedAt: e.data.at,
          }),
      ),
    PurchaseRequestOrdered: (e) =>
      row<PurchaseRequestRow>(
        e.data.purchaseRequestId,
        (r) => r && withOpenLevel({ ...r, status: 'ordered', purchaseOrderId: e.data.purchaseOrderId, updatedAt: e.data.at }),
      ),
  },
});

// ---- purchase_orders: each order with what has been received of each line ----------------------------

export interface PurchaseOrderRow extends Row {
  readonly enterpriseId: string;
  readonly purchaseRequestId: string;
  readonly status: 'placed' | 'partially-received' | 'received';
  readonly supplier: string;
  readonly source: PurchaseSource;
  readonly lines: readonly {
    readonly partId: string;
    readonly warehouseId: string;
    readonly quantity: number;
    readonly unitPriceFen: number;
    readonly receivedQuantity: number;
  }[];
  readonly totalFen: number;
  readonly note: string;
  readonly receipts: readonly {
    readonly receiptId: string;
    readonly at: string;
    readonly by: string | null;
    readonly lines: readonly { readonly partId: string; readonly warehouseId: string; readonly quantity: number }[];
  }[];
  readonly placedBy: string | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

const orderKey = (l: { partId: string; warehouseId: string }) => `${l.warehouseId}:${l.partId}`;

export const purchaseOrdersProjection = projection<PurchaseOrderEvent, PurchaseOrderRow>(PURCHASE_ORDERS, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_status', key: { status: 1, placedAt: -1 } },
    { name: 'by_placed', key: { placedAt: -1 } },
    { name: 'by_request', key: { purchaseRequestId: 1 } },
  ],
  on: {
    PurchaseOrderPlaced: (e) => {
      const d = e.data;
      return row<PurchaseOrderRow>(d.purchaseOrderId, () => ({
        _id: d.purchaseOrderId,
        enterpriseId: d.enterpriseId,
        purchaseRequestId: d.purchaseRequestId,
        status: 'placed',
        supplier: d.supplier,
        source: d.source,
        lines: d.lines.map((l) => ({ ...l, receivedQuantity: 0 })),
        totalFen: d.totalFen,
        note: d.note,
        receipts: [],
        placedBy: userOf(d.by),
        placedAt: d.at,
        updatedAt: d.at,
        scope: scopeOf(d.enterpriseId),
      }));
    },
    PurchaseOrderReceived: (e) =>
      row<PurchaseOrderRow>(e.data.purchaseOrderId, (r) => {
        if (!r) return r;
        const got = new Map(e.data.lines.map((l) => [orderKey(l), l.quantity]));
        return {
          ...r,
          status: e.data.complete ? 'received' : 'partially-received',
          lines: r.lines.map((l) => ({ ...l, receivedQuantity: l.receivedQuantity + (got.get(orderKey(l)) ?? 0) })),
          receipts: [
            ...r.receipts,
            {
              receiptId: e.data.receiptId,
              at: e.data.at,
              by: userOf(e.data.by),
              lines: e.data.lines.map(({ partId, warehouseId, quantity }) => ({ partId, warehouseId, quantity })),
            },
          ],
          updatedAt: e.data.at,
        };
      }),
  },
});

// ---- approval_chains: the enterprise's chain as configured ---------------------------------------------

export interface ApprovalChainRow extends Row {
  readonly enterpriseId: string;
  readonly bands: readonly ApprovalBand[];
  readonly updatedBy: string | null;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export const approvalChainsProjection = projection<ApprovalChainEvent, ApprovalChainRow>(APPROVAL_CHAINS, {
  version: 1,
  scoped: true,
  on: {
    ApprovalChainConfigured: (e) =>
      row<ApprovalChainRow>(e.data.enterpriseId, () => ({
        _id: e.data.enterpriseId,
        enterpriseId: e.data.enterpriseId,
        bands: e.data.bands,
        updatedBy: userOf(e.data.by),
        updatedAt: e.data.at,
        scope: scopeOf(e.data.enterpriseId),
      })),
  },
});

/** The read models of purchasing, registered in PRODUCT_PROJECTIONS. */
export const PURCHASING_PROJECTIONS: readonly Projection[] = [
  stockThresholdsProjection,
  purchaseRequestsProjection,
  purchaseOrdersProjection,
  approvalChainsProjection,
];
