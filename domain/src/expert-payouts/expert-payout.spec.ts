import { IllegalTransition } from '../event-sourcing/decider';
import { deciderSpec } from '@kuaige/testkit';
import type { RequestExpertWithdrawal } from './expert-payout.commands';
import type { ExpertPayoutEvent } from './expert-payout.events';
import { availableFen, expertPayout, platformFeeOf, withdrawalMonthOf } from './expert-payout';
import { ExpertPayoutRuleViolation, withdrawalRules, type WithdrawalRules } from './withdrawal-rules';

const given = deciderSpec(expertPayout);
const at = '2026-12-01T02:00:00.000Z';
const payee = { method: 'bank-transfer' as const, accountName: '李专家', accountNumberEncrypted: 'enc:v1:spec', accountNumberMasked: '6222 **** 0001' };
const rules: WithdrawalRules = { minimumFen: 1_000, monthlyMaximumFen: 30_000 };
const credited = (helpId: string, netFen: number): ExpertPayoutEvent => ({
  type: 'ExpertEarningCredited',
  data: { expertId: 'ex-1', helpId, workOrderId: 'wo-1', grossFen: netFen, platformFeeRateBp: null, platformFeeFen: 0, netFen, at },
});
const request = (withdrawalId: string, amountFen: number, over: Partial<RequestExpertWithdrawal['data']> = {}): RequestExpertWithdrawal => ({
  type: 'RequestExpertWithdrawal',
  data: { expertId: 'ex-1', withdrawalId, amountFen, payee, rules, by: 'ex-1', at, ...over },
});
const requested = (withdrawalId: string, amountFen: number, when = at): ExpertPayoutEvent => ({
  type: 'ExpertWithdrawalRequested',
  data: { expertId: 'ex-1', withdrawalId, amountFen, payee, month: withdrawalMonthOf(when), at: when },
});
const by = { byNodeId: 'node-cn', byUserId: 'op-1', at };
const rule = (name: string, field?: string) => (e: ExpertPayoutRuleViolation) => {
  expect(e.rule).toBe(name);
  if (field) expect(e.field).toBe(field);
};

describe('expert payouts: earnings (SET-4, EXP-3)', () => {
  it('credits a closed help once, net of the platform fee rounded half up in whole fen', () => {
    given([])
      .when({ type: 'CreditExpertEarning', data: { expertId: 'ex-1', helpId: 'h1', workOrderId: 'wo-1', grossFen: 20_001, platformFeeRateBp: 1_250, at } })
      .then([{ type: 'ExpertEarningCredited', data: { expertId: 'ex-1', helpId: 'h1', workOrderId: 'wo-1', grossFen: 20_001, platformFeeRateBp: 1_250, platformFeeFen: 2_500, netFen: 17_501, at } }]);
    given([credited('h1', 20_000)]).when({ type: 'CreditExpertEarning', data: { expertId: 'ex-1', helpId: 'h1', workOrderId: 'wo-1', grossFen: 20_000, platformFeeRateBp: null, at } }).then([]);
    given([])
      .when({ type: 'CreditExpertEarning', data: { expertId: 'ex-1', helpId: 'h1', workOrderId: 'wo-1', grossFen: 100, platformFeeRateBp: 10_001, at } })
      .thenThrows(ExpertPayoutRuleViolation, rule('basis-points', 'platformFeeRateBp'));
  });

  it('keeps fee plus net equal to the gross for every amount and rate, in integers', () => {
    for (const gross of [0, 1, 3, 99, 12_345, 987_654_321])
      for (const rate of [null, 0, 1, 333, 5_000, 9_999, 10_000]) {
        const fee = platformFeeOf(gross, rate);
        expect(Number.isInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(gross);
      }
    expect(platformFeeOf(1, 5_000)).toBe(1);
    expect(platformFeeOf(1, 4_999)).toBe(0);
  });
});

describe('expert payouts: withdrawals', () => {
  it('takes a withdrawal within the available balance, once per id', () => {
    given([credited('h1', 20_000)]).when(request('w1', 15_000)).then([requested('w1', 15_000)]);
    given([credited('h1', 20_000), requested('w1', 15_000)]).when(request('w1', 15_000)).then([]);
    given([credited('h1', 20_000), requested('w1', 15_000)]).when(request('w1', 5_000)).thenThrows(ExpertPayoutRuleViolation, rule('duplicate-withdrawal'));
  });

  it('refuses more than is available, less than the minimum, more than the monthly maximum, and someone else’s account', () => {
    given([credited('h1', 20_000), requested('w1', 15_000)]).when(request('w2', 5_001)).thenThrows(ExpertPayoutRuleViolation, rule('insufficient-balance', 'amountFen'));
    given([credited('h1', 20_000)]).when(request('w2', 999)).thenThrows(ExpertPayoutRuleViolation, rule('minimum', 'amountFen'));
    given([credited('h1', 50_000), requested('w1', 20_000)]).when(request('w2', 10_001)).thenThrows(ExpertPayoutRuleViolation, rule('monthly-maximum', 'amountFen'));
    given([credited('h1', 50_000), requested('w1', 20_000)]).when(request('w2', 10_000)).then([requested('w2', 10_000)]);
    // Last month's withdrawals do not count towards this month's maximum (months in China time).
    const lastMonth = '2026-11-30T15:59:59.000Z';
    expect(withdrawalMonthOf(lastMonth)).toBe('2026-11');
    expect(withdrawalMonthOf('2026-11-30T16:00:00.000Z')).toBe('2026-12');
    given([credited('h1', 50_000), requested('w1', 30_000, lastMonth)]).when(request('w2', 20_000)).then([requested('w2', 20_000)]);
    given([credited('h1', 20_000)]).when(request('w2', 1_000, { by: 'ex-2' })).thenThrows(ExpertPayoutRuleViolation, rule('not-your-account'));
    given([credited('h1', 20_000)]).when(request('w2', 10.5)).thenThrows(ExpertPayoutRuleViolation, rule('fen', 'amountFen'));
  });

  it('approves, pays once, and frees a rejected amount again', () => {
    const history = [credited('h1', 20_000), requested('w1', 15_000)];
    const approved: ExpertPayoutEvent = { type: 'ExpertWithdrawalApproved', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 15_000, ...by } };
    given(history).when({ type: 'ApproveExpertWithdrawal', data: { withdrawalId: 'w1', ...by } }).then([approved]);
    given([...history, approved]).when({ type: 'ApproveExpertWithdrawal', data: { withdrawalId: 'w1', ...by } }).then([]);
    const paid: ExpertPayoutEvent = { type: 'ExpertWithdrawalPaid', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 15_000, paymentReference: 'dev-w1', at } };
    given([...history, approved]).when({ type: 'RecordExpertPayout', data: { withdrawalId: 'w1', paymentReference: 'dev-w1', at } }).then([paid]);
    given([...history, approved, paid]).when({ type: 'RecordExpertPayout', data: { withdrawalId: 'w1', paymentReference: 'dev-w1', at } }).then([]);
    given(history).when({ type: 'RecordExpertPayout', data: { withdrawalId: 'w1', paymentReference: 'dev-w1', at } }).thenThrows(IllegalTransition);
    given([...history, approved]).when({ type: 'RejectExpertWithdrawal', data: { withdrawalId: 'w1', ...by, reason: '账户有误' } }).thenThrows(IllegalTransition);
    given(history).when({ type: 'ApproveExpertWithdrawal', data: { withdrawalId: 'w9', ...by } }).thenThrows(IllegalTransition);
    given(history).when({ type: 'RejectExpertWithdrawal', data: { withdrawalId: 'w1', ...by, reason: ' ' } }).thenThrows(ExpertPayoutRuleViolation, rule('required', 'reason'));

    const rejected: ExpertPayoutEvent = { type: 'ExpertWithdrawalRejected', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 15_000, ...by, reason: '账户有误' } };
    given(history).when({ type: 'RejectExpertWithdrawal', data: { withdrawalId: 'w1', ...by, reason: ' 账户有误 ' } }).then([rejected]);
    given([...history, rejected]).when(request('w2', 20_000)).then([requested('w2', 20_000)]);
    const state = [...history, approved, paid].reduce(expertPayout.evolve, expertPayout.initialState());
    expect(availableFen(state)).toBe(5_000);
  });
});

describe('withdrawal rules (operator strategy)', () => {
  const set = (minimumFen: number, monthlyMaximumFen: number | null) => ({ type: 'SetWithdrawalRules' as const, data: { divisionCode: '44', minimumFen, monthlyMaximumFen, byNodeId: 'n-44', byUserId: 'op', at } });
  const rulesGiven = deciderSpec(withdrawalRules);
  it('sets whole-fen rules, says nothing for the same rules again, and wants the monthly maximum at least the minimum', () => {
    const setEvent = { type: 'WithdrawalRulesSet' as const, data: set(1_000, 50_000).data };
    rulesGiven([]).when(set(1_000, 50_000)).then([setEvent]);
    rulesGiven([setEvent]).when(set(1_000, 50_000)).then([]);
    rulesGiven([]).when(set(1_000, 999)).thenThrows(ExpertPayoutRuleViolation, rule('at-least-minimum', 'monthlyMaximumFen'));
    rulesGiven([]).when(set(0, null)).thenThrows(ExpertPayoutRuleViolation, rule('fen', 'minimumFen'));
  });
});
