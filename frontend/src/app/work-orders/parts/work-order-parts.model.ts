import type { Page } from '../../shared/table/page';

/** A line of the engineer's van (GET /api/v1/inventory/my-stock). */
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

export type MyStock = Page<VanStockItem> & { readonly vans: readonly { readonly id: string; readonly name: string }[] };

/** A part a work order used from one warehouse; costs are null for those who may not see them. */
export interface PartUsedLine {
  readonly workOrderId: string;
  readonly warehouseId: string;
  readonly warehouseName: string;
  readonly warehouseKind: string;
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly quantity: number;
  readonly pendingQuantity: number;
  readonly returnedQuantity: number;
  readonly unitCostFen: number | null;
  readonly valueFen: number | null;
}

export interface WorkOrderParts {
  readonly items: readonly PartUsedLine[];
  readonly totalValueFen: number | null;
}

export interface MissingPartsBody {
  readonly lines: readonly { readonly partId: string; readonly warehouseId: string; readonly quantity: number }[];
  readonly note?: string;
}

/** Lines worth showing: something was used, is waiting for approval, or came back. */
export const shownLines = (parts: WorkOrderParts): PartUsedLine[] => parts.items.filter((p) => p.quantity > 0 || p.pendingQuantity > 0);

/** Whether any line carries a cost (the caller may read that stock ledger). */
export const costsVisible = (parts: WorkOrderParts): boolean => parts.items.some((p) => p.unitCostFen !== null || p.valueFen !== null);
