import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { levelsFor, type ApprovalBand, type ApprovalLevel } from './approval-chain';
import { assertOfEnterprise, PURCHASING_LIMITS, purchaseRefusal, purchaseText, userOfParty, purchaseWhole } from './purchasing-rules';

// ---- A purchase request (stream `PurchaseRequest-<purchaseRequestId>`) --------------------------------
// Raised by hand, by the low-stock reaction, or from a work order missing a part. Its estimated total
// picks the band of the enterprise's approval chain when it is raised; the band's levels are approved
// in order, each by a holder of one of its roles and each by another person; the last one approves the
// request. Any open level's holder may reject it instead. An approved request becomes one purchase order.

export type PurchaseRequestLine = {
  readonly partId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly estimatedUnitFen: number;
};

/** Why a request exists; copied onto the purchase order and its receipts (a paused work order resumes on it). */
export type PurchaseSource =
  | { readonly kind: 'manual' }
  | { readonly kind: 'low-stock'; readonly warehouseId: string; readonly partId: string }
  | { readonly kind: 'work-order'; readonly workOrderId: string };

export type RaisePurchaseRequestData = {
  readonly purchaseRequestId: string;
  readonly enterpriseId: string;
  readonly lines: readonly PurchaseRequestLine[];
  readonly source: PurchaseSource;
  readonly reason: string;
  readonly by: Party;
  readonly at: string;
};

export type PurchaseRequestRaised = DomainEvent<
  'PurchaseRequestRaised',
  RaisePurchaseRequestData & {
    /** Σ quantity × estimatedUnitFen. */
    readonly totalFen: number;
    /** The levels of the chain's band for `totalFen`, fixed when raised. */
    readonly levels: readonly ApprovalLevel[];
  }
>;
export type PurchaseRequestApproved = DomainEvent<
  'PurchaseRequestApproved',
  {
    purchaseRequestId: string;
    level: number;
    note: string;
    by: Party;
    at: string;
    /** The last level: the request is approved. */ complete: boolean;
  }
>;
export type PurchaseRequestRejected = DomainEvent<
  'PurchaseRequestRejected',
  { purchaseRequestId: string; level: number; reason: string; by: Party; at: string }
>;
/** The approved request was ordered: one purchase order per request. */
export type PurchaseRequestOrdered = DomainEvent<
  'PurchaseRequestOrdered',
  { purchaseRequestId: string; purchaseOrderId: string; by: Party; at: string }
>;
export type PurchaseRequestEvent = PurchaseRequestRaised | PurchaseRequestApproved | PurchaseRequestRejected | PurchaseRequestOrdered;

export type RaisePurchaseRequest = Command<
  'RaisePurchaseRequest',
  RaisePurchaseRequestData & { /** The enterprise's chain as its stream says. */ chain: readonly ApprovalBand[] }
>;
/** `approverRoles`: the role keys the acting user holds in the enterprise, as its memberships say. */
export type ApprovePurchaseRequest = Command<
  'ApprovePurchaseRequest',
  { level: number; approverRoles: readonly string[]; note: string; by: Party; at: string }
>;
export type RejectPurchaseRequest = Command<
  'RejectPurchaseRequest',
  { approverRoles: readonly string[]; reason: string; by: Party; at: string }
>;
export type MarkPurchaseRequestOrdered = Command<'MarkPurchaseRequestOrdered', { purchaseOrderId: string; by: Party; at: string }>;
export type PurchaseRequestCommand = RaisePurchaseRequest | ApprovePurchaseRequest | RejectPurchaseRequest | MarkPurchaseRequestOrdered;

export type PurchaseRequestStatus = 'pending' | 'approved' | 'rejected' | 'ordered';
export type RaisedPurchaseRequest = {
  readonly status: PurchaseRequestStatus;
  readonly purchaseRequestId: string;
  readonly enterpriseId: string;
  readonly lines: readonly PurchaseRequestLine[];
  readonly source: PurchaseSource;
  readonly totalFen: number;
  readonly levels: readonly ApprovalLevel[];
  readonly approvals: readonly { readonly level: number; readonly userId: string | null }[];
  readonly purchaseOrderId: string | null;
};
export type PurchaseRequestState = { readonly status: 'none' } | RaisedPurchaseRequest;

export const purchaseRequestStream = (purchaseRequestId: string): string => `PurchaseRequest-${purchaseRequestId}`;

/** The level waiting for approval, or null when none is (approved, rejected, ordered). */
export const openLevelOf = (state: PurchaseRequestState): ApprovalLevel | null =>
  state.status !== 'pending' ? null : (state.levels.find((l) => !state.approvals.some((a) => a.level === l.level)) ?? null);

const linesOf = (lines: readonly PurchaseRequestLine[]): PurchaseRequestLine[] => {
  if (lines.length < 1 || lines.length > PURCHASING_LIMITS.lines)
    throw purchaseRefusal('max-items', 'lines', `a request has 1 to ${PURCHASING_LIMITS.lines} lines`);
  const seen = new Set<string>();
  return lines.map((line, i) => {
    const partId = purchaseText(line.partId, `lines.${i}.partId`, 64);
    const warehouseId = purchaseText(line.warehouseId, `lines.${i}.warehouseId`, 64);
    if (seen.has(`${warehouseId}:${partId}`))
      throw purchaseRefusal('duplicate', `lines.${i}.partId`, 'a part is asked for once per warehouse');
    seen.add(`${warehouseId}:${partId}`);
    return {
      partId,
      warehouseId,
      quantity: purchaseWhole(line.quantity, `lines.${i}.quantity`, 1, PURCHASING_LIMITS.quantity),
      estimatedUnitFen: purchaseWhole(line.estimatedUnitFen, `lines.${i}.estimatedUnitFen`, 0, PURCHASING_LIMITS.unitFen),
    };
  });
};

const holds = (roles: readonly string[], level: ApprovalLevel): boolean => level.roles.some((r) => roles.includes(r));

const pending = (state: PurchaseRequestState): RaisedPurchaseRequest => {
  if (state.status === 'none') throw purchaseRefusal('request-unknown', 'purchaseRequestId', 'no such purchase request');
  if (state.status !== 'pending')
    throw purchaseRefusal('request-not-pending', 'purchaseRequestId', `the request is ${state.status} already`);
  return state;
};

export const purchaseRequest: Decider<PurchaseRequestCommand, PurchaseRequestEvent, PurchaseRequestState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RaisePurchaseRequest': {
        const { chain, ...data } = command.data;
        if (state.status !== 'none') throw purchaseRefusal('request-exists', 'purchaseRequestId', 'a purchase request with this id exists');
        assertOfEnterprise(data.by, data.enterpriseId);
        const lines = linesOf(data.lines);
        const totalFen = lines.reduce((sum, l) => sum + l.quantity * l.estimatedUnitFen, 0);
        return [
          {
            type: 'PurchaseRequestRaised',
            data: {
              ...data,
              lines,
              reason: purchaseText(data.reason, 'reason', PURCHASING_LIMITS.reason),
              totalFen,
              levels: levelsFor(chain, totalFen),
            },
          },
        ];
      }
      case 'ApprovePurchaseRequest': {
        const { level, approverRoles, note, by, at } = command.data;
        const request = pending(state);
        assertOfEnterprise(by, request.enterpriseId);
        const wanted = request.levels.find((l) => l.level === level);
        if (!wanted) throw purchaseRefusal('level-unknown', 'level', `this request has levels 1 to ${request.levels.length}`);
        if (request.approvals.some((a) => a.level === level))
          throw purchaseRefusal('level-approved', 'level', `level ${level} is approved already`);
        const open = openLevelOf(request);
        if (open?.level !== level)
          throw purchaseRefusal('level-not-open', 'level', `level ${open?.level ?? level} is to be approved first`);
        if (by.kind === 'system' || !holds(approverRoles, wanted))
          throw purchaseRefusal('not-your-level', 'level', `level ${level} is approved by a holder of ${wanted.roles.join(' or ')}`);
        if (request.approvals.some((a) => a.userId === by.userId))
          throw purchaseRefusal('approver-repeated', 'level', 'each level is approved by another person');
        const complete = request.levels.every((l) => l.level === level || request.approvals.some((a) => a.level === l.level));
        return [
          {
            type: 'PurchaseRequestApproved',
            data: {
              purchaseRequestId: request.purchaseRequestId,
              level,
              note: purchaseText(note, 'note', PURCHASING_LIMITS.reason, false),
              by,
              at,
              complete,
            },
          },
        ];
      }
      case 'RejectPurchaseRequest': {
        const { approverRoles, reason, by, at } = command.data;
        const request = pending(state);
        assertOfEnterprise(by, request.enterpriseId);
        const open = openLevelOf(request)!;
        if (by.kind === 'system' || !holds(approverRoles, open))
          throw purchaseRefusal('not-your-level', 'level', `level ${open.level} is decided by a holder of ${open.roles.join(' or ')}`);
        return [
          {
            type: 'PurchaseRequestRejected',
            data: {
              purchaseRequestId: request.purchaseRequestId,
              level: open.level,
              reason: purchaseText(reason, 'reason', PURCHASING_LIMITS.reason),
              by,
              at,
            },
          },
        ];
      }
      case 'MarkPurchaseRequestOrdered': {
        const { purchaseOrderId, by, at } = command.data;
        if (state.status === 'none') throw purchaseRefusal('request-unknown', 'purchaseRequestId', 'no such purchase request');
        assertOfEnterprise(by, state.enterpriseId);
        // The order's own retry (a crash between its two appends) finds its mark and goes on.
        if (state.status === 'ordered' && state.purchaseOrderId === purchaseOrderId) return [];
        if (state.status === 'ordered') throw purchaseRefusal('request-ordered', 'purchaseRequestId', 'the request is ordered already');
        if (state.status !== 'approved')
          throw purchaseRefusal('request-not-approved', 'purchaseRequestId', `the request is ${state.status}; it is ordered once approved`);
        return [{ type: 'PurchaseRequestOrdered', data: { purchaseRequestId: state.purchaseRequestId, purchaseOrderId, by, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PurchaseRequestRaised': {
        const { purchaseRequestId, enterpriseId, lines, source, totalFen, levels } = event.data;
        return {
          status: levels.length === 0 ? 'approved' : 'pending',
          purchaseRequestId,
          enterpriseId,
          lines,
          source,
          totalFen,
          levels,
          approvals: [],
          purchaseOrderId: null,
        };
      }
      case 'PurchaseRequestApproved':
        return state.status === 'none'
          ? state
          : {
              ...state,
              status: event.data.complete ? 'approved' : state.status,
              approvals: [...state.approvals, { level: event.data.level, userId: userOfParty(event.data.by) }],
            };
      case 'PurchaseRequestRejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
      case 'PurchaseRequestOrdered':
        return state.status === 'none' ? state : { ...state, status: 'ordered', purchaseOrderId: event.data.purchaseOrderId };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
