import {
  chinaDayOf,
  countyRowKey,
  engineerRowKey,
  type OrderFacts,
  type SlaEvent,
  type StockEvent,
  type StockRecipient,
  type WorkOrderEvent,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- analytics_orders: what analytics knows of each work order ----------------------------------
// A row change sees only its own row, so the day × county × enterprise rows cannot be kept by this
// projection directly: later events of an order do not carry its county, device or fault type. This
// row does; it names the rows the order is filed under (and every row it was ever filed under), and
// the roll-up (analytics-rollup.ts) re-sums exactly those rows from these facts.

export const ANALYTICS_ORDERS_COLLECTION = 'analytics_orders';

export interface AnalyticsOrderRow extends Row, OrderFacts {
  readonly _id: string;
  /** The county row and the engineer row the order is filed under now. */
  readonly countyRow: string;
  readonly engineerRow: string | null;
  /** Every row key it was ever filed under (a change of provider or engineer moves it). */
  readonly filedUnder: readonly string[];
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

type AnalyticsSourceEvent = WorkOrderEvent | SlaEvent | StockEvent;

const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);

const tenantsOf = (f: OrderFacts): string[] =>
  [...new Set([f.requesterId, f.ownerId, f.manufacturerId, f.providerId].filter((t): t is string => typeof t === 'string'))];

/** Recomputes the keys and scope that follow from the facts. */
const filed = (current: AnalyticsOrderRow, next: Partial<OrderFacts>): AnalyticsOrderRow => {
  const facts = { ...current, ...next };
  const countyRow = countyRowKey(facts);
  const engineerRow = engineerRowKey(facts);
  const filedUnder = [...new Set([...current.filedUnder, countyRow, ...(engineerRow ? [engineerRow] : [])])];
  return { ...facts, countyRow, engineerRow, filedUnder, scope: { tenants: tenantsOf(facts), regions: current.scope.regions } };
};

const change = (workOrderId: string, apply: (r: AnalyticsOrderRow) => Partial<OrderFacts>) =>
  row<AnalyticsOrderRow>(workOrderId, (current) => (current ? filed(current, apply(current)) : null));

const onOrder = (e: RecordedEvent<WorkOrderEvent>, apply: (r: AnalyticsOrderRow) => Partial<OrderFacts>) => change(idOf(e), apply);

const onceIn = (list: readonly string[], item: string): string[] => (list.includes(item) ? [...list] : [...list, item]);

const partsOf = (recipient: StockRecipient | null): string | null => (recipient?.kind === 'work-order' ? recipient.workOrderId : null);

/** `analytics_orders`: one row of facts per work order, scoped like the order. */
export const analyticsOrdersProjection = projection<AnalyticsSourceEvent, AnalyticsOrderRow>(ANALYTICS_ORDERS_COLLECTION, {
  version: 1,
  scoped: true,
  // `_pos` orders the rows by the last event applied: the roll-up reads what changed since it last ran.
  indexes: [
    { name: 'by_position', key: { _pos: 1 } },
    { name: 'by_county_row', key: { countyRow: 1 } },
    { name: 'by_engineer_row', key: { engineerRow: 1 } },
  ],
  on: {
    MaintenanceRequested: (e) =>
      row<AnalyticsOrderRow>(e.data.workOrderId, (current) => {
        if (current) return current;
        const d = e.data;
        const facts: OrderFacts = {
          workOrderId: d.workOrderId,
          day: chinaDayOf(d.at),
          countyCode: d.device.countyCode,
          requesterId: d.requesterId,
          ownerId: d.device.ownerId,
          manufacturerId: d.manufacturerId,
          providerId: null,
          engineerId: null,
          deviceType: d.device.type,
          faultType: d.fault.type,
          requestedAt: d.at,
          respondedAt: null,
          startedAt: null,
          completedAt: null,
          everCompleted: false,
          closed: false,
          cancelled: false,
          rejected: false,
          reopened: 0,
          receiptRejected: 0,
          userScore: null,
          manufacturerScore: null,
          slaOnTime: [],
          slaBreached: [],
          alarms: 0,
          partsQuantity: 0,
          partsValueFen: 0,
        };
        const start = { ...facts, _id: d.workOrderId, countyRow: '', engineerRow: null, filedUnder: [], scope: { tenants: [], regions: [...d.device.jurisdiction] } };
        return filed(start, {});
      }),
    RequestRejected: (e) => onOrder(e, () => ({ rejected: true })),
    WorkOrderDispatched: (e) => onOrder(e, () => ({ providerId: e.data.providerId })),
    DispatchReturned: (e) => onOrder(e, () => ({ providerId: null, engineerId: null })),
    EngineerAssigned: (e) => onOrder(e, () => ({ engineerId: e.data.engineerId })),
    EngineerDeclined: (e) => onOrder(e, () => ({ engineerId: null })),
    EngineerAccepted: (e) => onOrder(e, (r) => ({ respondedAt: r.respondedAt ?? e.data.at })),
    WorkStarted: (e) => onOrder(e, (r) => ({ respondedAt: r.respondedAt ?? e.data.at, startedAt: r.startedAt ?? e.data.at })),
    WorkCompleted: (e) => onOrder(e, () => ({ completedAt: e.data.at, everCompleted: true })),
    ReceiptRejected: (e) => onOrder(e, (r) => ({ completedAt: null, receiptRejected: r.receiptRejected + 1 })),
    WorkOrderEvaluated: (e) => onOrder(e, () => (e.data.by === 'equipment-user' ? { userScore: e.data.score } : { manufacturerScore: e.data.score })),
    WorkOrderClosed: (e) => onOrder(e, () => ({ closed: true })),
    WorkOrderCancelled: (e) => onOrder(e, () => ({ cancelled: true })),
    // A reopened order is worked again: its evaluations are asked for again, as the list row does.
    WorkOrderReopened: (e) => onOrder(e, (r) => ({ reopened: r.reopened + 1, completedAt: null, closed: false, userScore: null, manufacturerScore: null })),
    SlaTargetMet: (e) =>
      change(e.data.workOrderId, (r) =>
        e.data.breached ? { slaBreached: onceIn(r.slaBreached, e.data.target) } : { slaOnTime: onceIn(r.slaOnTime, e.data.target) },
      ),
    SlaBreached: (e) => change(e.data.workOrderId, (r) => ({ slaBreached: onceIn(r.slaBreached, e.data.target), alarms: r.alarms + 1 })),
    SlaEscalated: (e) => change(e.data.workOrderId, (r) => ({ alarms: r.alarms + 1 })),
    StockIssueDelivered: (e) => {
      const workOrderId = partsOf(e.data.recipient);
      return workOrderId ? change(workOrderId, (r) => ({ partsQuantity: r.partsQuantity + e.data.quantity, partsValueFen: r.partsValueFen + e.data.valueFen })) : null;
    },
    StockReturned: (e) => {
      const workOrderId = partsOf(e.data.from);
      return workOrderId ? change(workOrderId, (r) => ({ partsQuantity: r.partsQuantity - e.data.quantity, partsValueFen: r.partsValueFen - e.data.valueFen })) : null;
    },
  },
});

export const ANALYTICS_PROJECTIONS: readonly Projection[] = [analyticsOrdersProjection];
