import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { ExpertPayoutCommand } from './expert-payout.commands';
import type { ExpertPayoutEvent, WithdrawalStatus } from './expert-payout.events';
import { ExpertPayoutRuleViolation, MAX_WITHDRAWAL_FEN } from './withdrawal-rules';

export const expertPayoutStream = (expertId: string): string => `ExpertPayout-${expertId}`;

// ---- State ---------------------------------------------------------------------------------------

export interface Withdrawal {
  readonly amountFen: number;
  readonly status: WithdrawalStatus;
  readonly month: string;
}

export interface ExpertPayoutState {
  readonly expertId: string | null;
  readonly creditedHelps: readonly string[];
  readonly earnedFen: number;
  readonly withdrawals: Readonly<Record<string, Withdrawal>>;
}

/** What is held by withdrawals that were not rejected: requested and approved ones are reserved, paid ones gone. */
export const withdrawnFen = (state: ExpertPayoutState): number =>
  Object.values(state.withdrawals).reduce((sum, w) => (w.status === 'rejected' ? sum : sum + w.amountFen), 0);

export const availableFen = (state: ExpertPayoutState): number => state.earnedFen - withdrawnFen(state);

/** The calendar month of an instant in China time (UTC+8, no daylight saving): '2026-12'. */
export const withdrawalMonthOf = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * The platform's share of a help fee, in fen: gross × rate / 10,000, rounded half up on integers
 * (never a float), so gross = fee + net exactly.
 */
export const platformFeeOf = (grossFen: number, rateBp: number | null): number => (rateBp === null ? 0 : Math.floor((grossFen * rateBp + 5_000) / 10_000));

// ---- Logic ---------------------------------------------------------------------------------------

const withdrawal = (state: ExpertPayoutState, withdrawalId: string, command: string): Withdrawal => {
  const found = state.withdrawals[withdrawalId];
  if (!found) throw new IllegalTransition('none', command);
  return found;
};

const decide = (command: ExpertPayoutCommand, state: ExpertPayoutState): ExpertPayoutEvent[] => {
  switch (command.type) {
    case 'CreditExpertEarning': {
      const c = command.data;
      // The reaction may hand the same closing over again after a restart: credited once.
      if (state.creditedHelps.includes(c.helpId)) return [];
      if (!Number.isInteger(c.grossFen) || c.grossFen < 0) throw new ExpertPayoutRuleViolation('fen', 'grossFen', 'a help fee is a whole number of fen');
      if (c.platformFeeRateBp !== null && (!Number.isInteger(c.platformFeeRateBp) || c.platformFeeRateBp < 0 || c.platformFeeRateBp > 10_000))
        throw new ExpertPayoutRuleViolation('basis-points', 'platformFeeRateBp', 'a fee rate is a whole number of basis points from 0 to 10,000');
      const platformFeeFen = platformFeeOf(c.grossFen, c.platformFeeRateBp);
      return [{ type: 'ExpertEarningCredited', data: { ...c, platformFeeFen, netFen: c.grossFen - platformFeeFen } }];
    }
    case 'RequestExpertWithdrawal': {
      const c = command.data;
      if (c.by !== c.expertId) throw new ExpertPayoutRuleViolation('not-your-account', 'expertId', 'experts withdraw from their own account');
      const earlier = state.withdrawals[c.withdrawalId];
      if (earlier) {
        if (earlier.amountFen === c.amountFen) return [];
        throw new ExpertPayoutRuleViolation('duplicate-withdrawal', 'withdrawalId', 'this withdrawal was requested with another amount');
      }
      if (!Number.isInteger(c.amountFen) || c.amountFen < 1 || c.amountFen > MAX_WITHDRAWAL_FEN)
        throw new ExpertPayoutRuleViolation('fen', 'amountFen', `the amount is a whole number of fen from 1 to ${MAX_WITHDRAWAL_FEN}`);
      if (c.amountFen < c.rules.minimumFen) throw new ExpertPayoutRuleViolation('minimum', 'amountFen', `a withdrawal is at least ${c.rules.minimumFen} fen`);
      const available = availableFen(state);
      if (c.amountFen > available) throw new ExpertPayoutRuleViolation('insufficient-balance', 'amountFen', `only ${available} fen are available`);
      const month = withdrawalMonthOf(c.at);
      const thisMonth = Object.values(state.withdrawals).reduce((sum, w) => (w.month === month && w.status !== 'rejected' ? sum + w.amountFen : sum), 0);
      if (c.rules.monthlyMaximumFen !== null && thisMonth + c.amountFen > c.rules.monthlyMaximumFen)
        throw new ExpertPayoutRuleViolation('monthly-maximum', 'amountFen', `at most ${c.rules.monthlyMaximumFen} fen a month; ${thisMonth} fen are already asked for in ${month}`);
      return [{ type: 'ExpertWithdrawalRequested', data: { expertId: c.expertId, withdrawalId: c.withdrawalId, amountFen: c.amountFen, payee: c.payee, month, at: c.at } }];
    }
    case 'ApproveExpertWithdrawal': {
      const w = withdrawal(state, command.data.withdrawalId, command.type);
      // Approving again (a retry after the payout failed or crashed) decides nothing and lets it pay.
      if (w.status === 'approved' || w.status === 'paid') return [];
      if (w.status !== 'requested') throw new IllegalTransition(w.status, command.type);
      return [{ type: 'ExpertWithdrawalApproved', data: { expertId: state.expertId ?? '', withdrawalId: command.data.withdrawalId, amountFen: w.amountFen, byNodeId: command.data.byNodeId, byUserId: command.data.byUserId, at: command.data.at } }];
    }
    case 'RejectExpertWithdrawal': {
      const w = withdrawal(state, command.data.withdrawalId, command.type);
      if (w.status !== 'requested') throw new IllegalTransition(w.status, command.type);
      const reason = command.data.reason.trim();
      if (reason === '') throw new ExpertPayoutRuleViolation('required', 'reason', 'say why the withdrawal is rejected');
      return [{ type: 'ExpertWithdrawalRejected', data: { expertId: state.expertId ?? '', withdrawalId: command.data.withdrawalId, amountFen: w.amountFen, byNodeId: command.data.byNodeId, byUserId: command.data.byUserId, reason, at: command.data.at } }];
    }
    case 'RecordExpertPayout': {
      const w = withdrawal(state, command.data.withdrawalId, command.type);
      if (w.status === 'paid') return [];
      if (w.status !== 'approved') throw new IllegalTransition(w.status, command.type);
      return [{ type: 'ExpertWithdrawalPaid', data: { expertId: state.expertId ?? '', withdrawalId: command.data.withdrawalId, amountFen: w.amountFen, paymentReference: command.data.paymentReference, at: command.data.at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const setStatus = (state: ExpertPayoutState, withdrawalId: string, status: WithdrawalStatus): ExpertPayoutState => {
  const w = state.withdrawals[withdrawalId];
  return w ? { ...state, withdrawals: { ...state.withdrawals, [withdrawalId]: { ...w, status } } } : state;
};

const evolve = (state: ExpertPayoutState, event: ExpertPayoutEvent): ExpertPayoutState => {
  switch (event.type) {
    case 'ExpertEarningCredited':
      return { ...state, expertId: event.data.expertId, creditedHelps: [...state.creditedHelps, event.data.helpId], earnedFen: state.earnedFen + event.data.netFen };
    case 'ExpertWithdrawalRequested':
      return { ...state, expertId: event.data.expertId, withdrawals: { ...state.withdrawals, [event.data.withdrawalId]: { amountFen: event.data.amountFen, status: 'requested', month: event.data.month } } };
    case 'ExpertWithdrawalApproved':
      return setStatus(state, event.data.withdrawalId, 'approved');
    case 'ExpertWithdrawalRejected':
      return setStatus(state, event.data.withdrawalId, 'rejected');
    case 'ExpertWithdrawalPaid':
      return setStatus(state, event.data.withdrawalId, 'paid');
  }
};

/** An expert's remuneration: earnings per help (net of the platform fee), withdrawals within what is available. */
export const expertPayout: Decider<ExpertPayoutCommand, ExpertPayoutEvent, ExpertPayoutState> = {
  initialState: () => ({ expertId: null, creditedHelps: [], earnedFen: 0, withdrawals: {} }),
  decide,
  evolve,
};
