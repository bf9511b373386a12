import {
  averageCostFen,
  stockDeltaOf,
  stockStreamIds,
  type PartCategoryEvent,
  type PartEvent,
  type PartSupplier,
  type StockEvent,
  type StockRecipient,
  type WarehouseEvent,
  type WarehouseKind,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Projection, type Row } from '@kuaige/projections';
import { codeKeysOf, nameKeysOf } from './stock-search';

// ---- Read models of the inventory: every row belongs to one enterprise ----------------------------
// scope.tenants = [the enterprise that keeps the catalogue, warehouse or stock]; scope.regions is empty:
// operators hold no inventory permission, and rows of another enterprise answer 404.

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };
const scopeOf = (enterpriseId: string): Scope => ({ tenants: [enterpriseId], regions: [] });

export const PART_CATEGORIES = 'part_categories';
export const PARTS = 'parts';
export const WAREHOUSES = 'warehouses';
export const STOCK_LEVELS = 'stock_levels';
export const STOCK_MOVEMENTS = 'stock_movements';
export const STOCK_DOCUMENTS = 'stock_documents';

export interface PartCategoryRow extends Row {
  readonly enterpriseId: string;
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly path: readonly string[];
  readonly depth: number;
  readonly partCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export const partCategoryRowId = (enterpriseId: string, code: string): string => `${enterpriseId}:${code}`;

export const partCategoriesProjection = projection<PartCategoryEvent, PartCategoryRow>(PART_CATEGORIES, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_code', key: { code: 1 } }],
  on: {
    PartCategoryCreated: (e) =>
      row<PartCategoryRow>(partCategoryRowId(e.data.enterpriseId, e.data.code), () => ({
        _id: partCategoryRowId(e.data.enterpriseId, e.data.code),
        enterpriseId: e.data.enterpriseId,
        code: e.data.code,
        name: e.data.name,
        parentCode: e.data.parentCode,
        path: e.data.path,
        depth: e.data.path.length,
        partCount: 0,
        createdAt: e.data.at,
        updatedAt: e.data.at,
        scope: scopeOf(e.data.enterpriseId),
      })),
    PartCategoryRenamed: (e) => row<PartCategoryRow>(e.streamId.slice('PartCategory-'.length), (r) => r && { ...r, name: e.data.name, updatedAt: e.data.at }),
    PartCodeAllocated: (e) => row<PartCategoryRow>(e.streamId.slice('PartCategory-'.length), (r) => r && { ...r, partCount: r.partCount + 1 }),
  },
});

export interface PartRow extends Row {
  readonly enterpriseId: string;
  readonly code: string;
  readonly categoryCode: string;
  readonly categoryPath: readonly string[];
  readonly name: string;
  readonly model: string;
  readonly spec: string;
  readonly maker: string;
  readonly unit: string;
  readonly safetyStock: number;
  readonly suppliers: readonly PartSupplier[];
  readonly compatibleModels: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export const partsProjection = projection<PartEvent, PartRow>(PARTS, {
  version: 2,
  scoped: true,
  arrayFields: ['categoryPath'],
  indexes: [
    { name: 'by_code', key: { code: 1 } },
    { name: 'by_category', key: { categoryPath: 1, code: 1 } },
  ],
  on: {
    PartRegistered: (e) => {
      const { by: _by, at, partId, ...d } = e.data;
      return row<PartRow>(partId, () => ({ _id: partId, ...d, createdAt: at, updatedAt: at, scope: scopeOf(d.enterpriseId) }));
    },
    PartUpdated: (e) => {
      const { by: _by, at, ...d } = e.data;
      return row<PartRow>(e.streamId.slice('Part-'.length), (r) => r && { ...r, ...d, updatedAt: at });
    },
  },
});

export interface WarehouseRow extends Row {
  readonly enterpriseId: string;
  readonly name: string;
  readonly kind: WarehouseKind;
  readonly engineerId: string | null;
  readonly address: string;
  readonly bins: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export const warehousesProjection = projection<WarehouseEvent, WarehouseRow>(WAREHOUSES, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_name', key: { name: 1 } }],
  on: {
    WarehouseOpened: (e) => {
      const { by: _by, at, warehouseId, ...d } = e.data;
      return row<WarehouseRow>(warehouseId, () => ({ _id: warehouseId, ...d, createdAt: at, updatedAt: at, scope: scopeOf(d.enterpriseId) }));
    },
    WarehouseUpdated: (e) =>
      row<WarehouseRow>(e.streamId.slice('Warehouse-'.length), (r) => r && { ...r, name: e.data.name, address: e.data.address, bins: e.data.bins, updatedAt: e.data.at }),
  },
});

// ---- stock_levels: one row per part × warehouse, the ledger's balances -----------------------------

export interface StockLevelRow extends Row {
  readonly enterpriseId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly categoryPath: readonly string[];
  readonly unit: string;
  readonly safetyStock: number;
  readonly warehouseName: string;
  readonly warehouseKind: WarehouseKind;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly inInspection: number;
  readonly inTransit: number;
  readonly valueFen: number;
  readonly averageCostFen: number | null;
  /** available ≤ safetyStock for a part with a threshold (0: none). */
  readonly low: boolean;
  /** What `q` finds the row by (stock-search.ts). */
  readonly codeKeys: readonly string[];
  readonly nameKeys: readonly string[];
  readonly updatedAt: string;
  readonly scope: Scope;
}

export const stockLevelRowId = (warehouseId: string, partId: string): string => `${warehouseId}:${partId}`;

const lowOf = (available: number, safetyStock: number): boolean => safetyStock > 0 && available <= safetyStock;

const atOf = (e: RecordedEvent<StockEvent>): string => e.data.at;

const STOCK_EVENT_TYPES = [
  'StockReceived',
  'StockShelved',
  'StockIssueRequested',
  'StockIssueApproved',
  'StockIssueRejected',
  'StockIssuePicked',
  'StockIssueDelivered',
  'StockIssueCancelled',
  'StockReturned',
  'StockTransferredOut',
  'StockTransferExpected',
  'StockTransferredIn',
  'StockAdjusted',
] as const satisfies readonly StockEvent['type'][];

export const stockLevelsProjection = projection<StockEvent | PartEvent | WarehouseEvent, StockLevelRow>(STOCK_LEVELS, {
  // 2: search keys (codeKeys, nameKeys) instead of a regular expression over every row.
  version: 2,
  scoped: true,
  arrayFields: ['categoryPath', 'codeKeys', 'nameKeys'],
  indexes: [
    { name: 'by_part_code', key: { partCode: 1, warehouseId: 1 } },
    { name: 'by_code_keys', key: { codeKeys: 1 } },
    { name: 'by_name_keys', key: { nameKeys: 1 } },
    { name: 'by_warehouse', key: { warehouseId: 1, partCode: 1 } },
    // Each filter's index continues with the list's order (part code, then warehouse), so a page is
    // read in index order and stops when full.
    { name: 'by_category', key: { categoryPath: 1, partCode: 1, warehouseId: 1 } },
    { name: 'by_available', key: { available: 1, partCode: 1, warehouseId: 1 } },
    { name: 'by_low', key: { low: 1, partCode: 1, warehouseId: 1 } },
    { name: 'by_part', key: { partId: 1 } },
  ],
  on: {
    StockLedgerOpened: (e) => {
      const { at, ...d } = e.data;
      const id = stockLevelRowId(d.warehouseId, d.partId);
      return row<StockLevelRow>(id, () => ({
        _id: id,
        ...d,
        onHand: 0,
        reserved: 0,
        available: 0,
        inInspection: 0,
        inTransit: 0,
        valueFen: 0,
        averageCostFen: null,
        low: lowOf(0, d.safetyStock),
        codeKeys: codeKeysOf(d.partCode),
        nameKeys: nameKeysOf(d.partName),
        updatedAt: at,
        scope: scopeOf(d.enterpriseId),
      }));
    },
    ...Object.fromEntries(
      STOCK_EVENT_TYPES.map((type) => [
        type,
        (e: RecordedEvent<StockEvent>) => {
          const d = stockDeltaOf({ type: e.type, data: e.data } as StockEvent);
          const { warehouseId, partId } = stockStreamIds(e.streamId);
          return row<StockLevelRow>(stockLevelRowId(warehouseId, partId), (r) => {
            if (!r) return r;
            const onHand = r.onHand + d.onHand;
            const reserved = r.reserved + d.reserved;
            const valueFen = r.valueFen + d.valueFen;
            return {
              ...r,
              onHand,
              reserved,
              available: onHand - reserved,
              inInspection: r.inInspection + d.inInspection,
              inTransit: r.inTransit + d.inTransit,
              valueFen,
              averageCostFen: averageCostFen(onHand, valueFen),
              low: lowOf(onHand - reserved, r.safetyStock),
              updatedAt: atOf(e),
            };
          });
        },
      ]),
    ),
    // Names and thresholds follow the catalogue and the warehouse; a new threshold re-decides `low`.
    PartUpdated: (e) => {
      const partId = e.streamId.slice('Part-'.length);
      const s = e.data.safetyStock;
      return [
        updateMany({ partId }, { $set: { partName: e.data.name, nameKeys: nameKeysOf(e.data.name), unit: e.data.unit, safetyStock: s } }),
        updateMany({ partId, available: { $lte: s } }, { $set: { low: s > 0 } }),
        updateMany({ partId, available: { $gt: s } }, { $set: { low: false } }),
      ];
    },
    WarehouseUpdated: (e) => updateMany({ warehouseId: e.streamId.slice('Warehouse-'.length) }, { $set: { warehouseName: e.data.name } }),
  },
});

// ---- stock_movements: the ledger, one row per movement event, newest first by log position ----------

export interface StockMovementRow extends Row {
  readonly enterpriseId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly type: StockEvent['type'];
  /** The receipt, issue, return, transfer or adjustment the movement belongs to. */
  readonly documentId: string;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly inInspectionDelta: number;
  readonly inTransitDelta: number;
  readonly valueDeltaFen: number;
  readonly unitCostFen: number | null;
  readonly quantity: number;
  readonly recipient: StockRecipient | null;
  /** The other warehouse of a transfer. */
  readonly otherWarehouseId: string | null;
  readonly note: string;
  readonly byUserId: string | null;
  readonly at: string;
  readonly position: number;
  readonly revision: number;
  readonly scope: Scope;
}

const enterpriseOfEvent = (e: RecordedEvent): string => e.metadata.tenantIds[0] ?? '';

type MovementFacts = Pick<StockMovementRow, 'documentId' | 'unitCostFen' | 'quantity' | 'recipient' | 'otherWarehouseId' | 'note'>;

const factsOf = (event: StockEvent): MovementFacts | null => {
  const none = { unitCostFen: null, recipient: null, otherWarehouseId: null, note: '' };
  switch (event.type) {
    case 'StockLedgerOpened':
      return null;
    case 'StockReceived':
      return { ...none, documentId: event.data.receiptId, quantity: event.data.quantity, unitCostFen: event.data.unitCostFen, note: event.data.note };
    case 'StockShelved':
      return { ...none, documentId: event.data.receiptId, quantity: event.data.acceptedQuantity, unitCostFen: event.data.unitCostFen, note: event.data.bin ?? '' };
    case 'StockIssueRequested':
      return { ...none, documentId: event.data.issueId, quantity: event.data.quantity, recipient: event.data.recipient, note: event.data.note };
    case 'StockIssueApproved':
      return { ...none, documentId: event.data.issueId, quantity: event.data.quantity, note: event.data.note };
    case 'StockIssueRejected':
      return { ...none, documentId: event.data.issueId, quantity: 0, note: event.data.reason };
    case 'StockIssuePicked':
      return { ...none, documentId: event.data.issueId, quantity: 0 };
    case 'StockIssueDelivered':
      return { ...none, documentId: event.data.issueId, quantity: event.data.quantity, unitCostFen: event.data.unitCostFen, recipient: event.data.recipient };
    case 'StockIssueCancelled':
      return { ...none, documentId: event.data.issueId, quantity: event.data.releasedQuantity, note: event.data.reason };
    case 'StockReturned':
      return { ...none, documentId: event.data.returnId, quantity: event.data.quantity, unitCostFen: event.data.unitCostFen, recipient: event.data.from, note: event.data.reason };
    case 'StockTransferredOut':
      return { ...none, documentId: event.data.transferId, quantity: event.data.quantity, otherWarehouseId: event.data.toWarehouseId };
    case 'StockTransferExpected':
      return { ...none, documentId: event.data.transferId, quantity: event.data.quantity, otherWarehouseId: event.data.fromWarehouseId };
    case 'StockTransferredIn':
      return { ...none, documentId: event.data.transferId, quantity: event.data.quantity, otherWarehouseId: event.data.fromWarehouseId };
    case 'StockAdjusted':
      return { ...none, documentId: event.data.adjustmentId, quantity: event.data.delta, unitCostFen: event.data.unitCostFen, note: event.data.reason };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

const movementOf = (e: RecordedEvent<StockEvent>) => {
  const event = { type: e.type, data: e.data } as StockEvent;
  const facts = factsOf(event);
  if (facts === null) return null;
  const d = stockDeltaOf(event);
  const { warehouseId, partId } = stockStreamIds(e.streamId);
  const by = 'by' in e.data ? e.data.by : null;
  return row<StockMovementRow>(e.eventId, () => ({
    _id: e.eventId,
    enterpriseId: enterpriseOfEvent(e),
    warehouseId,
    partId,
    type: e.type,
    ...facts,
    onHandDelta: d.onHand,
    reservedDelta: d.reserved,
    inInspectionDelta: d.inInspection,
    inTransitDelta: d.inTransit,
    valueDeltaFen: d.valueFen,
    byUserId: by !== null && by.kind !== 'system' ? by.userId : null,
    at: e.data.at,
    position: e.position,
    revision: e.revision,
    scope: scopeOf(enterpriseOfEvent(e)),
  }));
};



export const stockMovementsProjection = projection<StockEvent, StockMovementRow>(STOCK_MOVEMENTS, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_position', key: { position: -1 } },
    { name: 'by_warehouse', key: { warehouseId: 1, position: -1 } },
    { name: 'by_part', key: { partId: 1, position: -1 } },
    { name: 'by_type', key: { type: 1, position: -1 } },
  ],
  on: Object.fromEntries(STOCK_EVENT_TYPES.map((type) => [type, movementOf])),
});

// ---- stock_documents: receipts, issues and transfers with their status ------------------------------

export type StockDocumentKind = 'receipt' | 'issue' | 'transfer';
export type StockDocumentStatus = 'inspecting' | 'shelved' | 'requested' | 'approved' | 'picked' | 'delivered' | 'rejected' | 'cancelled' | 'in-transit' | 'received';

export interface StockDocumentRow extends Row {
  readonly enterpriseId: string;
  readonly kind: StockDocumentKind;
  readonly status: StockDocumentStatus;
  /** The warehouse the document's stock leaves or enters (a transfer: the one it leaves). */
  readonly warehouseId: string;
  readonly toWarehouseId: string | null;
  readonly partId: string;
  readonly quantity: number;
  readonly acceptedQuantity: number | null;
  readonly unitCostFen: number | null;
  readonly valueFen: number | null;
  readonly supplier: string;
  readonly recipient: StockRecipient | null;
  readonly note: string;
  readonly reason: string;
  readonly requestedBy: string | null;
  readonly approvedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

const userOf = (by: { kind: string; userId?: string }): string | null => by.userId ?? null;

const newDocument = (e: RecordedEvent, fields: Pick<StockDocumentRow, '_id' | 'kind' | 'status' | 'quantity'> & Partial<StockDocumentRow>, at: string): StockDocumentRow => {
  const { warehouseId, partId } = stockStreamIds(e.streamId);
  const enterpriseId = enterpriseOfEvent(e);
  return {
    enterpriseId,
    warehouseId,
    toWarehouseId: null,
    partId,
    acceptedQuantity: null,
    unitCostFen: null,
    valueFen: null,
    supplier: '',
    recipient: null,
    note: '',
    reason: '',
    requestedBy: null,
    approvedBy: null,
    createdAt: at,
    updatedAt: at,
    scope: scopeOf(enterpriseId),
    ...fields,
  };
};

const advance = (id: string, at: string, fields: Partial<StockDocumentRow>) => row<StockDocumentRow>(id, (r) => r && { ...r, ...fields, updatedAt: at });

export const stockDocumentsProjection = projection<StockEvent, StockDocumentRow>(STOCK_DOCUMENTS, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_kind_status', key: { kind: 1, status: 1, createdAt: -1 } },
    { name: 'by_warehouse', key: { warehouseId: 1, createdAt: -1 } },
    { name: 'by_destination', key: { toWarehouseId: 1, status: 1 } },
  ],
  on: {
    StockReceived: (e) =>
      row<StockDocumentRow>(e.data.receiptId, () =>
        newDocument(e, { _id: e.data.receiptId, kind: 'receipt', status: 'inspecting', quantity: e.data.quantity, unitCostFen: e.data.unitCostFen, supplier: e.data.supplier, note: e.data.note, requestedBy: userOf(e.data.by) }, e.data.at),
      ),
    StockShelved: (e) => advance(e.data.receiptId, e.data.at, { status: 'shelved', acceptedQuantity: e.data.acceptedQuantity, valueFen: e.data.valueFen }),
    StockIssueRequested: (e) =>
      row<StockDocumentRow>(e.data.issueId, () =>
        newDocument(e, { _id: e.data.issueId, kind: 'issue', status: 'requested', quantity: e.data.quantity, recipient: e.data.recipient, note: e.data.note, requestedBy: userOf(e.data.by) }, e.data.at),
      ),
    StockIssueApproved: (e) => advance(e.data.issueId, e.data.at, { status: 'approved', approvedBy: userOf(e.data.by) }),
    StockIssueRejected: (e) => advance(e.data.issueId, e.data.at, { status: 'rejected', approvedBy: userOf(e.data.by), reason: e.data.reason }),
    StockIssuePicked: (e) => advance(e.data.issueId, e.data.at, { status: 'picked' }),
    StockIssueDelivered: (e) => advance(e.data.issueId, e.data.at, { status: 'delivered', unitCostFen: e.data.unitCostFen, valueFen: e.data.valueFen }),
    StockIssueCancelled: (e) => advance(e.data.issueId, e.data.at, { status: 'cancelled', reason: e.data.reason }),
    StockTransferredOut: (e) =>
      row<StockDocumentRow>(e.data.transferId, () =>
        newDocument(e, { _id: e.data.transferId, kind: 'transfer', status: 'in-transit', quantity: e.data.quantity, toWarehouseId: e.data.toWarehouseId, valueFen: e.data.valueFen, requestedBy: userOf(e.data.by) }, e.data.at),
      ),
    StockTransferredIn: (e) => advance(e.data.transferId, e.data.at, { status: 'received' }),
  },
});

/** The read models of the inventory, registered in PRODUCT_PROJECTIONS. */
export const INVENTORY_PROJECTIONS: readonly Projection[] = [
  partCategoriesProjection,
  partsProjection,
  warehousesProjection,
  stockLevelsProjection,
  stockMovementsProjection,
  stockDocumentsProjection,
];
