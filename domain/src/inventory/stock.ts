import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertMember, averageCostFen, boundedText, INVENTORY_LIMITS, outgoingValueFen, violation, wholeNumber } from './inventory-rules';
import type { WarehouseKind } from './warehouse';

// ---- The stock of one part in one warehouse (stream `Stock-<warehouseId>:<partId>`) ----------------
// Every movement of the part in the warehouse is an event of this one stream, so the stream's revision
// guards the invariant: two requests racing for the last unit decide on the same revision, one append
// wins, the other is decided again on the new state and refused. available = onHand − reserved ≥ 0
// always: reservations (approved issues) need available stock, and stock leaves only through a
// reservation (delivery) or out of what is available (transfer out, negative adjustment).

/** Where issued parts go: to an engineer (by user id) or to a work order. */
export type StockRecipient = { readonly kind: 'engineer'; readonly engineerId: string } | { readonly kind: 'work-order'; readonly workOrderId: string };

/** What the handler read about the part and the warehouse; the ledger keeps it when it opens. */
export type StockTarget = {
  readonly warehouseId: string;
  readonly partId: string;
  readonly enterpriseId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly categoryPath: readonly string[];
  readonly unit: string;
  readonly safetyStock: number;
  readonly warehouseName: string;
  readonly warehouseKind: WarehouseKind;
  readonly bins: readonly string[];
};

type At = { by: Party; at: string };
type Step = { by: Party; at: string };

export type StockLedgerOpened = DomainEvent<'StockLedgerOpened', Omit<StockTarget, 'bins'> & { at: string }>;
/** Delivered by a supplier, waiting for inspection: not on hand yet. */
export type StockReceived = DomainEvent<'StockReceived', { receiptId: string; quantity: number; unitCostFen: number; supplier: string; note: string } & At>;
/** Inspected: the accepted quantity is shelved (on hand at its cost), the rest sent back. */
export type StockShelved = DomainEvent<'StockShelved', { receiptId: string; acceptedQuantity: number; rejectedQuantity: number; unitCostFen: number; valueFen: number; bin: string | null } & At>;
export type StockIssueRequested = DomainEvent<'StockIssueRequested', { issueId: string; quantity: number; recipient: StockRecipient; note: string } & At>;
/** Approved: the quantity is reserved for the issue. */
export type StockIssueApproved = DomainEvent<'StockIssueApproved', { issueId: string; quantity: number; note: string } & At>;
export type StockIssueRejected = DomainEvent<'StockIssueRejected', { issueId: string; reason: string } & At>;
export type StockIssuePicked = DomainEvent<'StockIssuePicked', { issueId: string } & Step>;
/** Handed over: the reserved quantity leaves the warehouse with its share of the value. */
export type StockIssueDelivered = DomainEvent<'StockIssueDelivered', { issueId: string; quantity: number; recipient: StockRecipient; unitCostFen: number; valueFen: number } & At>;
/** Withdrawn before delivery; a reservation it held (`releasedQuantity`) is released. */
export type StockIssueCancelled = DomainEvent<'StockIssueCancelled', { issueId: string; releasedQuantity: number; reason: string } & At>;
/** Parts an engineer or a work order did not use come back, at the cost they are valued at. */
export type StockReturned = DomainEvent<'StockReturned', { returnId: string; quantity: number; unitCostFen: number; valueFen: number; from: StockRecipient | null; reason: string } & At>;
export type StockTransferredOut = DomainEvent<'StockTransferredOut', { transferId: string; toWarehouseId: string; quantity: number; valueFen: number } & At>;
/** The destination's side of a transfer: on its way (written by the transfer's durable completion). */
export type StockTransferExpected = DomainEvent<'StockTransferExpected', { transferId: string; fromWarehouseId: string; quantity: number; valueFen: number; at: string }>;
export type StockTransferredIn = DomainEvent<'StockTransferredIn', { transferId: string; fromWarehouseId: string; quantity: number; valueFen: number; bin: string | null } & At>;
/** A correction of the quantity on hand (found, lost, damaged), with its reason. */
export type StockAdjusted = DomainEvent<'StockAdjusted', { adjustmentId: string; delta: number; unitCostFen: number; valueFen: number; reason: string } & At>;

export type StockEvent =
  | StockLedgerOpened
  | StockReceived
  | StockShelved
  | StockIssueRequested
  | StockIssueApproved
  | StockIssueRejected
  | StockIssuePicked
  | StockIssueDelivered
  | StockIssueCancelled
  | StockReturned
  | StockTransferredOut
  | StockTransferExpected
  | StockTransferredIn
  | StockAdjusted;

type On = { target: StockTarget; by: Party; at: string };
export type ReceiveStock = Command<'ReceiveStock', On & { receiptId: string; quantity: number; unitCostFen: number; supplier: string; note: string }>;
export type ShelveStock = Command<'ShelveStock', On & { receiptId: string; acceptedQuantity: number; bin: string | null }>;
export type RequestStockIssue = Command<'RequestStockIssue', On & { issueId: string; quantity: number; recipient: StockRecipient; note: string }>;
export type ApproveStockIssue = Command<'ApproveStockIssue', On & { issueId: string; note: string }>;
export type RejectStockIssue = Command<'RejectStockIssue', On & { issueId: string; reason: string }>;
export type PickStockIssue = Command<'PickStockIssue', On & { issueId: string }>;
export type DeliverStockIssue = Command<'DeliverStockIssue', On & { issueId: string }>;
export type CancelStockIssue = Command<'CancelStockIssue', On & { issueId: string; reason: string }>;
/** `unitCostFen` null: at the current moving average (the last one when none is on hand). */
export type ReturnStock = Command<'ReturnStock', On & { returnId: string; quantity: number; unitCostFen: number | null; from: StockRecipient | null; reason: string }>;
export type TransferStockOut = Command<'TransferStockOut', On & { transferId: string; toWarehouseId: string; quantity: number }>;
export type ExpectStockTransfer = Command<'ExpectStockTransfer', { target: StockTarget; transferId: string; fromWarehouseId: string; quantity: number; valueFen: number; at: string }>;
export type ReceiveStockTransfer = Command<'ReceiveStockTransfer', On & { transferId: string; bin: string | null }>;
export type AdjustStock = Command<'AdjustStock', On & { adjustmentId: string; delta: number; reason: string }>;
/**
 * Parts on a work order's processing record. From a van the engineer who holds it hands them over at
 * once (requested, approved, picked and delivered in one step: the engineer holds the stock, nobody else
 * can approve what is already in their hands); from any other warehouse the issue is requested and goes
 * through the warehouse's approval. `vanEngineerId`: the van's engineer as its warehouse stream says.
 */
export type IssueStockToWorkOrder = Command<'IssueStockToWorkOrder', On & { issueId: string; workOrderId: string; quantity: number; vanEngineerId: string | null; note: string }>;
/** Parts a work order's record no longer lists come back, at the cost they left at (never more than it got). */
export type ReturnWorkOrderParts = Command<'ReturnWorkOrderParts', On & { returnId: string; workOrderId: string; quantity: number; reason: string }>;

export type StockCommand =
  | ReceiveStock
  | ShelveStock
  | RequestStockIssue
  | ApproveStockIssue
  | RejectStockIssue
  | PickStockIssue
  | DeliverStockIssue
  | CancelStockIssue
  | ReturnStock
  | TransferStockOut
  | ExpectStockTransfer
  | ReceiveStockTransfer
  | AdjustStock
  | IssueStockToWorkOrder
  | ReturnWorkOrderParts;

export type IssueStatus = 'requested' | 'approved' | 'picked';
type OpenIssue = { readonly quantity: number; readonly status: IssueStatus; readonly recipient: StockRecipient };

/** The ledger folded: balances and the documents still open (finished ones drop out). */
export type StockState = {
  readonly opened: boolean;
  readonly onHand: number;
  readonly reserved: number;
  readonly inInspection: number;
  readonly inTransit: number;
  readonly valueFen: number;
  /** The average unit cost when stock was last on hand: what returns and found stock are valued at then. */
  readonly lastUnitCostFen: number;
  readonly receipts: Readonly<Record<string, { readonly quantity: number; readonly unitCostFen: number }>>;
  readonly issues: Readonly<Record<string, OpenIssue>>;
  readonly transfersIn: Readonly<Record<string, { readonly quantity: number; readonly valueFen: number; readonly fromWarehouseId: string }>>;
  /** What each work order holds from here: delivered less returned, with the value it left at. */
  readonly workOrders: Readonly<Record<string, { readonly quantity: number; readonly valueFen: number }>>;
};

export const stockStream = (warehouseId: string, partId: string): string => `Stock-${warehouseId}:${partId}`;
/** The warehouse and part of a stock stream id (ids never contain ':'). */
export const stockStreamIds = (streamId: string): { warehouseId: string; partId: string } => {
  const [warehouseId = '', partId = ''] = streamId.slice('Stock-'.length).split(':');
  return { warehouseId, partId };
};

export const availableOf = (s: Pick<StockState, 'onHand' | 'reserved'>): number => s.onHand - s.reserved;

const quantityOf = (q: number, field = 'quantity') => wholeNumber(q, field, 1, INVENTORY_LIMITS.quantity);
const noteOf = (note: string, field = 'note') => boundedText(note, field, INVENTORY_LIMITS.note, false);
const reasonOf = (reason: string) => boundedText(reason, 'reason', INVENTORY_LIMITS.note);

const insufficient = (needed: number, state: StockState) =>
  violation('insufficient-stock', 'quantity', `only ${availableOf(state)} available (on hand ${state.onHand}, reserved ${state.reserved}); ${needed} needed`);

const binOf = (bin: string | null, target: StockTarget): string | null => {
  if (bin === null) return null;
  if (!target.bins.includes(bin)) throw violation('bin-unknown', 'bin', `the warehouse has no bin ${bin}`);
  return bin;
};

const openIssue = (state: StockState, issueId: string, ...statuses: IssueStatus[]): OpenIssue => {
  const issue = state.issues[issueId];
  if (!issue) throw violation('issue-not-open', 'issueId', 'no such open issue: it was delivered, rejected or cancelled, or never requested here');
  if (!statuses.includes(issue.status)) throw violation('issue-state', 'issueId', `the issue is ${issue.status}; this needs it ${statuses.join(' or ')}`);
  return issue;
};

const guardValue = (value: number): number => {
  if (!Number.isSafeInteger(value)) throw violation('value-overflow', 'quantity', 'the stock’s value would be too large to keep exactly');
  return value;
};

const unitCostOf = (state: StockState): number => averageCostFen(state.onHand, state.valueFen) ?? state.lastUnitCostFen;

const decideMovement = (command: StockCommand, state: StockState): StockEvent[] => {
  switch (command.type) {
    case 'ReceiveStock': {
      const { receiptId, quantity, unitCostFen, supplier, note, by, at } = command.data;
      if (state.receipts[receiptId]) return [];
      return [
        {
          type: 'StockReceived',
          data: { receiptId, quantity: quantityOf(quantity), unitCostFen: wholeNumber(unitCostFen, 'unitCostFen', 0, INVENTORY_LIMITS.unitCostFen), supplier: boundedText(supplier, 'supplier', INVENTORY_LIMITS.name, false), note: noteOf(note), by, at },
        },
      ];
    }
    case 'ShelveStock': {
      const { receiptId, acceptedQuantity, bin, target, by, at } = command.data;
      const receipt = state.receipts[receiptId];
      if (!receipt) throw violation('receipt-not-open', 'receiptId', 'no such receipt waiting for inspection here');
      const accepted = wholeNumber(acceptedQuantity, 'acceptedQuantity', 0, receipt.quantity);
      const valueFen = guardValue(accepted * receipt.unitCostFen);
      guardValue(state.valueFen + valueFen);
      return [{ type: 'StockShelved', data: { receiptId, acceptedQuantity: accepted, rejectedQuantity: receipt.quantity - accepted, unitCostFen: receipt.unitCostFen, valueFen, bin: binOf(bin, target), by, at } }];
    }
    case 'RequestStockIssue': {
      const { issueId, quantity, recipient, note, by, at } = command.data;
      if (state.issues[issueId]) return [];
      return [{ type: 'StockIssueRequested', data: { issueId, quantity: quantityOf(quantity), recipient, note: noteOf(note), by, at } }];
    }
    case 'ApproveStockIssue': {
      const { issueId, note, by, at } = command.data;
      const issue = openIssue(state, issueId, 'requested');
      if (issue.quantity > availableOf(state)) throw insufficient(issue.quantity, state);
      return [{ type: 'StockIssueApproved', data: { issueId, quantity: issue.quantity, note: noteOf(note), by, at } }];
    }
    case 'RejectStockIssue': {
      const { issueId, reason, by, at } = command.data;
      openIssue(state, issueId, 'requested');
      return [{ type: 'StockIssueRejected', data: { issueId, reason: reasonOf(reason), by, at } }];
    }
    case 'PickStockIssue': {
      const { issueId, by, at } = command.data;
      openIssue(state, issueId, 'approved');
      return [{ type: 'StockIssuePicked', data: { issueId, by, at } }];
    }
    case 'DeliverStockIssue': {
      const { issueId, by, at } = command.data;
      const issue = openIssue(state, issueId, 'picked');
      const valueFen = outgoingValueFen(issue.quantity, state.onHand, state.valueFen);
      return [{ type: 'StockIssueDelivered', data: { issueId, quantity: issue.quantity, recipient: issue.recipient, unitCostFen: unitCostOf(state), valueFen, by, at } }];
    }
    case 'CancelStockIssue': {
      const { issueId, reason, by, at } = command.data;
      const issue = openIssue(state, issueId, 'requested', 'approved', 'picked');
      return [{ type: 'StockIssueCancelled', data: { issueId, releasedQuantity: issue.status === 'requested' ? 0 : issue.quantity, reason: reasonOf(reason), by, at } }];
    }
    case 'ReturnStock': {
      const { returnId, quantity, unitCostFen, from, reason, by, at } = command.data;
      const q = quantityOf(quantity);
      const cost = unitCostFen === null ? unitCostOf(state) : wholeNumber(unitCostFen, 'unitCostFen', 0, INVENTORY_LIMITS.unitCostFen);
      const valueFen = guardValue(q * cost);
      guardValue(state.valueFen + valueFen);
      return [{ type: 'StockReturned', data: { returnId, quantity: q, unitCostFen: cost, valueFen, from, reason: reasonOf(reason), by, at } }];
    }
    case 'TransferStockOut': {
      const { transferId, toWarehouseId, quantity, target, by, at } = command.data;
      const q = quantityOf(quantity);
      if (toWarehouseId === target.warehouseId) throw violation('same-warehouse', 'toWarehouseId', 'a transfer goes to another warehouse');
      if (q > availableOf(state)) throw insufficient(q, state);
      return [{ type: 'StockTransferredOut', data: { transferId, toWarehouseId, quantity: q, valueFen: outgoingValueFen(q, state.onHand, state.valueFen), by, at } }];
    }
    case 'ExpectStockTransfer': {
      const { transferId, fromWarehouseId, quantity, valueFen, at } = command.data;
      // The transfer's durable completion may ask again (a replay, a crash between the two sides).
      if (state.transfersIn[transferId]) return [];
      return [{ type: 'StockTransferExpected', data: { transferId, fromWarehouseId, quantity, valueFen, at } }];
    }
    case 'ReceiveStockTransfer': {
      const { transferId, bin, target, by, at } = command.data;
      const transfer = state.transfersIn[transferId];
      if (!transfer) throw violation('transfer-not-in-transit', 'transferId', 'no such transfer on its way to this warehouse');
      guardValue(state.valueFen + transfer.valueFen);
      return [{ type: 'StockTransferredIn', data: { transferId, fromWarehouseId: transfer.fromWarehouseId, quantity: transfer.quantity, valueFen: transfer.valueFen, bin: binOf(bin, target), by, at } }];
    }
    case 'AdjustStock': {
      const { adjustmentId, delta, reason, by, at } = command.data;
      if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > INVENTORY_LIMITS.quantity)
        throw violation('integer-range', 'delta', `delta is a whole number from -${INVENTORY_LIMITS.quantity} to ${INVENTORY_LIMITS.quantity}, not 0`);
      if (delta < 0 && -delta > availableOf(state)) throw insufficient(-delta, state);
      const cost = unitCostOf(state);
      const valueFen = delta > 0 ? guardValue(delta * cost) : -outgoingValueFen(-delta, state.onHand, state.valueFen);
      guardValue(state.valueFen + valueFen);
      return [{ type: 'StockAdjusted', data: { adjustmentId, delta, unitCostFen: cost, valueFen, reason: reasonOf(reason), by, at } }];
    }
    case 'IssueStockToWorkOrder': {
      const { issueId, workOrderId, quantity, vanEngineerId, note, target, by, at } = command.data;
      if (state.issues[issueId]) return [];
      const q = quantityOf(quantity);
      const recipient: StockRecipient = { kind: 'work-order', workOrderId };
      const fromVan = target.warehouseKind === 'van';
      if (fromVan && (by.kind !== 'enterprise' || by.userId !== vanEngineerId))
        throw violation('not-your-van', 'warehouseId', `${target.warehouseName} is another engineer’s van: issue from your own van or a store of the provider`);
      // Refused before anything is written, also from a store whose approval would refuse it later.
      if (q > availableOf(state))
        throw violation('insufficient-stock', 'quantity', `${target.partCode} ${target.partName}: only ${availableOf(state)} available in ${target.warehouseName}; ${q} needed`);
      const requested: StockEvent = { type: 'StockIssueRequested', data: { issueId, quantity: q, recipient, note: noteOf(note), by, at } };
      if (!fromVan) return [requested];
      return [
        requested,
        { type: 'StockIssueApproved', data: { issueId, quantity: q, note: 'van stock: held by the engineer', by, at } },
        { type: 'StockIssuePicked', data: { issueId, by, at } },
        { type: 'StockIssueDelivered', data: { issueId, quantity: q, recipient, unitCostFen: unitCostOf(state), valueFen: outgoingValueFen(q, state.onHand, state.valueFen), by, at } },
      ];
    }
    case 'ReturnWorkOrderParts': {
      const { returnId, workOrderId, quantity, reason, target, by, at } = command.data;
      const q = quantityOf(quantity);
      const held = state.workOrders[workOrderId] ?? { quantity: 0, valueFen: 0 };
      if (q > held.quantity)
        throw violation('return-exceeds-issued', 'quantity', `the work order holds ${held.quantity} of ${target.partCode} ${target.partName} from ${target.warehouseName}; an issue still waiting for approval is cancelled, not returned`);
      const valueFen = outgoingValueFen(q, held.quantity, held.valueFen);
      guardValue(state.valueFen + valueFen);
      return [{ type: 'StockReturned', data: { returnId, quantity: q, unitCostFen: averageCostFen(q, valueFen) ?? 0, valueFen, from: { kind: 'work-order', workOrderId }, reason: reasonOf(reason), by, at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const decide = (command: StockCommand, state: StockState): StockEvent[] => {
  const { target } = command.data;
  if (command.type !== 'ExpectStockTransfer') assertMember(command.data.by, target.enterpriseId);
  const events = decideMovement(command, state);
  if (state.opened || events.length === 0) return events;
  const { bins: _bins, ...opened } = target;
  return [{ type: 'StockLedgerOpened', data: { ...opened, at: command.data.at } }, ...events];
};

const without = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

/** Balances after one event; also what the ledger's read model adds up (stock_movements). */
export const stockDeltaOf = (event: StockEvent): { onHand: number; reserved: number; inInspection: number; inTransit: number; valueFen: number } => {
  const zero = { onHand: 0, reserved: 0, inInspection: 0, inTransit: 0, valueFen: 0 };
  switch (event.type) {
    case 'StockReceived':
      return { ...zero, inInspection: event.data.quantity };
    case 'StockShelved':
      return { ...zero, inInspection: -(event.data.acceptedQuantity + event.data.rejectedQuantity), onHand: event.data.acceptedQuantity, valueFen: event.data.valueFen };
    case 'StockIssueApproved':
      return { ...zero, reserved: event.data.quantity };
    case 'StockIssueDelivered':
      return { ...zero, onHand: -event.data.quantity, reserved: -event.data.quantity, valueFen: -event.data.valueFen };
    case 'StockIssueCancelled':
      return { ...zero, reserved: -event.data.releasedQuantity };
    case 'StockReturned':
      return { ...zero, onHand: event.data.quantity, valueFen: event.data.valueFen };
    case 'StockTransferredOut':
      return { ...zero, onHand: -event.data.quantity, valueFen: -event.data.valueFen };
    case 'StockTransferExpected':
      return { ...zero, inTransit: event.data.quantity };
    case 'StockTransferredIn':
      return { ...zero, inTransit: -event.data.quantity, onHand: event.data.quantity, valueFen: event.data.valueFen };
    case 'StockAdjusted':
      return { ...zero, onHand: event.data.delta, valueFen: event.data.valueFen };
    case 'StockLedgerOpened':
    case 'StockIssueRequested':
    case 'StockIssueRejected':
    case 'StockIssuePicked':
      return zero;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

const documents = (state: StockState, event: StockEvent): Partial<StockState> => {
  switch (event.type) {
    case 'StockReceived':
      return { receipts: { ...state.receipts, [event.data.receiptId]: { quantity: event.data.quantity, unitCostFen: event.data.unitCostFen } } };
    case 'StockShelved':
      return { receipts: without(state.receipts, event.data.receiptId) };
    case 'StockIssueRequested':
      return { issues: { ...state.issues, [event.data.issueId]: { quantity: event.data.quantity, status: 'requested', recipient: event.data.recipient } } };
    case 'StockIssueApproved':
    case 'StockIssuePicked': {
      const issue = state.issues[event.data.issueId];
      if (!issue) return {};
      return { issues: { ...state.issues, [event.data.issueId]: { ...issue, status: event.type === 'StockIssueApproved' ? 'approved' : 'picked' } } };
    }
    case 'StockIssueRejected':
    case 'StockIssueDelivered':
    case 'StockIssueCancelled':
      return { issues: without(state.issues, event.data.issueId) };
    case 'StockTransferExpected':
      return { transfersIn: { ...state.transfersIn, [event.data.transferId]: { quantity: event.data.quantity, valueFen: event.data.valueFen, fromWarehouseId: event.data.fromWarehouseId } } };
    case 'StockTransferredIn':
      return { transfersIn: without(state.transfersIn, event.data.transferId) };
    default:
      return {};
  }
};

const heldByWorkOrders = (state: StockState, event: StockEvent): Partial<StockState> => {
  const moved =
    event.type === 'StockIssueDelivered' && event.data.recipient.kind === 'work-order'
      ? { workOrderId: event.data.recipient.workOrderId, quantity: event.data.quantity, valueFen: event.data.valueFen }
      : event.type === 'StockReturned' && event.data.from?.kind === 'work-order'
        ? { workOrderId: event.data.from.workOrderId, quantity: -event.data.quantity, valueFen: -event.data.valueFen }
        : null;
  if (moved === null) return {};
  const held = state.workOrders[moved.workOrderId] ?? { quantity: 0, valueFen: 0 };
  // A return through the general returns route may exceed what the order got here: never below zero.
  const quantity = Math.max(0, held.quantity + moved.quantity);
  const valueFen = quantity === 0 ? 0 : Math.max(0, held.valueFen + moved.valueFen);
  return { workOrders: { ...state.workOrders, [moved.workOrderId]: { quantity, valueFen } } };
};

const evolve = (state: StockState, event: StockEvent): StockState => {
  if (event.type === 'StockLedgerOpened') return { ...state, opened: true };
  const d = stockDeltaOf(event);
  const onHand = state.onHand + d.onHand;
  const valueFen = state.valueFen + d.valueFen;
  return {
    ...state,
    ...documents(state, event),
    ...heldByWorkOrders(state, event),
    onHand,
    reserved: state.reserved + d.reserved,
    inInspection: state.inInspection + d.inInspection,
    inTransit: state.inTransit + d.inTransit,
    valueFen,
    lastUnitCostFen: averageCostFen(onHand, valueFen) ?? state.lastUnitCostFen,
  };
};

/** The stock ledger of one part in one warehouse (INV-2, INV-5, INV-8). */
export const stock: Decider<StockCommand, StockEvent, StockState> = {
  initialState: () => ({ opened: false, onHand: 0, reserved: 0, inInspection: 0, inTransit: 0, valueFen: 0, lastUnitCostFen: 0, receipts: {}, issues: {}, transfersIn: {}, workOrders: {} }),
  decide,
  evolve,
};
