import { expertPayoutStream, type ExpertPayoutEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { expertAccountsProjection, expertWithdrawalsProjection } from './expert-payouts.projections';

const regions = ['440305', '4403', '44', 'CN'];
const at = '2026-12-01T02:00:00.000Z';
const payee = { method: 'alipay' as const, accountName: '何专家', accountNumberEncrypted: 'enc:v1:spec', accountNumberMasked: '**** 0001' };
const by = { byNodeId: 'n-4403', byUserId: 'op-1', at };

const history = () => {
  const log = eventLog<ExpertPayoutEvent>({ jurisdiction: regions });
  const stream = expertPayoutStream('ex-1');
  const e = (event: ExpertPayoutEvent) => log.record(stream, event);
  return [
    e({ type: 'ExpertEarningCredited', data: { expertId: 'ex-1', helpId: 'h1', workOrderId: 'wo-1', grossFen: 20_000, platformFeeRateBp: null, platformFeeFen: 0, netFen: 20_000, at } }),
    e({ type: 'ExpertEarningCredited', data: { expertId: 'ex-1', helpId: 'h2', workOrderId: 'wo-2', grossFen: 10_001, platformFeeRateBp: 1_000, platformFeeFen: 1_000, netFen: 9_001, at } }),
    e({ type: 'ExpertWithdrawalRequested', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 12_000, payee, month: '2026-12', at } }),
    e({ type: 'ExpertWithdrawalRequested', data: { expertId: 'ex-1', withdrawalId: 'w2', amountFen: 5_000, payee, month: '2026-12', at } }),
    e({ type: 'ExpertWithdrawalApproved', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 12_000, ...by } }),
    e({ type: 'ExpertWithdrawalPaid', data: { expertId: 'ex-1', withdrawalId: 'w1', amountFen: 12_000, paymentReference: 'dev-w1', at } }),
    e({ type: 'ExpertWithdrawalRejected', data: { expertId: 'ex-1', withdrawalId: 'w2', amountFen: 5_000, ...by, reason: '账户有误' } }),
  ];
};

describe('expert payout read models', () => {
  it('expert_accounts: earned net, paid and available fen in the expert’s jurisdiction; a rejected amount is available again', async () => {
    await projectionSpec(expertAccountsProjection)
      .given(history())
      .then([{ _id: 'ex-1', expertId: 'ex-1', earnedFen: 29_001, requestedFen: 0, approvedFen: 0, paidFen: 12_000, availableFen: 17_001, helps: 2, updatedAt: at, scope: { tenants: [], regions } }]);
    await projectionSpec(expertAccountsProjection).given(history().slice(0, 4)).thenRow('ex-1', expect.objectContaining({ requestedFen: 17_000, availableFen: 12_001 }));
  });

  it('expert_withdrawals: one row per withdrawal with the masked account, the decision and the payment reference', async () => {
    await projectionSpec(expertWithdrawalsProjection)
      .given(history())
      .then([
        expect.objectContaining({ _id: 'w1', status: 'paid', paymentReference: 'dev-w1', decidedBy: { nodeId: 'n-4403', userId: 'op-1' }, payee: { method: 'alipay', accountName: '何专家', accountNumberMasked: '**** 0001' } }),
        expect.objectContaining({ _id: 'w2', status: 'rejected', reason: '账户有误', paymentReference: null, scope: { tenants: [], regions } }),
      ]);
  });
});
