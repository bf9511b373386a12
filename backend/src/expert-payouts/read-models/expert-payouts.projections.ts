import type { ExpertPayoutEvent, PayoutMethod, WithdrawalRulesEvent, WithdrawalStatus } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of expert payouts ----------------------------------------------------------------
// Scoped to the expert's jurisdiction (the events' metadata): the operators of that region see and
// approve; the expert reads their own rows by expertId. Balances are integer fen, kept per expert.

export const EXPERT_ACCOUNTS_COLLECTION = 'expert_accounts';
export const EXPERT_EARNINGS_COLLECTION = 'expert_earnings';
export const EXPERT_WITHDRAWALS_COLLECTION = 'expert_withdrawals';
export const WITHDRAWAL_RULES_COLLECTION = 'expert_withdrawal_rules';

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };
const scopeOf = (e: RecordedEvent): Scope => ({ tenants: [], regions: [...e.metadata.jurisdiction] });

export interface ExpertAccountRow extends Row {
  readonly _id: string;
  readonly expertId: string;
  /** Net earnings credited. */
  readonly earnedFen: number;
  /** Requested and not yet decided. */
  readonly requestedFen: number;
  /** Approved and not yet paid. */
  readonly approvedFen: number;
  readonly paidFen: number;
  /** earned − requested − approved − paid: what a new withdrawal may ask for. */
  readonly availableFen: number;
  readonly helps: number;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export interface ExpertEarningRow extends Row {
  readonly _id: string;
  readonly expertId: string;
  readonly helpId: string;
  readonly workOrderId: string;
  readonly grossFen: number;
  readonly platformFeeRateBp: number | null;
  readonly platformFeeFen: number;
  readonly netFen: number;
  readonly at: string;
  readonly scope: Scope;
}

export interface ExpertWithdrawalRow extends Row {
  readonly _id: string;
  readonly withdrawalId: string;
  readonly expertId: string;
  readonly amountFen: number;
  readonly status: WithdrawalStatus;
  readonly payee: { readonly method: PayoutMethod; readonly accountName: string; readonly accountNumberMasked: string };
  readonly month: string;
  readonly requestedAt: string;
  readonly decidedBy: { readonly nodeId: string; readonly userId: string } | null;
  readonly decidedAt: string | null;
  readonly reason: string;
  readonly paymentReference: string | null;
  readonly paidAt: string | null;
  readonly scope: Scope;
}

export interface WithdrawalRulesRow extends Row {
  readonly _id: string;
  readonly divisionCode: string;
  readonly minimumFen: number;
  readonly monthlyMaximumFen: number | null;
  readonly setBy: { readonly nodeId: string; readonly userId: string };
  readonly setAt: string;
  readonly scope: Scope;
}

const account = (e: RecordedEvent<ExpertPayoutEvent>, change: (a: ExpertAccountRow) => Partial<ExpertAccountRow>) =>
  row<ExpertAccountRow>(e.data.expertId, (current) => {
    const base: ExpertAccountRow = current ?? {
      _id: e.data.expertId,
      expertId: e.data.expertId,
      earnedFen: 0,
      requestedFen: 0,
      approvedFen: 0,
      paidFen: 0,
      availableFen: 0,
      helps: 0,
      updatedAt: e.data.at,
      scope: scopeOf(e),
    };
    const next = { ...base, ...change(base), updatedAt: e.data.at };
    return { ...next, availableFen: next.earnedFen - next.requestedFen - next.approvedFen - next.paidFen };
  });

/** `expert_accounts`: one balance row per expert. */
export const expertAccountsProjection = projection<ExpertPayoutEvent, ExpertAccountRow>(EXPERT_ACCOUNTS_COLLECTION, {
  version: 1,
  scoped: true,
  on: {
    ExpertEarningCredited: (e) => account(e, (a) => ({ earnedFen: a.earnedFen + e.data.netFen, helps: a.helps + 1 })),
    ExpertWithdrawalRequested: (e) => account(e, (a) => ({ requestedFen: a.requestedFen + e.data.amountFen })),
    ExpertWithdrawalApproved: (e) => account(e, (a) => ({ requestedFen: a.requestedFen - e.data.amountFen, approvedFen: a.approvedFen + e.data.amountFen })),
    ExpertWithdrawalRejected: (e) => account(e, (a) => ({ requestedFen: a.requestedFen - e.data.amountFen })),
    ExpertWithdrawalPaid: (e) => account(e, (a) => ({ approvedFen: a.approvedFen - e.data.amountFen, paidFen: a.paidFen + e.data.amountFen })),
  },
});

/** `expert_earnings`: one row per credited help. */
export const expertEarningsProjection = projection<ExpertPayoutEvent, ExpertEarningRow>(EXPERT_EARNINGS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_expert', key: { expertId: 1, at: -1 } }],
  on: {
    ExpertEarningCredited: (e) => row<ExpertEarningRow>(e.data.helpId, () => ({ _id: e.data.helpId, ...e.data, scope: scopeOf(e) })),
  },
});

const withdrawal = (e: RecordedEvent<ExpertPayoutEvent> & { data: { withdrawalId: string } }, change: (w: ExpertWithdrawalRow) => Partial<ExpertWithdrawalRow>) =>
  row<ExpertWithdrawalRow>(e.data.withdrawalId, (current) => (current ? { ...current, ...change(current) } : null));

/** `expert_withdrawals`: one row per withdrawal, the account number masked. */
export const expertWithdrawalsProjection = projection<ExpertPayoutEvent, ExpertWithdrawalRow>(EXPERT_WITHDRAWALS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_expert', key: { expertId: 1, requestedAt: -1 } },
    { name: 'by_status', key: { status: 1, requestedAt: 1 } },
  ],
  on: {
    ExpertWithdrawalRequested: (e) =>
      row<ExpertWithdrawalRow>(e.data.withdrawalId, () => ({
        _id: e.data.withdrawalId,
        withdrawalId: e.data.withdrawalId,
        expertId: e.data.expertId,
        amountFen: e.data.amountFen,
        status: 'requested',
        payee: { method: e.data.payee.method, accountName: e.data.payee.accountName, accountNumberMasked: e.data.payee.accountNumberMasked },
        month: e.data.month,
        requestedAt: e.data.at,
        decidedBy: null,
        decidedAt: null,
        reason: '',
        paymentReference: null,
        paidAt: null,
        scope: scopeOf(e),
      })),
    ExpertWithdrawalApproved: (e) => withdrawal(e, () => ({ status: 'approved', decidedBy: { nodeId: e.data.byNodeId, userId: e.data.byUserId }, decidedAt: e.data.at })),
    ExpertWithdrawalRejected: (e) => withdrawal(e, () => ({ status: 'rejected', decidedBy: { nodeId: e.data.byNodeId, userId: e.data.byUserId }, decidedAt: e.data.at, reason: e.data.reason })),
    ExpertWithdrawalPaid: (e) => withdrawal(e, () => ({ status: 'paid', paymentReference: e.data.paymentReference, paidAt: e.data.at })),
  },
});

/** `expert_withdrawal_rules`: the rules each operator division set. */
export const withdrawalRulesProjection = projection<WithdrawalRulesEvent, WithdrawalRulesRow>(WITHDRAWAL_RULES_COLLECTION, {
  version: 1,
  scoped: true,
  on: {
    WithdrawalRulesSet: (e) =>
      row<WithdrawalRulesRow>(e.data.divisionCode, () => ({
        _id: e.data.divisionCode,
        divisionCode: e.data.divisionCode,
        minimumFen: e.data.minimumFen,
        monthlyMaximumFen: e.data.monthlyMaximumFen,
        setBy: { nodeId: e.data.byNodeId, userId: e.data.byUserId },
        setAt: e.data.at,
        scope: scopeOf(e),
      })),
  },
});

export const EXPERT_PAYOUTS_PROJECTIONS: readonly Projection[] = [expertAccountsProjection, expertEarningsProjection, expertWithdrawalsProjection, withdrawalRulesProjection];
