// The ledger's invariants for random settlements, disputes, confirmations, payments, cancellations
// (reversals) and withdrawals posted by other modules (fast-check): every entry balances and so does the
// whole ledger, every party's balance as the API aggregates it equals the sum of its journal lines and
// the fold of the entries the deciders posted, a cancelled settlement nets to zero on every account,
// and no amount anywhere is a float.
import fc from 'fast-check';
import {
  IllegalTransition,
  journal,
  journalStream,
  priceWorkOrder,
  providerNetFen,
  RuleViolation,
  settlement,
  settlementStream,
  type JournalEntry,
  type JournalEvent,
  type PricingFacts,
  type PricingTerms,
  type Settlement,
  type SettlementCommand,
  type SettlementEvent,
  type SettlementState,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, visibleRows } from '@kuaige/projections';
import { eventLog } from '@kuaige/testkit';
import { balanceOf } from '../application/statements';
import { ledgerLinesProjection, type LedgerLineRow } from './settlements.projections';

const at = '2026-12-01T08:00:00.000Z';
const user = { kind: 'enterprise', enterpriseId: 'U', userId: 'u1' } as const;
const maker = { kind: 'enterprise', enterpriseId: 'M', userId: 'm1' } as const;
const provider = { kind: 'enterprise', enterpriseId: 'P', userId: 'p1' } as const;
const operator = { kind: 'operator', nodeId: 'n', regionCode: '4403', userId: 'o1' } as const;
const parties = [user, maker, provider, operator] as const;

const facts: fc.Arbitrary<PricingFacts> = fc.record({
  parties: fc.record({ equipmentUserId: fc.constant('U'), manufacturerId: fc.constantFrom('M', null), providerId: fc.constant('P') }),
  timeline: fc.integer({ min: 0, max: 600 }).map((m) => [
    { type: 'WorkStarted' as const, at },
    { type: 'WorkCompleted' as const, at: new Date(Date.parse(at) + m * 60_000).toISOString() },
  ]),
  engineerLevel: fc.constantFrom('junior' as const, 'senior' as const, 'expert' as const, null),
  distanceKm: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: null }),
  parts: fc.array(
    fc
      .record({
        issueId: fc.uuid(),
        partName: fc.constant('轴承'),
        quantity: fc.integer({ min: 1, max: 9 }),
        unitCostFen: fc.integer({ min: 0, max: 99_999 }),
      })
      .map((p) => ({ ...p, valueFen: p.quantity * p.unitCostFen })),
    { maxLength: 3 },
  ),
  expertFees: fc.array(
    fc.record({ helpId: fc.uuid(), expertId: fc.constantFrom('X1', 'X2'), feeFen: fc.integer({ min: 0, max: 500_000 }) }),
    { maxLength: 2 },
  ),
  warranty: fc.constantFrom('in-warranty' as const, 'out-of-warranty' as const, null),
});
const terms = fc.record({
  labourRates: fc.constant([
    { skillLevel: 'junior' as const, hourlyFen: 8_001 },
    { skillLevel: 'senior' as const, hourlyFen: 15_555 },
  ]),
  travelBands: fc.constant([
    { upToKm: 10, fen: 5_000 },
    { upToKm: 50, fen: 12_345 },
  ]),
  platformFeeRateBp: fc.integer({ min: 0, max: 10_000 }),
  expertFeeRateBp: fc.integer({ min: 0, max: 3_000 }),
});

type Step =
  | { kind: 'dispute'; line: number; by: number }
  | { kind: 'answer' | 'confirm' | 'pay' | 'invoice' | 'close' | 'cancel'; by: number }
  | { kind: 'arbitrate'; upheld: boolean; share: number }
  | { kind: 'withdraw'; amountFen: number };
// Weighted towards the paying parties and the steps that move money, so that whole lifecycles occur.
const by = fc.constantFrom(0, 0, 1, 1, 2, 3);
const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight });
const step: fc.Arbitrary<Step> = fc.oneof(
  w(fc.record({ kind: fc.constant('dispute' as const), line: fc.nat(8), by }), 1),
  w(fc.record({ kind: fc.constant('answer' as const), by: fc.constant(2) }), 1),
  w(fc.record({ kind: fc.constant('arbitrate' as const), upheld: fc.boolean(), share: fc.double({ min: 0, max: 1, noNaN: true }) }), 1),
  w(fc.record({ kind: fc.constantFrom('confirm' as const, 'pay' as const), by }), 6),
  w(fc.record({ kind: fc.constant('invoice' as const), by: fc.constantFrom(0, 1) }), 3),
  w(fc.record({ kind: fc.constant('close' as const), by: fc.constantFrom(2, 3) }), 2),
  w(fc.record({ kind: fc.constant('cancel' as const), by }), 1),
  w(fc.record({ kind: fc.constant('withdraw' as const), amountFen: fc.integer({ min: 1, max: 50_000 }) }), 1),
);
const scenario = fc.array(fc.record({ facts, terms, steps: fc.array(step, { maxLength: 30 }) }), { minLength: 1, maxLength: 4 });

const refused = (error: unknown) => error instanceof RuleViolation || error instanceof IllegalTransition;

/** Runs each settlement's steps through its decider (refused steps append nothing), and withdrawals through the journal. */
const run = (settlements: readonly { facts: PricingFacts; terms: PricingTerms; steps: Step[] }[]) => {
  const log = eventLog<SettlementEvent | JournalEvent>({ jurisdiction: ['440305', '4403', '44', 'CN'] });
  const recorded: RecordedEvent[] = [];
  const finals: Settlement[] = [];
  const withdrawals: JournalEntry[] = [];
  settlements.forEach((spec, n) => {
    const s = spec;
    const settlementId = `S${n}`;
    const lines = priceWorkOrder(s.facts, s.terms);
    let state: SettlementState = settlement.initialState();
    const apply = (command: SettlementCommand) => {
      try {
        const events = settlement.decide(command, state);
        for (const e of events) recorded.push(log.record(settlementStream(settlementId), e));
        state = events.reduce(settlement.evolve, state);
      } catch (error) {
        if (!refused(error)) throw error;
      }
    };
    apply({
      type: 'CreateSettlement',
      data: {
        settlementId,
        workOrderId: `W${n}`,
        workOrderNumber: `WO-${n}`,
        scheduleId: null,
        rates: s.terms,
        parties: s.facts.parties,
        jurisdiction: ['440305', '4403', '44', 'CN'],
        lines,
        trigger: 'evaluated',
        at,
      },
    });
    s.steps.forEach((st, i) => {
      const current = state as Settlement;
      const disputeId = current.disputes.at(-1)?.disputeId ?? 'none';
      switch (st.kind) {
        case 'dispute':
          return apply({
            type: 'RaiseSettlementDispute',
            data: {
              disputeId: `D${i}`,
              lineId: current.lines[st.line % current.lines.length]?.lineId ?? 'none',
              reason: '有异议',
              by: parties[st.by]!,
              at,
            },
          });
        case 'answer':
          return apply({ type: 'AnswerSettlementDispute', data: { disputeId, answer: '有记录', by: parties[st.by]!, at } });
        case 'arbitrate': {
          const line = current.lines.find((l) => l.lineId === current.disputes.at(-1)?.lineId);
          return apply({
            type: 'ArbitrateSettlementDispute',
            data: {
              disputeId,
              decision: st.upheld ? 'upheld' : 'dismissed',
              adjustedAmountFen: st.upheld ? Math.floor((line?.amountFen ?? 0) * st.share) : null,
              note: '裁决',
              by: operator,
              at,
            },
          });
        }
        case 'confirm':
          return apply({ type: 'ConfirmSettlement', data: { by: parties[st.by]!, at } });
        case 'pay':
          return apply({
            type: 'PaySettlement',
            data: { paymentId: `pay-${n}-${i}`, method: 'bank-transfer', reference: 'DEV', by: parties[st.by]!, at },
          });
        case 'invoice':
          return apply({
            type: 'InvoiceSettlement',
            data: { title: '某某公司', taxNumber: '91440300MA5G9X8K1B', email: null, by: parties[st.by]!, at },
          });
        case 'close':
          return apply({ type: 'CloseSettlement', data: { by: parties[st.by]!, at } });
        case 'cancel':
          return apply({ type: 'CancelSettlement', data: { reason: '重新结算', by: parties[st.by]!, at } });
        case 'withdraw': {
          const entry: JournalEntry = {
            entryId: `withdrawal-${n}-${i}`,
            lines: [
              { account: 'expert-receivable:X1', debitFen: st.amountFen, creditFen: 0 },
              { account: 'cash:platform', debitFen: 0, creditFen: st.amountFen },
            ],
            reason: '专家提现',
            source: { kind: 'expert-withdrawal', id: `${n}-${i}` },
          };
          const events = journal.decide(
            { type: 'PostJournalEntry', data: { ...entry, tenantIds: [], regions: ['CN'], at } },
            journal.initialState(),
          );
          for (const e of events) recorded.push(log.record(journalStream(entry.entryId), e));
          withdrawals.push(entry);
          return undefined;
        }
      }
    });
    finals.push(state as Settlement);
  });
  return { recorded, finals, withdrawals };
};

const project = async (recorded: readonly RecordedEvent[]) => {
  const store = new EmbeddedReadModelStore();
  try {
    const runner = new ProjectionRunner(store, ledgerLinesProjection, ledgerLinesProjection.collection, ledgerLinesProjection.name);
    await runner.load();
    await runner.prepare();
    for (const e of recorded) await runner.apply([e], e.position);
    const lines = store.collection<LedgerLineRow>(ledgerLinesProjection.collection);
    const rows = await lines.find(visibleRows);
    // The pipeline the balances route runs.
    const groups = await lines.aggregate<{ _id: string; debitFen: number; creditFen: number }>([
      { $match: visibleRows },
      { $group: { _id: '$account', debitFen: { $sum: '$debitFen' }, creditFen: { $sum: '$creditFen' } } },
    ]);
    return { rows, balances: groups.map((g) => balanceOf(g._id, g.debitFen, g.creditFen)) };
  } finally {
    await store.close();
  }
};

const net = (entries: readonly JournalEntry[]) => {
  const out = new Map<string, number>();
  for (const e of entries) for (const l of e.lines) out.set(l.account, (out.get(l.account) ?? 0) + l.debitFen - l.creditFen);
  return out;
};

describe('the ledger, for random settlements, disputes, reversals and withdrawals', () => {
  const reached = new Set<string>();

  it('always balances, every account’s balance is the sum of its lines and of the posted entries, and no amount is a float', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (specs) => {
        const { recorded, finals, withdrawals } = run(specs);
        for (const e of recorded) reached.add(e.type);
        if (finals.some((s) => s.disputes.some((d) => d.status === 'upheld'))) reached.add('upheld');
        const { rows, balances } = await project(recorded);
        const posted = [...finals.flatMap((s) => s.posted), ...withdrawals];

        for (const entry of posted) expect(entry.lines.reduce((s, l) => s + l.debitFen - l.creditFen, 0)).toBe(0);
        expect(rows.reduce((s, r) => s + r.debitFen - r.creditFen, 0)).toBe(0);
        for (const r of rows) expect([r.debitFen, r.creditFen].every(Number.isSafeInteger)).toBe(true);
        for (const s of finals) for (const l of s.lines) expect([l.amountFen, l.unitFen].every(Number.isSafeInteger)).toBe(true);

        const folded = net(posted);
        expect(rows).toHaveLength(posted.reduce((n, e) => n + e.lines.length, 0));
        for (const b of balances) {
          const ofAccount = rows.filter((r) => r.account === b.account);
          expect({ account: b.account, debit: b.debitFen, credit: b.creditFen }).toEqual({
            account: b.account,
            debit: ofAccount.reduce((s, r) => s + r.debitFen, 0),
            credit: ofAccount.reduce((s, r) => s + r.creditFen, 0),
          });
          expect(b.debitFen - b.creditFen).toBe(folded.get(b.account) ?? 0);
          expect(Number.isSafeInteger(b.balanceFen)).toBe(true);
        }

        for (const s of finals) {
          if (s.status === 'cancelled') for (const [, v] of net(s.posted)) expect(v).toBe(0);
          // Fully paid and not cancelled: the user and the manufacturer owe nothing on it, the provider was paid
          // its net — or, when the fees charged to it exceed what it earned here, owes the platform the difference.
          if (s.status === 'paid' || s.status === 'invoiced' || s.status === 'closed')
            for (const [account, v] of net(s.posted)) {
              if (account.startsWith('user-payable:') || account.startsWith('manufacturer-payable:')) expect(v).toBe(0);
              if (account.startsWith('provider-receivable:')) expect(v).toBe(Math.max(0, -providerNetFen(s)));
            }
        }
      }),
      { numRuns: 150, seed: 20261201 },
    );
    // The generator reaches every step, and upheld disputes, so the invariants were checked on them.
    expect([...reached].sort()).toEqual([
      'JournalEntryPosted',
      'SettlementCancelled',
      'SettlementClosed',
      'SettlementConfirmed',
      'SettlementCreated',
      'SettlementDisputeAnswered',
      'SettlementDisputeArbitrated',
      'SettlementDisputeRaised',
      'SettlementInvoiced',
      'SettlementPaymentRecorded',
      'upheld',
    ]);
  });
});
