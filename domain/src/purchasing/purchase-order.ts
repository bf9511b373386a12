import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import type { PurchaseRequestLine, PurchaseSource } from './purchase-request';
import { assertOfEnterprise, PURCHASING_LIMITS, purchaseRefusal, purchaseText, purchaseWhole } from './purchasing-rules';

// ---- A purchase order (stream `PurchaseOrder-<purchaseOrderId>`) -------------------------------------
// Placed with a supplier for an approved request, at the agreed unit prices; received in one or more
// deliveries, each line up to what was ordered. A receipt's stock is posted to inventory's ledgers at the
// line's price (receive and shelve), and it carries the request's `source` so that a work order waiting
// for its part hears of it.

export type PurchaseOrderLine = {
  readonly partId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly unitPriceFen: number;
};
export type ReceivedLine = {
  readonly partId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly unitCostFen: number;
};

export type PurchaseOrderPlaced = DomainEvent<
  'PurchaseOrderPlaced',
  {
    purchaseOrderId: string;
    purchaseRequestId: string;
    enterpriseId: string;
    supplier: string;
    lines: readonly PurchaseOrderLine[];
    source: PurchaseSource;
    totalFen: number;
    note: string;
    by: Party;
    at: string;
  }
>;
export type PurchaseOrderReceived = DomainEvent<
  'PurchaseOrderReceived',
  {
    purchaseOrderId: string;
    purchaseRequestId: string;
    enterpriseId: string;
    receiptId: string;
    supplier: string;
    lines: readonly ReceivedLine[];
    source: PurchaseSource;
    /** Every line is received in full. */
    complete: boolean;
    by: Party;
    at: string;
  }
>;
export type PurchaseOrderEvent = PurchaseOrderPlaced | PurchaseOrderReceived;

export type PlacePurchaseOrder = Command<
  'PlacePurchaseOrder',
  {
    purchaseOrderId: string;
    supplier: string;
    lines: readonly PurchaseOrderLine[];
    note: string;
    /** The request, as its stream says: approved (the handler marks it ordered first). */
    request: { purchaseRequestId: string; enterpriseId: string; lines: readonly PurchaseRequestLine[]; source: PurchaseSource };
    by: Party;
    at: string;
  }
>;
export type ReceivePurchaseOrder = Command<
  'ReceivePurchaseOrder',
  { receiptId: string; lines: readonly { partId: string; warehouseId: string; quantity: number }[]; by: Party; at: string }
>;
export type PurchaseOrderCommand = PlacePurchaseOrder | ReceivePurchaseOrder;

export type PlacedPurchaseOrder = {
  readonly status: 'placed' | 'partially-received' | 'received';
  readonly purchaseOrderId: string;
  readonly purchaseRequestId: string;
  readonly enterpriseId: string;
  readonly supplier: string;
  readonly source: PurchaseSource;
  readonly lines: readonly (PurchaseOrderLine & { readonly receivedQuantity: number })[];
  readonly receipts: readonly string[];
};
export type PurchaseOrderState = { readonly status: 'none' } | PlacedPurchaseOrder;

export const purchaseOrderStream = (purchaseOrderId: string): string => `PurchaseOrder-${purchaseOrderId}`;

const key = (l: { partId: string; warehouseId: string }) => `${l.warehouseId}:${l.partId}`;

const orderLinesOf = (lines: readonly PurchaseOrderLine[], requested: readonly PurchaseRequestLine[]): PurchaseOrderLine[] => {
  if (lines.length < 1 || lines.length > PURCHASING_LIMITS.lines)
    throw purchaseRefusal('max-items', 'lines', `an order has 1 to ${PURCHASING_LIMITS.lines} lines`);
  const asked = new Map(requested.map((l) => [key(l), l]));
  const seen = new Set<string>();
  return lines.map((line, i) => {
    const wanted = asked.get(key(line));
    if (!wanted)
      throw purchaseRefusal(
        'not-requested',
        `lines.${i}.partId`,
        'an order buys what its request asked for: this part and warehouse are not on it',
      );
    if (seen.has(key(line))) throw purchaseRefusal('duplicate', `lines.${i}.partId`, 'a part is ordered once per warehouse');
    seen.add(key(line));
    return {
      partId: wanted.partId,
      warehouseId: wanted.warehouseId,
      quantity: purchaseWhole(line.quantity, `lines.${i}.quantity`, 1, PURCHASING_LIMITS.quantity),
      unitPriceFen: purchaseWhole(line.unitPriceFen, `lines.${i}.unitPriceFen`, 0, PURCHASING_LIMITS.unitFen),
    };
  });
};

export const purchaseOrder: Decider<PurchaseOrderCommand, PurchaseOrderEvent, PurchaseOrderState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'PlacePurchaseOrder': {
        const { purchaseOrderId, supplier, lines, note, request, by, at } = command.data;
        if (state.status !== 'none') {
          // The same order placed again (a retry after the request was marked) changes nothing.
          if (state.purchaseRequestId === request.purchaseRequestId) return [];
          throw purchaseRefusal('order-exists', 'purchaseOrderId', 'a purchase order with this id exists');
        }
        assertOfEnterprise(by, request.enterpriseId);
        const ordered = orderLinesOf(lines, request.lines);
        const totalFen = ordered.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0);
        return [
          {
            type: 'PurchaseOrderPlaced',
            data: {
              purchaseOrderId,
              purchaseRequestId: request.purchaseRequestId,
              enterpriseId: request.enterpriseId,
              supplier: purchaseText(supplier, 'supplier', PURCHASING_LIMITS.supplier),
              lines: ordered,
              source: request.source,
              totalFen,
              note: purchaseText(note, 'note', PURCHASING_LIMITS.reason, false),
              by,
              at,
            },
          },
        ];
      }
      case 'ReceivePurchaseOrder': {
        const { receiptId, lines, by, at } = command.data;
        if (state.status === 'none') throw purchaseRefusal('order-unknown', 'purchaseOrderId', 'no such purchase order');
        assertOfEnterprise(by, state.enterpriseId);
        if (state.receipts.includes(receiptId)) return [];
        if (state.status === 'received') throw purchaseRefusal('order-received', 'purchaseOrderId', 'everything on this order is received');
        if (lines.length < 1 || lines.length > state.lines.length)
          throw purchaseRefusal('max-items', 'lines', `a receipt has 1 to ${state.lines.length} lines`);
        const seen = new Set<string>();
        const received = lines.map((line, i): ReceivedLine => {
          const ordered = state.lines.find((l) => key(l) === key(line));
          if (!ordered) throw purchaseRefusal('not-ordered', `lines.${i}.partId`, 'this part and warehouse are not on the order');
          if (seen.has(key(line))) throw purchaseRefusal('duplicate', `lines.${i}.partId`, 'a line is received once per receipt');
          seen.add(key(line));
          const outstanding = ordered.quantity - ordered.receivedQuantity;
          if (outstanding === 0) throw purchaseRefusal('line-received', `lines.${i}.quantity`, 'this line is received in full');
          const quantity = purchaseWhole(line.quantity, `lines.${i}.quantity`, 1, outstanding);
          return { partId: ordered.partId, warehouseId: ordered.warehouseId, quantity, unitCostFen: ordered.unitPriceFen };
        });
        const complete = state.lines.every(
          (l) => l.receivedQuantity + (received.find((r) => key(r) === key(l))?.quantity ?? 0) === l.quantity,
        );
        return [
          {
            type: 'PurchaseOrderReceived',
            data: {
              purchaseOrderId: state.purchaseOrderId,
              purchaseRequestId: state.purchaseRequestId,
              enterpriseId: state.enterpriseId,
              receiptId,
              supplier: state.supplier,
              lines: received,
              source: state.source,
              complete,
              by,
              at,
            },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PurchaseOrderPlaced': {
        const { purchaseOrderId, purchaseRequestId, enterpriseId, supplier, source, lines } = event.data;
        return {
          status: 'placed',
          purchaseOrderId,
          purchaseRequestId,
          enterpriseId,
          supplier,
          source,
          lines: lines.map((l) => ({ ...l, receivedQuantity: 0 })),
          receipts: [],
        };
      }
      case 'PurchaseOrderReceived': {
        if (state.status === 'none') return state;
        const lines = state.lines.map((l) => ({
          ...l,
          receivedQuantity: l.receivedQuantity + (event.data.lines.find((r) => key(r) === key(l))?.quantity ?? 0),
        }));
        return {
          ...state,
          status: event.data.complete ? 'received' : 'partially-received',
          lines,
          receipts: [...state.receipts, event.data.receiptId],
        };
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
