import {
  parseAccount,
  settlement,
  workOrderStream,
  type FeeScheduleEvent,
  type JournalEntry,
  type JournalEvent,
  type Settlement,
  type SettlementEvent,
  type StockEvent,
  type WorkOrderEvent,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Change, type Projection, type Row } from '@kuaige/projections';

// ---- Settlements' read models, scoped like what they describe -----------------------------------------
// fee_schedules (operators' jurisdiction), settlements (the three parties and the order's jurisdiction),
// ledger_lines (one row per journal line: the party of its account and the jurisdiction), and two the
// creation reaction reads: settlement_part_issues (parts delivered to work orders at their issue value)
// and settlement_windows (reported orders still waiting for their evaluations).

export const FEE_SCHEDULES_COLLECTION = 'fee_schedules';
export const SETTLEMENTS_COLLECTION = 'settlements';
export const LEDGER_LINES_COLLECTION = 'ledger_lines';
export const SETTLEMENT_PART_ISSUES_COLLECTION = 'settlement_part_issues';
export const SETTLEMENT_WINDOWS_COLLECTION = 'settlement_windows';

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };
const idOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);
const unique = (ids: readonly (string | null)[]): string[] => [...new Set(ids.filter((t): t is string => t !== null && t.length > 0))];

// ---- fee_schedules ---------------------------------------------------------------------------------

export interface FeeScheduleRow extends Row {
  readonly _id: string;
  readonly scheduleId: string;
  readonly status: 'draft' | 'published';
  readonly operatorNodeId: string;
  readonly regionCode: string;
  readonly effectiveFrom: string;
  readonly labourRates: readonly { readonly skillLevel: string; readonly hourlyFen: number }[];
  readonly travelBands: readonly { readonly upToKm: number; readonly fen: number }[];
  readonly platformFeeRateBp: number;
  readonly expertFeeRateBp: number;
  readonly note: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly scope: Scope;
}

export const feeSchedulesProjection = projection<FeeScheduleEvent, FeeScheduleRow>(FEE_SCHEDULES_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_region_status', key: { regionCode: 1, status: 1, effectiveFrom: -1 } },
    { name: 'by_created', key: { createdAt: -1, _id: 1 } },
  ],
  on: {
    FeeScheduleDrafted: (e) =>
      row<FeeScheduleRow>(e.data.scheduleId, () => {
        const d = e.data;
        return {
          _id: d.scheduleId,
          scheduleId: d.scheduleId,
          status: 'draft',
          operatorNodeId: d.operatorNodeId,
          regionCode: d.regionCode,
          effectiveFrom: d.effectiveFrom,
          labourRates: d.labourRates,
          travelBands: d.travelBands,
          platformFeeRateBp: d.platformFeeRateBp,
          expertFeeRateBp: d.expertFeeRateBp,
          note: d.note,
          createdBy: d.by,
          createdAt: d.at,
          publishedAt: null,
          scope: { tenants: [], regions: [...d.jurisdiction] },
        };
      }),
    FeeSchedulePublished: (e) => row<FeeScheduleRow>(e.data.scheduleId, (r) => r && { ...r, status: 'published', publishedAt: e.data.at }),
  },
});

// ---- settlements: the settlement's own state, folded by its decider ------------------------------------

export interface SettlementRow extends Row, Omit<Settlement, 'posted'> {
  readonly _id: string;
  readonly totalFen: number;
  readonly updatedAt: string;
  readonly scope: Scope;
}

const scopeOfSettlement = (s: Pick<Settlement, 'parties' | 'jurisdiction'>): Scope => ({
  tenants: unique([s.parties.equipmentUserId, s.parties.manufacturerId, s.parties.providerId]),
  regions: [...s.jurisdiction],
});

const foldRow = (current: SettlementRow | null, e: RecordedEvent<SettlementEvent>): SettlementRow | null => {
  const before = current ? ({ ...current, posted: [] } as unknown as Settlement) : settlement.initialState();
  if (!current && e.type !== 'SettlementCreated') return null;
  const next = settlement.evolve(before, { type: e.type, data: e.data } as SettlementEvent);
  if (next.status === 'none') return null;
  // The journal lives in ledger_lines; the row keeps what the console shows.
  const { posted: _posted, ...shown } = next;
  const totalFen = shown.lines.filter((l) => l.payer !== 'provider').reduce((s, l) => s + l.amountFen, 0);
  return { ...shown, _id: shown.settlementId, totalFen, updatedAt: e.data.at, scope: scopeOfSettlement(shown) };
};

const settlementChange = (e: RecordedEvent<SettlementEvent>) => row<SettlementRow>(idOf(e), (r) => foldRow(r, e));

export const settlementsProjection = projection<SettlementEvent, SettlementRow>(SETTLEMENTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_status_created', key: { status: 1, createdAt: -1 } },
    { name: 'by_work_order', key: { workOrderId: 1 } },
    { name: 'by_created', key: { createdAt: -1, _id: 1 } },
  ],
  on: {
    SettlementCreated: settlementChange,
    SettlementDisputeRaised: settlementChange,
    SettlementDisputeAnswered: settlementChange,
    SettlementDisputeArbitrated: settlementChange,
    SettlementConfirmed: settlementChange,
    SettlementPaymentRecorded: settlementChange,
    SettlementInvoiced: settlementChange,
    SettlementClosed: settlementChange,
    SettlementCancelled: settlementChange,
  },
});

// ---- ledger_lines: every journal line, posted by settlements or through PostJournalEntry -----------------

export interface LedgerLineRow extends Row {
  /** `<entryId>#<index>` */
  readonly _id: string;
  readonly entryId: string;
  readonly index: number;
  readonly account: string;
  readonly kind: string;
  readonly partyId: string;
  readonly debitFen: number;
  readonly creditFen: number;
  readonly reason: string;
  readonly source: { readonly kind: string; readonly id: string };
  readonly at: string;
  readonly scope: Scope;
}

/** Enterprise accounts are the enterprise's; experts' and the platform's are seen by operators (and by the expert through its own query). */
const ENTERPRISE_KINDS = ['user-payable', 'manufacturer-payable', 'provider-receivable'];

const lineRows = (
  entries: readonly JournalEntry[],
  at: string,
  regions: readonly string[],
  extraTenants: readonly string[] = [],
): Change<LedgerLineRow>[] =>
  entries.flatMap((entry) =>
    entry.lines.map((line, index) => {
      const parsed = parseAccount(line.account) ?? { kind: 'unknown', partyId: line.account };
      const id = `${entry.entryId}#${index}`;
      return row<LedgerLineRow>(id, () => ({
        _id: id,
        entryId: entry.entryId,
        index,
        account: line.account,
        kind: parsed.kind,
        partyId: parsed.partyId,
        debitFen: line.debitFen,
        creditFen: line.creditFen,
        reason: entry.reason,
        source: entry.source,
        at,
        scope: {
          tenants: unique([ENTERPRISE_KINDS.includes(parsed.kind) ? parsed.partyId : null, ...extraTenants]),
          regions: [...regions],
        },
      }));
    }),
  );

/** The settlement's jurisdiction travels in the metadata of each of its events (AggregateStreams writes it). */
const regionsOf = (e: RecordedEvent): readonly string[] => e.metadata.jurisdiction ?? [];

export const ledgerLinesProjection = projection<SettlementEvent | JournalEvent, LedgerLineRow>(LEDGER_LINES_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_party_at', key: { partyId: 1, at: 1, _id: 1 } },
    { name: 'by_account_at', key: { account: 1, at: 1 } },
    { name: 'by_entry', key: { entryId: 1 } },
  ],
  on: {
    SettlementConfirmed: (e) => lineRows(e.data.journal, e.data.at, regionsOf(e)),
    SettlementPaymentRecorded: (e) => lineRows(e.data.journal, e.data.at, regionsOf(e)),
    SettlementCancelled: (e) => lineRows(e.data.journal, e.data.at, regionsOf(e)),
    JournalEntryPosted: (e) => lineRows([e.data], e.data.at, e.data.regions, e.data.tenantIds),
  },
});

// ---- settlement_part_issues: parts delivered to a work order, at the value they left stock ---------------

export interface SettlementPartIssueRow extends Row {
  readonly _id: string;
  readonly workOrderId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly quantity: number;
  readonly unitCostFen: number;
  readonly valueFen: number;
  readonly at: string;
  readonly scope: Scope;
}

const STOCK_PREFIX = 'Stock-';

export const settlementPartIssuesProjection = projection<StockEvent, SettlementPartIssueRow>(SETTLEMENT_PART_ISSUES_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_work_order', key: { workOrderId: 1, at: 1 } }],
  on: {
    StockIssueDelivered: (e) => {
      const r = e.data.recipient;
      if (r.kind !== 'work-order' || !e.streamId.startsWith(STOCK_PREFIX)) return null;
      const [warehouseId = '', partId = ''] = e.streamId.slice(STOCK_PREFIX.length).split(':');
      return row<SettlementPartIssueRow>(e.data.issueId, () => ({
        _id: e.data.issueId,
        workOrderId: r.workOrderId,
        warehouseId,
        partId,
        quantity: e.data.quantity,
        unitCostFen: e.data.unitCostFen,
        valueFen: e.data.valueFen,
        at: e.data.at,
        scope: { tenants: [...e.metadata.tenantIds], regions: [...(e.metadata.jurisdiction ?? [])] },
      }));
    },
  },
});

// ---- settlement_windows: reported orders whose evaluation window is open ----------------------------------

export interface SettlementWindowRow extends Row {
  readonly _id: string;
  readonly reportedAt: string;
}

const WORK_ORDER_PREFIX = workOrderStream('');
const orderIdOf = (e: RecordedEvent) => (e.streamId.startsWith(WORK_ORDER_PREFIX) ? e.streamId.slice(WORK_ORDER_PREFIX.length) : null);
const closeWindow = (id: string | null) => (id === null ? null : row<SettlementWindowRow>(id, () => null));

export const settlementWindowsProjection = projection<WorkOrderEvent | SettlementEvent, SettlementWindowRow>(
  SETTLEMENT_WINDOWS_COLLECTION,
  {
    version: 1,
    indexes: [{ name: 'by_reported', key: { reportedAt: 1, _id: 1 } }],
    on: {
      ReceiptReported: (e) => {
        const id = orderIdOf(e);
        return id === null ? null : row<SettlementWindowRow>(id, () => ({ _id: id, reportedAt: e.data.at }));
      },
      WorkOrderReopened: (e) => closeWindow(orderIdOf(e)),
      WorkOrderCancelled: (e) => closeWindow(orderIdOf(e)),
      SettlementCreated: (e) => closeWindow(e.data.workOrderId),
    },
  },
);

export const SETTLEMENTS_PROJECTIONS: readonly Projection[] = [
  feeSchedulesProjection,
  settlementsProjection,
  ledgerLinesProjection,
  settlementPartIssuesProjection,
  settlementWindowsProjection,
];
