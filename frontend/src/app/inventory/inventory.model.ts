// The inventory API's shapes (backend/src/inventory). Money is integer fen throughout.

export const PART_UNITS = ['pcs', 'set', 'box', 'pair', 'roll', 'm', 'kg', 'l'] as const;
export const WAREHOUSE_KINDS = ['central', 'site', 'van'] as const;
export const STOCK_STATES = ['low', 'zero', 'unavailable', 'in-stock'] as const;
export const MOVEMENT_KINDS = ['receive', 'issue', 'transfer', 'adjust', 'return'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface PartCategory {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly path: readonly string[];
  readonly depth: number;
  readonly partCount: number;
}

export interface PartSupplier {
  readonly name: string;
  readonly priceFen: number;
}

export interface Part {
  readonly id: string;
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
}

export interface PartSubmission {
  readonly categoryCode?: string;
  readonly code?: string;
  readonly name: string;
  readonly model: string;
  readonly spec: string;
  readonly maker: string;
  readonly unit: string;
  readonly safetyStock: number;
  readonly suppliers: readonly PartSupplier[];
  readonly compatibleModels: readonly string[];
}

export interface Warehouse {
  readonly id: string;
  readonly name: string;
  readonly kind: (typeof WAREHOUSE_KINDS)[number];
  readonly engineerId: string | null;
  readonly address: string;
  readonly bins: readonly string[];
}

export interface StockLevel {
  readonly id: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly warehouseName: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly inInspection: number;
  readonly inTransit: number;
  readonly valueFen: number;
  readonly averageCostFen: number | null;
  readonly low: boolean;
}

export type StockRecipient = { readonly kind: 'engineer'; readonly engineerId: string } | { readonly kind: 'work-order'; readonly workOrderId: string };

export interface StockMovement {
  readonly id: string;
  readonly type: string;
  readonly documentId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly partCode: string | null;
  readonly partName: string | null;
  readonly warehouseName: string | null;
  readonly quantity: number;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly inTransitDelta: number;
  readonly valueDeltaFen: number;
  readonly unitCostFen: number | null;
  readonly note: string;
  readonly at: string;
}

export interface StockDocument {
  readonly id: string;
  readonly kind: 'receipt' | 'issue' | 'transfer';
  readonly status: string;
  readonly warehouseId: string;
  readonly toWarehouseId: string | null;
  readonly partId: string;
  readonly partCode: string | null;
  readonly partName: string | null;
  readonly unit: string | null;
  readonly quantity: number;
  readonly recipient: StockRecipient | null;
  readonly note: string;
  readonly createdAt: string;
}

export interface PartImportReport {
  readonly imported: number;
  readonly created: readonly { readonly row: number; readonly partId: string; readonly code: string }[];
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly rule: string; readonly message: string }[];
}

/** ¥12.50 from 1250 fen, without floating point. */
export const yuan = (fen: number | null | undefined): string => {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.trunc(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
};

/** 12.5 / "12.50" yuan typed in a form → 1250 fen; null when it is not a price with at most 2 decimals. */
export const fenOf = (text: string | number | null): number | null => {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(String(text ?? '').trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
};
