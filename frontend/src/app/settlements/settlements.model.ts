// ---- What the console shows of settlements, the ledger, fee schedules, expert payouts and evaluations ---
// Money is integer fen everywhere; it is worded as yuan only when shown, and typed yuan is turned back
// into fen by string arithmetic (never a float multiplication).

export const SETTLEMENT_STATUSES = ['draft', 'confirmed', 'paid', 'invoiced', 'closed', 'cancelled'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];
export const PAYMENT_METHODS = ['bank-transfer', 'wechat-pay', 'alipay', 'offline'] as const;
export const PAYOUT_METHODS = ['bank-transfer', 'alipay', 'wechat-pay'] as const;
export const SKILL_LEVELS = ['junior', 'intermediate', 'senior', 'expert'] as const;

export interface SettlementListItem {
  readonly settlementId: string;
  readonly workOrderId: string;
  readonly workOrderNumber: string;
  readonly status: SettlementStatus;
  readonly totalFen: number;
  readonly openDisputes: number;
  readonly createdAt: string;
}

export interface SettlementLine {
  readonly lineId: string;
  readonly kind: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitFen: number;
  readonly amountFen: number;
  readonly payer: string;
  readonly payerId: string;
  readonly payee: string;
  readonly payeeId: string;
  readonly disputeId: string | null;
}

export interface SettlementDispute {
  readonly disputeId: string;
  readonly lineId: string;
  readonly status: string;
  readonly reason: string;
  readonly raisedAt: string;
  readonly answer: string | null;
  /** Set by the arbitration; the dispute's status says upheld or dismissed. */
  readonly decision: { readonly adjustedAmountFen: number | null; readonly note: string } | null;
}

export interface Settlement extends SettlementListItem {
  readonly scheduleId: string | null;
  readonly lines: readonly SettlementLine[];
  readonly disputes: readonly SettlementDispute[];
  readonly confirmations: readonly { readonly payer: string; readonly enterpriseId: string; readonly at: string }[];
  readonly payments: readonly { readonly paymentId: string; readonly payer: string; readonly amountFen: number; readonly method: string; readonly reference: string; readonly at: string }[];
  readonly invoice: { readonly title: string; readonly taxNumber: string } | null;
  readonly totals: { readonly byPayer: Record<string, number>; readonly byPayee: Record<string, number>; readonly totalFen: number };
  readonly yourSteps: readonly string[];
}

export interface LedgerAccount {
  readonly account: string;
  readonly kind: string;
  readonly partyId: string;
  readonly debitFen: number;
  readonly creditFen: number;
  readonly balanceFen: number;
}

export interface Statement {
  readonly from: string | null;
  readonly to: string | null;
  readonly accounts: readonly { readonly account: string; readonly kind: string; readonly openingFen: number; readonly debitFen: number; readonly creditFen: number; readonly closingFen: number }[];
  readonly entries: readonly { readonly entryId: string; readonly at: string; readonly account: string; readonly debitFen: number; readonly creditFen: number; readonly reason: string }[];
}

export interface FeeSchedule {
  readonly scheduleId: string;
  readonly status: 'draft' | 'published';
  readonly regionCode: string;
  readonly effectiveFrom: string;
  readonly labourRates: readonly { readonly skillLevel: string; readonly hourlyFen: number }[];
  readonly travelBands: readonly { readonly upToKm: number; readonly fen: number }[];
  readonly platformFeeRateBp: number;
  readonly expertFeeRateBp: number;
  readonly note: string;
  readonly publishedAt: string | null;
}

export interface FeeScheduleDraft {
  readonly operatorNodeId: string;
  readonly effectiveFrom: string;
  readonly labourRates: readonly { readonly skillLevel: string; readonly hourlyFen: number }[];
  readonly travelBands: readonly { readonly upToKm: number; readonly fen: number }[];
  readonly platformFeeRateBp: number;
  readonly expertFeeRateBp: number;
  readonly note: string;
}

export interface WithdrawalRules {
  readonly divisionCode: string | null;
  readonly minimumFen: number;
  readonly monthlyMaximumFen: number | null;
}

export interface ExpertAccount {
  readonly earnedFen: number;
  readonly requestedFen: number;
  readonly approvedFen: number;
  readonly paidFen: number;
  readonly availableFen: number;
  readonly helps: number;
  readonly rules: WithdrawalRules;
}

export interface ExpertEarning {
  readonly helpId: string;
  readonly workOrderId: string;
  readonly grossFen: number;
  readonly platformFeeFen: number;
  readonly netFen: number;
  readonly at: string;
}

export interface Withdrawal {
  readonly withdrawalId: string;
  readonly expertId: string;
  readonly amountFen: number;
  readonly status: 'requested' | 'approved' | 'rejected' | 'paid';
  readonly payee: { readonly method: string; readonly accountName: string; readonly accountNumberMasked: string };
  readonly requestedAt: string;
  readonly reason: string;
  readonly paymentReference: string | null;
}

export interface ReportFigures {
  readonly evaluations: number;
  readonly satisfaction: number | null;
  readonly quality: number | null;
  readonly efficiency: number | null;
  readonly distribution: readonly number[];
  readonly returnVisits: number;
  readonly returnVisitSatisfaction: number | null;
}

export interface EvaluationReport {
  readonly groupBy: 'provider' | 'engineer' | 'region';
  readonly overall: ReportFigures;
  readonly groups: readonly (ReportFigures & { readonly key: string; readonly name: string })[];
  readonly recentComments: readonly { readonly workOrderId: string; readonly number: string; readonly by: string; readonly satisfaction: number; readonly opinion: string; readonly at: string }[];
}

/** 123456 fen → '¥1,234.56'. */
export const yuan = (fen: number | null | undefined): string => {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.trunc(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
};

/** '12.5' yuan → 1250 fen; null when it is not an amount with at most two decimals. */
export const fenOf = (text: string | number | null | undefined): number | null => {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};

/** 1250 basis points → '12.5%'. */
export const percentOf = (bp: number): string => `${bp / 100}%`;

/** '5%' or '12.5' typed as a percentage → basis points; null beyond two decimals or 100 %. */
export const basisPointsOf = (text: string | number | null | undefined): number | null => {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
};

/** Each bar's share of the largest, for the distribution of scores (0 … 100). */
export const barWidths = (counts: readonly number[]): number[] => {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max === 0 ? 0 : Math.round((c / max) * 100)));
};
