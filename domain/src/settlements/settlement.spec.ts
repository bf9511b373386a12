import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import { balancedEntry, journal, type JournalEntry } from './journal';
import { settlement, stepsFor, type CreateSettlement, type Settlement, type SettlementCommand, type SettlementEvent } from './settlement';
import type { SettlementLine } from './settlement-lines';
import { SettlementNotYourRole, SettlementRuleViolation } from './settlement-rules';

const at = '2026-12-01T08:00:00.000Z';
const user = { kind: 'enterprise', enterpriseId: 'user-co', userId: 'u1' } as const;
const maker = { kind: 'enterprise', enterpriseId: 'maker-co', userId: 'm1' } as const;
const provider = { kind: 'enterprise', enterpriseId: 'prov-co', userId: 'p1' } as const;
const operator = { kind: 'operator', nodeId: 'n1', regionCode: '4403', userId: 'op1' } as const;
const violates = (rule: string, field: string) => (e: SettlementRuleViolation) =>
  expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });

const line = (
  lineId: string,
  kind: SettlementLine['kind'],
  amountFen: number,
  payer: SettlementLine['payer'],
  payee: SettlementLine['payee'] = 'provider',
): SettlementLine => ({
  lineId,
  kind,
  description: lineId,
  quantity: 1,
  unitFen: amountFen,
  amountFen,
  payer,
  payerId: payer === 'equipment-user' ? 'user-co' : payer === 'manufacturer' ? 'maker-co' : 'prov-co',
  payee,
  payeeId: payee === 'provider' ? 'prov-co' : payee === 'expert' ? 'expert-1' : 'platform',
});
const lines = [
  line('labour', 'labour', 30_000, 'manufacturer'),
  line('travel', 'travel', 5_000, 'equipment-user'),
  line('expert:h1', 'expert', 20_000, 'equipment-user', 'expert'),
  line('platform-fee', 'platform-fee', 1_750, 'provider', 'platform'),
];
const createData: CreateSettlement['data'] = {
  settlementId: 's1',
  workOrderId: 'wo1',
  workOrderNumber: 'WO-1',
  scheduleId: 'fs1',
  rates: { platformFeeRateBp: 500, expertFeeRateBp: 0 },
  parties: { equipmentUserId: 'user-co', manufacturerId: 'maker-co', providerId: 'prov-co' },
  jurisdiction: ['440305', '4403', '44', 'CN'],
  lines,
  trigger: 'evaluated',
  at,
};
const created: SettlementEvent = { type: 'SettlementCreated', data: createData };
const cmd = (
  type: Exclude<SettlementCommand['type'], 'CreateSettlement'>,
  by: SettlementCommand['data'] extends never ? never : object,
  data: Record<string, unknown> = {},
) => ({ type, data: { by, at, ...data } }) as SettlementCommand;
const fold = (events: readonly SettlementEvent[]) => events.reduce(settlement.evolve, settlement.initialState()) as Settlement;
const run = (events: SettlementEvent[], command: SettlementCommand) => [...events, ...settlement.decide(command, fold(events))];

/** Sum of debit − credit per account over the entries. */
const balances = (entries: readonly JournalEntry[]) => {
  const out: Record<string, number> = {};
  for (const e of entries) for (const l of e.lines) out[l.account] = (out[l.account] ?? 0) + l.debitFen - l.creditFen;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0));
};

describe('Settlement', () => {
  const given = deciderSpec(settlement);

  it('is created once per work order: a second creation decides nothing', () => {
    given([]).when({ type: 'CreateSettlement', data: createData }).then([created]);
    given([created])
      .when({ type: 'CreateSettlement', data: { ...createData, trigger: 'evaluation-window-expired' } })
      .then([]);
    given([])
      .when({ type: 'CreateSettlement', data: { ...createData, lines: [{ ...lines[0]!, amountFen: 1.5 }] } })
      .thenThrows(SettlementRuleViolation, violates('fen', 'lines[0].amountFen'));
  });

  it('takes disputes from the party a line is charged to; the provider answers; the jurisdiction’s operator arbitrates and the platform fee follows', () => {
    const raise = cmd('RaiseSettlementDispute', maker, { disputeId: 'd1', lineId: 'labour', reason: ' 工时偏多 ' });
    const raised: SettlementEvent = {
      type: 'SettlementDisputeRaised',
      data: { disputeId: 'd1', lineId: 'labour', enterpriseId: 'maker-co', reason: '工时偏多', by: 'm1', at },
    };
    given([created]).when(raise).then([raised]);
    given([created])
      .when(cmd('RaiseSettlementDispute', user, { disputeId: 'd1', lineId: 'labour', reason: 'x' }))
      .thenThrows(SettlementNotYourRole);
    given([created])
      .when(cmd('RaiseSettlementDispute', provider, { disputeId: 'd1', lineId: 'platform-fee', reason: 'x' }))
      .thenThrows(SettlementNotYourRole);
    given([created])
      .when(cmd('RaiseSettlementDispute', maker, { disputeId: 'd1', lineId: 'nope', reason: 'x' }))
      .thenThrows(SettlementRuleViolation, violates('exists', 'lineId'));
    given([created, raised])
      .when(cmd('RaiseSettlementDispute', maker, { disputeId: 'd2', lineId: 'labour', reason: 'x' }))
      .thenThrows(SettlementRuleViolation, violates('line-disputed', 'lineId'));
    given([created, raised]).when(raise).then([]);
    given([created, raised]).when(cmd('ConfirmSettlement', user)).thenThrows(SettlementRuleViolation, violates('dispute-open', 'disputes'));

    const answered: SettlementEvent = { type: 'SettlementDisputeAnswered', data: { disputeId: 'd1', answer: '有记录为证', by: 'p1', at } };
    given([created, raised])
      .when(cmd('AnswerSettlementDispute', provider, { disputeId: 'd1', answer: '有记录为证' }))
      .then([answered]);
    given([created, raised])
      .when(cmd('AnswerSettlementDispute', user, { disputeId: 'd1', answer: 'x' }))
      .thenThrows(SettlementNotYourRole);
    given([created, raised, answered])
      .when(cmd('AnswerSettlementDispute', provider, { disputeId: 'd1', answer: 'x' }))
      .thenThrows(SettlementRuleViolation, violates('dispute-closed', 'disputeId'));

    given([created, raised, answered])
      .when(
        cmd('ArbitrateSettlementDispute', operator, {
          disputeId: 'd1',
          decision: 'upheld',
          adjustedAmountFen: 20_000,
          note: '按 1 小时计',
        }),
      )
      .then([
        {
          type: 'SettlementDisputeArbitrated',
          data: {
            disputeId: 'd1',
            lineId: 'labour',
            decision: 'upheld',
            adjustedAmountFen: 20_000,
            note: '按 1 小时计',
            adjustedLines: [
              { lineId: 'labour', amountFen: 20_000 },
              { lineId: 'platform-fee', amountFen: 1_250 },
            ],
            by: 'op1',
            at,
          },
        },
      ]);
    given([created, raised])
      .when(cmd('ArbitrateSettlementDispute', operator, { disputeId: 'd1', decision: 'upheld', adjustedAmountFen: 30_001, note: 'x' }))
      .thenThrows(SettlementRuleViolation, violates('fen', 'adjustedAmountFen'));
    given([created, raised])
      .when(cmd('ArbitrateSettlementDispute', operator, { disputeId: 'd1', decision: 'upheld', adjustedAmountFen: null, note: 'x' }))
      .thenThrows(SettlementRuleViolation, violates('required', 'adjustedAmountFen'));
    given([created, raised])
      .when(
        cmd(
          'ArbitrateSettlementDispute',
          { ...operator, regionCode: '4401' },
          { disputeId: 'd1', decision: 'dismissed', adjustedAmountFen: null, note: 'x' },
        ),
      )
      .thenThrows(SettlementNotYourRole);
    const after = fold(
      run(
        [created, raised, answered],
        cmd('ArbitrateSettlementDispute', operator, { disputeId: 'd1', decision: 'upheld', adjustedAmountFen: 20_000, note: 'ok' }),
      ),
    );
    expect(after.lines.find((l) => l.lineId === 'labour')?.amountFen).toBe(20_000);
    expect(after.disputes[0]?.status).toBe('upheld');
  });

  it('is confirmed by each paying party, posting balanced entries; then paid through to the provider; then invoiced and closed', () => {
    given([created]).when(cmd('ConfirmSettlement', provider)).thenThrows(SettlementNotYourRole);
    let events = run([created], cmd('ConfirmSettlement', user));
    expect(fold(events).status).toBe('draft');
    given(events).when(cmd('ConfirmSettlement', user)).thenThrows(SettlementRuleViolation, violates('already-confirmed', 'by'));
    events = run(events, cmd('ConfirmSettlement', maker));
    const confirmed = fold(events);
    expect(confirmed.status).toBe('confirmed');
    for (const e of confirmed.posted) expect(balancedEntry(e)).toEqual(e);
    expect(balances(confirmed.posted)).toEqual({
      'user-payable:user-co': 25_000,
      'manufacturer-payable:maker-co': 30_000,
      'provider-receivable:prov-co': -35_000 + 1_750,
      'expert-receivable:expert-1': -20_000,
      'platform-fee-income:platform': -1_750,
    });
    expect(stepsFor(confirmed, user)).toEqual(['pay']);

    given(events)
      .when(cmd('PaySettlement', provider, { paymentId: 'pay-1', method: 'bank-transfer', reference: 'r' }))
      .thenThrows(SettlementNotYourRole);
    events = run(events, cmd('PaySettlement', user, { paymentId: 'pay-1', method: 'bank-transfer', reference: 'dev-1' }));
    given(events)
      .when(cmd('PaySettlement', user, { paymentId: 'pay-1', method: 'bank-transfer', reference: 'dev-1' }))
      .then([]);
    given(events)
      .when(cmd('PaySettlement', user, { paymentId: 'pay-2', method: 'bank-transfer', reference: 'dev-2' }))
      .thenThrows(SettlementRuleViolation, violates('already-paid', 'by'));
    events = run(events, cmd('PaySettlement', maker, { paymentId: 'pay-3', method: 'alipay', reference: 'dev-3' }));
    const paid = fold(events);
    expect(paid.status).toBe('paid');
    // The user and manufacturer owe nothing, the provider was paid out its net, the expert's fee waits for a withdrawal.
    expect(balances(paid.posted)).toEqual({
      'cash:platform': 21_750,
      'expert-receivable:expert-1': -20_000,
      'platform-fee-income:platform': -1_750,
    });

    given(events)
      .when(cmd('InvoiceSettlement', user, { title: '某某制造有限公司', taxNumber: '91440300MA5IOXXX1Y', email: null }))
      .thenThrows(SettlementRuleViolation, violates('tax-number', 'taxNumber'));
    const invoice = cmd('InvoiceSettlement', user, {
      title: ' 深圳用户设备有限公司 ',
      taxNumber: '91440300ma5g9x8k1b',
      email: 'finance@example.cn',
    });
    given(events)
      .when(invoice)
      .then([
        {
          type: 'SettlementInvoiced',
          data: {
            invoice: { title: '深圳用户设备有限公司', taxNumber: '91440300MA5G9X8K1B', email: 'finance@example.cn', requestedBy: 'u1', at },
            at,
          },
        },
      ]);
    events = run(events, invoice);
    given(events).when(cmd('CloseSettlement', user)).thenThrows(SettlementNotYourRole);
    given(events)
      .when(cmd('CloseSettlement', provider))
      .then([{ type: 'SettlementClosed', data: { by: 'p1', at } }]);
    given(run(events, cmd('CloseSettlement', operator)))
      .when(cmd('CancelSettlement', operator, { reason: 'x' }))
      .thenThrows(IllegalTransition);
  });

  it('is cancelled by an operator by reversing every posted entry, which leaves all balances at zero', () => {
    let events = run([created], cmd('ConfirmSettlement', user));
    events = run(events, cmd('ConfirmSettlement', maker));
    events = run(events, cmd('PaySettlement', user, { paymentId: 'pay-1', method: 'offline', reference: 'r1' }));
    given(events)
      .when(cmd('CancelSettlement', user, { reason: '重复' }))
      .thenThrows(SettlementNotYourRole);
    given(events)
      .when(cmd('CancelSettlement', operator, { reason: ' ' }))
      .thenThrows(SettlementRuleViolation, violates('required', 'reason'));
    events = run(events, cmd('CancelSettlement', operator, { reason: '工单重开，重新结算' }));
    const cancelled = fold(events);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.posted.filter((e) => e.entryId.endsWith(':reversal'))).toHaveLength(4);
    expect(balances(cancelled.posted)).toEqual({});
  });
});

describe('Journal', () => {
  const given = deciderSpec(journal);
  const post = (lines: JournalEntry['lines']) => ({
    type: 'PostJournalEntry' as const,
    data: { entryId: 'w1', lines, reason: '专家提现', source: { kind: 'expert-withdrawal', id: 'w1' }, tenantIds: ['e1'], regions: [], at },
  });
  const ok = [
    { account: 'expert-receivable:x1', debitFen: 500, creditFen: 0 },
    { account: 'cash:platform', debitFen: 0, creditFen: 500 },
  ];

  it('posts a balanced entry once; the same again is there already, other lines under its id are refused', () => {
    const posted = { type: 'JournalEntryPosted' as const, data: post(ok).data };
    given([]).when(post(ok)).then([posted]);
    given([posted]).when(post(ok)).then([]);
    given([posted])
      .when(
        post([
          ok[0]!,
          { account: 'cash:platform', debitFen: 0, creditFen: 500 },
          { account: 'cash:platform', debitFen: 1, creditFen: 0 },
          { account: 'cash:platform', debitFen: 0, creditFen: 1 },
        ]),
      )
      .thenThrows(SettlementRuleViolation, violates('entry-exists', 'entryId'));
  });

  it('refuses unbalanced entries, floats, negative or two-sided lines and unknown accounts', () => {
    given([])
      .when(post([ok[0]!, { account: 'cash:platform', debitFen: 0, creditFen: 499 }]))
      .thenThrows(SettlementRuleViolation, violates('unbalanced', 'lines'));
    given([])
      .when(
        post([
          { ...ok[0]!, debitFen: 0.5 },
          { ...ok[1]!, creditFen: 0.5 },
        ]),
      )
      .thenThrows(SettlementRuleViolation, violates('fen', 'lines[0].debitFen'));
    given([])
      .when(post([{ ...ok[0]!, debitFen: -5 }, ok[1]!]))
      .thenThrows(SettlementRuleViolation, violates('fen', 'lines[0].debitFen'));
    given([])
      .when(post([{ ...ok[0]!, creditFen: 500 }, ok[1]!]))
      .thenThrows(SettlementRuleViolation, violates('one-side', 'lines[0]'));
    given([])
      .when(post([{ ...ok[0]!, account: 'bank:x' }, ok[1]!]))
      .thenThrows(SettlementRuleViolation, violates('account', 'lines[0].account'));
    given([])
      .when(post([ok[0]!]))
      .thenThrows(SettlementRuleViolation, violates('min-items', 'lines'));
  });
});
