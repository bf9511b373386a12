import type { Command, Decider } from '../event-sourcing/decider';
import { RuleViolation } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- Withdrawal rules: operator strategy (stream `ExpertWithdrawalRules-<divisionCode>`) -----------
// An operator node sets the rules for experts in its jurisdiction; the nearest node above an expert's
// county that set rules decides. Where none did, DEFAULT_WITHDRAWAL_RULES apply.

export const withdrawalRulesStream = (divisionCode: string): string => `ExpertWithdrawalRules-${divisionCode}`;

export type WithdrawalRules = {
  /** The smallest amount one withdrawal may ask for, in fen. */
  readonly minimumFen: number;
  /** The most an expert may withdraw in one calendar month (China time), in fen; null: no limit. */
  readonly monthlyMaximumFen: number | null;
};

export const DEFAULT_WITHDRAWAL_RULES: WithdrawalRules = { minimumFen: 100, monthlyMaximumFen: null };
/** One withdrawal or month never exceeds a million yuan: beyond that it is a typo, not a strategy. */
export const MAX_WITHDRAWAL_FEN = 100_000_000;

export class ExpertPayoutRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'ExpertPayoutRuleViolation';
  }
}

/** Rules about how things stand now (answered 409); the others are about the input (422). */
export const EXPERT_PAYOUT_CONFLICT_RULES: readonly string[] = ['insufficient-balance', 'monthly-maximum', 'duplicate-withdrawal'];

export type WithdrawalRulesSet = DomainEvent<'WithdrawalRulesSet', WithdrawalRules & { divisionCode: string; byNodeId: string; byUserId: string; at: string }>;
export type WithdrawalRulesEvent = WithdrawalRulesSet;
export type SetWithdrawalRules = Command<'SetWithdrawalRules', WithdrawalRules & { divisionCode: string; byNodeId: string; byUserId: string; at: string }>;
export type WithdrawalRulesState = { readonly status: 'none' } | (WithdrawalRules & { readonly status: 'set' });

const fen = (value: number, field: string, allowZero: boolean): number => {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > MAX_WITHDRAWAL_FEN)
    throw new ExpertPayoutRuleViolation('fen', field, `${field} is a whole number of fen from ${allowZero ? 0 : 1} to ${MAX_WITHDRAWAL_FEN}`);
  return value;
};

export const withdrawalRules: Decider<SetWithdrawalRules, WithdrawalRulesEvent, WithdrawalRulesState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    const c = command.data;
    const minimumFen = fen(c.minimumFen, 'minimumFen', false);
    const monthlyMaximumFen = c.monthlyMaximumFen === null ? null : fen(c.monthlyMaximumFen, 'monthlyMaximumFen', false);
    if (monthlyMaximumFen !== null && monthlyMaximumFen < minimumFen)
      throw new ExpertPayoutRuleViolation('at-least-minimum', 'monthlyMaximumFen', 'the monthly maximum must be at least the minimum withdrawal');
    if (state.status === 'set' && state.minimumFen === minimumFen && state.monthlyMaximumFen === monthlyMaximumFen) return [];
    return [{ type: 'WithdrawalRulesSet', data: { divisionCode: c.divisionCode, minimumFen, monthlyMaximumFen, byNodeId: c.byNodeId, byUserId: c.byUserId, at: c.at } }];
  },
  evolve: (_, event) => ({ status: 'set', minimumFen: event.data.minimumFen, monthlyMaximumFen: event.data.monthlyMaximumFen }),
};
