import type { Command } from '../event-sourcing/decider';
import type { WithdrawalPayee } from './expert-payout.events';
import type { WithdrawalRules } from './withdrawal-rules';

/** From the durable reaction on `ExpertHelpClosed`; the rate is the fee schedule's, read by the handler. */
export type CreditExpertEarning = Command<'CreditExpertEarning', { expertId: string; helpId: string; workOrderId: string; grossFen: number; platformFeeRateBp: number | null; at: string }>;
/** `rules` are the operator strategy in force for the expert, read by the handler. */
export type RequestExpertWithdrawal = Command<'RequestExpertWithdrawal', { expertId: string; withdrawalId: string; amountFen: number; payee: WithdrawalPayee; rules: WithdrawalRules; by: string; at: string }>;
export type ApproveExpertWithdrawal = Command<'ApproveExpertWithdrawal', { withdrawalId: string; byNodeId: string; byUserId: string; at: string }>;
export type RejectExpertWithdrawal = Command<'RejectExpertWithdrawal', { withdrawalId: string; byNodeId: string; byUserId: string; reason: string; at: string }>;
/** After the payment port accepted the transfer. */
export type RecordExpertPayout = Command<'RecordExpertPayout', { withdrawalId: string; paymentReference: string; at: string }>;

export type ExpertPayoutCommand = CreditExpertEarning | RequestExpertWithdrawal | ApproveExpertWithdrawal | RejectExpertWithdrawal | RecordExpertPayout;
