import { chinaDayOf, type SettlementCostFacts, type SettlementEvent, type WorkOrderEvent } from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- analytics_settlements: what the cost rows need of each settlement -----------------------------
// Costs are filed like the order counts: under the order's request day, its device's county, device
// and fault type. Settlement events carry none of those, and a row change sees only its own row, so
// the row is keyed by the settlement's id and the order's request fills it in: the settlement id
// derives from the work order's (settlementIdOf in settlements/application/settlement-creation.ts, one
// settlement per order), so MaintenanceRequested names the row its settlement will land on. The cost
// roll-up (analytics-cost-rollup.ts) files only rows that have both halves.

export const ANALYTICS_SETTLEMENTS_COLLECTION = 'analytics_settlements';

/** The settlement id of a work order's settlement: the same derivation as settlementIdOf. */
export const settlementIdOfOrder = (workOrderId: string): string => digestUuid('settlement', workOrderId);

export interface OrderOfSettlement {
  readonly workOrderId: string;
  /** China calendar day of the request. */
  readonly day: string;
  readonly countyCode: string;
  readonly deviceType: string;
  readonly faultType: string;
}

export interface SettlementOfOrder extends SettlementCostFacts {
  readonly settlementId: string;
  readonly equipmentUserId: string;
  readonly manufacturerId: string | null;
  readonly providerId: string;
}

export interface AnalyticsSettlementRow extends Row {
  readonly _id: string;
  readonly order: OrderOfSettlement | null;
  readonly settlement: SettlementOfOrder | null;
  /** The cost row it is filed under now (null until both halves are in). */
  readonly costRow: string | null;
  /** Every cost row it was ever filed under. */
  readonly filedUnder: readonly string[];
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

const part = (value: string | null): string => value ?? '-';

/** day × county × equipment user × manufacturer × provider × device type × fault type. */
export const costRowKey = (o: OrderOfSettlement, s: SettlementOfOrder): string =>
  ['k', o.day, o.countyCode, s.equipmentUserId, part(s.manufacturerId), s.providerId, o.deviceType, o.faultType].join('|');

const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);

const filed = (id: string, current: AnalyticsSettlementRow | null, next: Partial<Pick<AnalyticsSettlementRow, 'order' | 'settlement' | 'scope'>>): AnalyticsSettlementRow => {
  const order = next.order ?? current?.order ?? null;
  const settlement = next.settlement ?? current?.settlement ?? null;
  const costRow = order && settlement ? costRowKey(order, settlement) : null;
  return {
    _id: id,
    order,
    settlement,
    costRow,
    filedUnder: [...new Set([...(current?.filedUnder ?? []), ...(costRow ? [costRow] : [])])],
    scope: next.scope ?? current?.scope ?? { tenants: [], regions: [] },
  };
};

const onSettlement = (e: RecordedEvent<SettlementEvent>, apply: (s: SettlementOfOrder) => Partial<SettlementOfOrder>) =>
  row<AnalyticsSettlementRow>(idOf(e), (current) => (current?.settlement ? filed(current._id, current, { settlement: { ...current.settlement, ...apply(current.settlement) } }) : current));

/** `analytics_settlements`: one row per settlement (and per order awaiting one). */
export const analyticsSettlementsProjection = projection<WorkOrderEvent | SettlementEvent, AnalyticsSettlementRow>(ANALYTICS_SETTLEMENTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_position', key: { _pos: 1 } },
    { name: 'by_cost_row', key: { costRow: 1 } },
  ],
  on: {
    MaintenanceRequested: (e) => {
      const d = e.data;
      const id = settlementIdOfOrder(d.workOrderId);
      return row<AnalyticsSettlementRow>(id, (current) =>
        current?.order
          ? current
          : filed(id, current, {
              order: { workOrderId: d.workOrderId, day: chinaDayOf(d.at), countyCode: d.device.countyCode, deviceType: d.device.type, faultType: d.fault.type },
              scope: current?.scope ?? { tenants: [], regions: [...d.device.jurisdiction] },
            }),
      );
    },
    SettlementCreated: (e) => {
      const d = e.data;
      return row<AnalyticsSettlementRow>(d.settlementId, (current) =>
        current?.settlement
          ? current
          : filed(d.settlementId, current, {
              settlement: {
                settlementId: d.settlementId,
                equipmentUserId: d.parties.equipmentUserId,
                manufacturerId: d.parties.manufacturerId,
                providerId: d.parties.providerId,
                lines: d.lines.map((l) => ({ lineId: l.lineId, kind: l.kind, payer: l.payer, amountFen: l.amountFen })),
                paidBy: [],
                disputes: 0,
                cancelled: false,
              },
              scope: {
                tenants: [...new Set([d.parties.equipmentUserId, d.parties.manufacturerId, d.parties.providerId].filter((t): t is string => typeof t === 'string'))],
                regions: [...d.jurisdiction],
              },
            }),
      );
    },
    SettlementDisputeRaised: (e) => onSettlement(e, (s) => ({ disputes: s.disputes + 1 })),
    SettlementDisputeArbitrated: (e) =>
      onSettlement(e, (s) => {
        const amounts = new Map(e.data.adjustedLines.map((l) => [l.lineId, l.amountFen]));
        return { lines: s.lines.map((l) => (amounts.has(l.lineId) ? { ...l, amountFen: amounts.get(l.lineId)! } : l)) };
      }),
    SettlementPaymentRecorded: (e) => onSettlement(e, (s) => ({ paidBy: [...new Set([...s.paidBy, ...e.data.payers])] })),
    SettlementCancelled: (e) => onSettlement(e, () => ({ cancelled: true })),
  },
});

export const ANALYTICS_COST_PROJECTIONS: readonly Projection[] = [analyticsSettlementsProjection];
