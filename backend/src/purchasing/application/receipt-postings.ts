import type { Party, PurchaseOrderReceived } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type ReactionHandler } from '@kuaige/projections';
import type { CommandContext } from '../../event-sourcing/command-context';
import { ReceiveStock, ShelveStock } from '../../inventory/application/inventory.commands';

// ---- A purchase order's receipt posted to the stock ledgers ------------------------------------------
// Each received line becomes a stock receipt at the order's unit price and is shelved at once (the
// delivery was checked against the order when it was recorded): two postings per line, in this order,
// each under a command id derived from the PurchaseOrderReceived event and its index — the same whether
// the receiving request posts them at once or the durable reaction does after a crash in between.

export const RECEIPT_REACTION = 'purchasing-receipts-to-stock';

export type StockPosting = {
  readonly step: 'receive' | 'shelve';
  readonly warehouseId: string;
  readonly partId: string;
  /** The stock receipt's id: the order's receipt and the line's number. */
  readonly receiptId: string;
  readonly quantity: number;
  readonly unitCostFen: number;
  readonly supplier: string;
  readonly note: string;
  readonly by: Party;
  readonly at: string;
};

export const stockReceiptIdOf = (receiptId: string, line: number): string => `${receiptId}-${line + 1}`;

export const stockPostingsOf = (e: RecordedEvent): StockPosting[] => {
  const { receiptId, lines, supplier, purchaseOrderId, by, at } = (e as RecordedEvent<PurchaseOrderReceived>).data;
  return lines.flatMap((line, i) => {
    const posting = {
      warehouseId: line.warehouseId,
      partId: line.partId,
      receiptId: stockReceiptIdOf(receiptId, i),
      quantity: line.quantity,
      unitCostFen: line.unitCostFen,
      supplier,
      note: `PO ${purchaseOrderId}`,
      by,
      at,
    };
    return [
      { step: 'receive', ...posting },
      { step: 'shelve', ...posting },
    ] as const;
  });
};

export const stockMessageOf = (p: StockPosting, context: CommandContext): ReceiveStock | ShelveStock =>
  p.step === 'receive'
    ? new ReceiveStock(
        p.warehouseId,
        p.partId,
        {
          receiptId: p.receiptId,
          quantity: p.quantity,
          unitCostFen: p.unitCostFen,
          supplier: p.supplier,
          note: p.note,
          by: p.by,
          at: p.at,
        },
        context,
      )
    : new ShelveStock(
        p.warehouseId,
        p.partId,
        { receiptId: p.receiptId, acceptedQuantity: p.quantity, bin: null, by: p.by, at: p.at },
        context,
      );

export const receiptsToStock = reaction(RECEIPT_REACTION, {
  PurchaseOrderReceived: ((e: RecordedEvent) =>
    stockPostingsOf(e).map((p) => ({ type: 'PostPurchaseReceipt', data: p }))) as ReactionHandler,
});
