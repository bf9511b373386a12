import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of an expert's remuneration account (stream `ExpertPayout-<expertId>`) ---------------
// One stream per expert holds the earnings and the withdrawals, so the stream revision keeps what is
// withdrawn within what was earned when requests race. All money is integer fen.

export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'rejected', 'paid'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export const PAYOUT_METHODS = ['bank-transfer', 'alipay', 'wechat-pay'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** Where the money goes. The account number is the backend's ciphertext; the mask is what people see. */
export interface WithdrawalPayee {
  readonly method: PayoutMethod;
  readonly accountName: string;
  readonly accountNumberEncrypted: string;
  readonly accountNumberMasked: string;
}

export type ExpertEarningCredited = DomainEvent<
  'ExpertEarningCredited',
  {
    expertId: string;
    helpId: string;
    workOrderId: string;
    grossFen: number;
    /** null: no fee schedule in force named a platform fee, so the expert earns the gross fee. */
    platformFeeRateBp: number | null;
    platformFeeFen: number;
    netFen: number;
    at: string;
  }
>;
export type ExpertWithdrawalRequested = DomainEvent<'ExpertWithdrawalRequested', { expertId: string; withdrawalId: string; amountFen: number; payee: WithdrawalPayee; month: string; at: string }>;
export type ExpertWithdrawalApproved = DomainEvent<'ExpertWithdrawalApproved', { expertId: string; withdrawalId: string; amountFen: number; byNodeId: string; byUserId: string; at: string }>;
export type ExpertWithdrawalRejected = DomainEvent<'ExpertWithdrawalRejected', { expertId: string; withdrawalId: string; amountFen: number; byNodeId: string; byUserId: string; reason: string; at: string }>;
export type ExpertWithdrawalPaid = DomainEvent<'ExpertWithdrawalPaid', { expertId: string; withdrawalId: string; amountFen: number; paymentReference: string; at: string }>;

export type ExpertPayoutEvent = ExpertEarningCredited | ExpertWithdrawalRequested | ExpertWithdrawalApproved | ExpertWithdrawalRejected | ExpertWithdrawalPaid;
