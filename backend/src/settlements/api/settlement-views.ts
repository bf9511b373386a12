import { publicRow } from '@kuaige/projections';
import { stepsFor, type Party, type Settlement } from '@kuaige/domain';
import type { FeeScheduleRow, SettlementRow } from '../read-models/settlements.projections';

// ---- What the API shows of a settlement and a fee schedule ----------------------------------------------

export const SETTLEMENT_VIEW =
  '{ settlementId, workOrderId, workOrderNumber, status, scheduleId, trigger, parties, lines: [{ lineId, kind, description, quantity, unitFen, amountFen, payer, payerId, payee, payeeId, disputeId }], disputes: [{ disputeId, lineId, status, reason, raisedBy, raisedAt, answer, decision }], confirmations: [{ payer, enterpriseId, by, at }], payments: [{ paymentId, payer, enterpriseId, amountFen, method, reference, at }], invoice, cancellation, totals: { byPayer, byPayee, totalFen }, createdAt, updatedAt, yourSteps }';

export const FEE_SCHEDULE_VIEW =
  '{ scheduleId, status, operatorNodeId, regionCode, effectiveFrom, labourRates, travelBands, platformFeeRateBp, expertFeeRateBp, note, createdBy, createdAt, publishedAt }';

const sumBy = (lines: SettlementRow['lines'], key: 'payer' | 'payee'): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const l of lines) out[l[key]] = (out[l[key]] ?? 0) + l.amountFen;
  return out;
};

export const settlementView = (row: SettlementRow, party: Party | null) => {
  const { _id: _, scope: _scope, ...s } = publicRow(row);
  const openDispute = (lineId: string) =>
    s.disputes.find((d) => d.lineId === lineId && (d.status === 'raised' || d.status === 'answered'))?.disputeId ??
    s.disputes.filter((d) => d.lineId === lineId).at(-1)?.disputeId ??
    null;
  return {
    ...s,
    lines: s.lines.map((l) => ({ ...l, disputeId: openDispute(l.lineId) })),
    totals: { byPayer: sumBy(s.lines, 'payer'), byPayee: sumBy(s.lines, 'payee'), totalFen: row.totalFen },
    yourSteps: party === null ? [] : stepsFor({ ...s, posted: [] } as Settlement, party),
  };
};

export const settlementListItem = (row: SettlementRow) => ({
  settlementId: row.settlementId,
  workOrderId: row.workOrderId,
  workOrderNumber: row.workOrderNumber,
  status: row.status,
  parties: row.parties,
  totalFen: row.totalFen,
  openDisputes: row.disputes.filter((d) => d.status === 'raised' || d.status === 'answered').length,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const feeScheduleView = (row: FeeScheduleRow) => {
  const { _id: _, scope: _scope, ...rest } = publicRow(row);
  return rest;
};
