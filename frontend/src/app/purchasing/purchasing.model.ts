// What the purchasing API answers (backend/src/purchasing): money in integer fen throughout.

export type PurchaseSource =
  | { readonly kind: 'manual' }
  | { readonly kind: 'low-stock'; readonly warehouseId: string; readonly partId: string }
  | { readonly kind: 'work-order'; readonly workOrderId: string };

type Named = {
  readonly partCode: string | null;
  readonly partName: string | null;
  readonly unit: string | null;
  readonly warehouseName: string | null;
};

export interface StockThreshold extends Named {
  readonly id: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly minimum: number;
  readonly reorderQuantity: number;
  readonly low: boolean;
  readonly available: number;
  readonly onHand: number;
  readonly suggestedQuantity: number | null;
  readonly detectedAt: string | null;
  readonly purchaseRequestId: string | null;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'ordered';
export const REQUEST_STATUSES: readonly RequestStatus[] = ['pending', 'approved', 'rejected', 'ordered'];

export interface PurchaseRequest {
  readonly id: string;
  readonly status: RequestStatus;
  readonly source: PurchaseSource;
  readonly reason: string;
  readonly lines: readonly (Named & {
    readonly partId: string;
    readonly warehouseId: string;
    readonly quantity: number;
    readonly estimatedUnitFen: number;
  })[];
  readonly totalFen: number;
  readonly levels: readonly {
    readonly level: number;
    readonly roles: readonly string[];
    readonly approvedBy: string | null;
    readonly approvedAt: string | null;
  }[];
  readonly openLevel: number | null;
  /** The level I may decide now, or null. */
  readonly yourStep: number | null;
  readonly rejection: { readonly level: number; readonly reason: string } | null;
  readonly purchaseOrderId: string | null;
  readonly raisedAt: string;
}

export type OrderStatus = 'placed' | 'partially-received' | 'received';

export interface PurchaseOrder {
  readonly id: string;
  readonly purchaseRequestId: string;
  readonly status: OrderStatus;
  readonly supplier: string;
  readonly lines: readonly (Named & {
    readonly partId: string;
    readonly warehouseId: string;
    readonly quantity: number;
    readonly unitPriceFen: number;
    readonly receivedQuantity: number;
  })[];
  readonly totalFen: number;
  readonly receipts: readonly { readonly receiptId: string; readonly at: string }[];
  readonly placedAt: string;
}

export interface ApprovalChain {
  readonly configured: boolean;
  readonly bands: readonly {
    readonly upToFen: number | null;
    readonly levels: readonly { readonly level: number; readonly roles: readonly string[] }[];
  }[];
}

/** "warehouse-manager, admin" → ['warehouse-manager', 'admin']. */
export const rolesOf = (text: string): string[] =>
  text
    .split(/[,，、\s]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');

/** Built-in role keys the console names in words; an enterprise's own keys are shown as they are. */
export const BUILT_IN_ROLE_KEYS: readonly string[] = ['admin', 'warehouse-manager', 'member', 'engineer'];
