import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { accountOf, PLATFORM_PARTY, reversalOf, transfers, type JournalEntry } from './journal';
import { platformFeeLines, type Payer, type SettlementLine } from './settlement-lines';
import { fenOf, SettlementNotYourRole, SettlementRuleViolation, settlementText } from './settlement-rules';

// ---- A work order's settlement (SET-1, SET-3), stream `Settlement-<settlementId>` -----------------
// Created once per work order (the id derives from the order's) as a draft with priced lines. A paying
// party may contest a line; the provider answers; an operator of the order's jurisdiction arbitrates
// (upheld: the line takes the adjusted amount and the platform fee follows). Each paying party
// confirms its share, then pays it; the payer then captures invoice details; the settlement closes.
// A cancellation reverses whatever was posted. Every posting to the ledger travels inside the event
// that causes it, so a step and its journal entries are one append: never one without the other.

export const settlementStream = (settlementId: string): string => `Settlement-${settlementId}`;

export const SETTLEMENT_STATUSES = ['draft', 'confirmed', 'paid', 'invoiced', 'closed', 'cancelled'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];
export type PayingParty = Exclude<Payer, 'provider'>;
export type DisputeStatus = 'raised' | 'answered' | 'upheld' | 'dismissed';
export const PAYMENT_METHODS = ['bank-transfer', 'wechat-pay', 'alipay', 'offline'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type SettlementParties = {
  readonly equipmentUserId: string;
  readonly manufacturerId: string | null;
  readonly providerId: string;
};

export type Dispute = {
  readonly disputeId: string;
  readonly lineId: string;
  readonly status: DisputeStatus;
  readonly reason: string;
  readonly raisedBy: string;
  readonly raisedAt: string;
  readonly answer: string | null;
  readonly decision: { readonly adjustedAmountFen: number | null; readonly note: string; readonly by: string; readonly at: string } | null;
};

export type Invoice = {
  readonly title: string;
  readonly taxNumber: string;
  readonly email: string | null;
  readonly requestedBy: string;
  readonly at: string;
};

type At = { readonly at: string };
type ByUser = { readonly by: string };

export type SettlementCreated = DomainEvent<
  'SettlementCreated',
  At & {
    readonly settlementId: string;
    readonly workOrderId: string;
    readonly workOrderNumber: string;
    readonly scheduleId: string | null;
    readonly rates: { readonly platformFeeRateBp: number; readonly expertFeeRateBp: number };
    readonly parties: SettlementParties;
    readonly jurisdiction: readonly string[];
    readonly lines: readonly SettlementLine[];
    /** Both evaluations were in, or the evaluation window ran out. */
    readonly trigger: 'evaluated' | 'evaluation-window-expired';
  }
>;
export type SettlementDisputeRaised = DomainEvent<
  'SettlementDisputeRaised',
  At & ByUser & { readonly disputeId: string; readonly lineId: string; readonly enterpriseId: string; readonly reason: string }
>;
export type SettlementDisputeAnswered = DomainEvent<
  'SettlementDisputeAnswered',
  At & ByUser & { readonly disputeId: string; readonly answer: string }
>;
export type SettlementDisputeArbitrated = DomainEvent<
  'SettlementDisputeArbitrated',
  At &
    ByUser & {
      readonly disputeId: string;
      readonly lineId: string;
      readonly decision: 'upheld' | 'dismissed';
      readonly adjustedAmountFen: number | null;
      readonly note: string;
      /** Every line whose amount changed: the contested one and the platform fee that follows it. */
      readonly adjustedLines: readonly { readonly lineId: string; readonly amountFen: number }[];
    }
>;
export type SettlementConfirmed = DomainEvent<
  'SettlementConfirmed',
  At &
    ByUser & {
      readonly payers: readonly PayingParty[];
      readonly enterpriseId: string;
      readonly complete: boolean;
      readonly journal: readonly JournalEntry[];
    }
>;
export type SettlementPaymentRecorded = DomainEvent<
  'SettlementPaymentRecorded',
  At &
    ByUser & {
      readonly paymentId: string;
      readonly payers: readonly PayingParty[];
      readonly enterpriseId: string;
      readonly amountFen: number;
      readonly method: PaymentMethod;
      /** What the payment provider answered (the development sink's record id). */
      readonly reference: string;
      readonly complete: boolean;
      readonly journal: readonly JournalEntry[];
    }
>;
export type SettlementInvoiced = DomainEvent<'SettlementInvoiced', At & { readonly invoice: Invoice }>;
export type SettlementClosed = DomainEvent<'SettlementClosed', At & ByUser>;
export type SettlementCancelled = DomainEvent<
  'SettlementCancelled',
  At & ByUser & { readonly reason: string; readonly journal: readonly JournalEntry[] }
>;

export type SettlementEvent =
  | SettlementCreated
  | SettlementDisputeRaised
  | SettlementDisputeAnswered
  | SettlementDisputeArbitrated
  | SettlementConfirmed
  | SettlementPaymentRecorded
  | SettlementInvoiced
  | SettlementClosed
  | SettlementCancelled;

// ---- Commands ------------------------------------------------------------------------------------

type ByParty = { readonly by: Party; readonly at: string };

export type CreateSettlement = Command<'CreateSettlement', Omit<SettlementCreated['data'], never>>;
export type RaiseSettlementDispute = Command<
  'RaiseSettlementDispute',
  ByParty & { readonly disputeId: string; readonly lineId: string; readonly reason: string }
>;
export type AnswerSettlementDispute = Command<'AnswerSettlementDispute', ByParty & { readonly disputeId: string; readonly answer: string }>;
export type ArbitrateSettlementDispute = Command<
  'ArbitrateSettlementDispute',
  ByParty & {
    readonly disputeId: string;
    readonly decision: 'upheld' | 'dismissed';
    readonly adjustedAmountFen: number | null;
    readonly note: string;
  }
>;
export type ConfirmSettlement = Command<'ConfirmSettlement', ByParty>;
export type PaySettlement = Command<
  'PaySettlement',
  ByParty & { readonly paymentId: string; readonly method: PaymentMethod; readonly reference: string }
>;
export type InvoiceSettlement = Command<
  'InvoiceSettlement',
  ByParty & { readonly title: string; readonly taxNumber: string; readonly email: string | null }
>;
export type CloseSettlement = Command<'CloseSettlement', ByParty>;
export type CancelSettlement = Command<'CancelSettlement', ByParty & { readonly reason: string }>;

export type SettlementCommand =
  | CreateSettlement
  | RaiseSettlementDispute
  | AnswerSettlementDispute
  | ArbitrateSettlementDispute
  | ConfirmSettlement
  | PaySettlement
  | InvoiceSettlement
  | CloseSettlement
  | CancelSettlement;

// ---- State ---------------------------------------------------------------------------------------

export type Settlement = Omit<SettlementCreated['data'], 'at'> & {
  readonly status: SettlementStatus;
  readonly createdAt: string;
  readonly disputes: readonly Dispute[];
  readonly confirmations: readonly {
    readonly payer: PayingParty;
    readonly enterpriseId: string;
    readonly by: string;
    readonly at: string;
  }[];
  readonly payments: readonly {
    readonly paymentId: string;
    readonly payer: PayingParty;
    readonly enterpriseId: string;
    readonly amountFen: number;
    readonly method: PaymentMethod;
    readonly reference: string;
    readonly at: string;
  }[];
  readonly invoice: Invoice | null;
  /** Journal entries posted so far (reversed on cancellation). */
  readonly posted: readonly JournalEntry[];
  readonly cancellation: { readonly reason: string; readonly by: string; readonly at: string } | null;
};
export type SettlementState = { readonly status: 'none' } | Settlement;

// ---- Rules ---------------------------------------------------------------------------------------

const PAYABLE = { 'equipment-user': 'user-payable', manufacturer: 'manufacturer-payable' } as const;

/** The parties that pay something (or must at least confirm): the equipment user always, the manufacturer when a line is its. */
export const payingParties = (s: Pick<Settlement, 'lines'>): PayingParty[] => {
  const payers = new Set<PayingParty>(['equipment-user']);
  for (const l of s.lines) if (l.payer === 'manufacturer') payers.add('manufacturer');
  return [...payers];
};

const enterpriseOf = (s: Settlement, payer: PayingParty): string =>
  payer === 'manufacturer' ? s.parties.manufacturerId! : s.parties.equipmentUserId;

/** The paying roles an enterprise holds on this settlement. */
export const payerRolesOf = (s: Settlement, enterpriseId: string): PayingParty[] =>
  payingParties(s).filter((p) => enterpriseOf(s, p) === enterpriseId);

/** What a paying party owes on this settlement, in fen. */
export const shareOf = (s: Pick<Settlement, 'lines'>, payers: readonly PayingParty[]): number =>
  s.lines.filter((l) => (payers as readonly Payer[]).includes(l.payer)).reduce((sum, l) => sum + l.amountFen, 0);

const payeeAccount = (l: SettlementLine): string =>
  l.payee === 'provider'
    ? accountOf('provider-receivable', l.payeeId)
    : l.payee === 'expert'
      ? accountOf('expert-receivable', l.payeeId)
      : accountOf('platform-fee-income', PLATFORM_PARTY);

const entry = (s: Settlement, suffix: string, reason: string, moves: Parameters<typeof transfers>[0]): JournalEntry[] => {
  const lines = transfers(moves);
  return lines.length === 0
    ? []
    : [{ entryId: `settlement:${s.settlementId}:${suffix}`, lines, reason, source: { kind: 'settlement', id: s.settlementId } }];
};

const confirmationEntries = (s: Settlement, payers: readonly PayingParty[], complete: boolean): JournalEntry[] => {
  const out: JournalEntry[] = [];
  for (const payer of payers)
    out.push(
      ...entry(
        s,
        `confirm:${payer}`,
        `结算单 ${s.workOrderNumber} 确认（${payer === 'manufacturer' ? '厂商' : '设备用户'}）`,
        s.lines
          .filter((l) => l.payer === payer)
          .map((l) => ({ debit: accountOf(PAYABLE[payer], l.payerId), credit: payeeAccount(l), amountFen: l.amountFen })),
      ),
    );
  if (complete)
    out.push(
      ...entry(
        s,
        'platform-fee',
        `结算单 ${s.workOrderNumber} 平台服务费`,
        s.lines
          .filter((l) => l.payer === 'provider')
          .map((l) => ({ debit: accountOf('provider-receivable', l.payerId), credit: payeeAccount(l), amountFen: l.amountFen })),
      ),
    );
  return out;
};

/** What the provider nets on this settlement: its lines less the platform fees charged to it. */
export const providerNetFen = (s: Pick<Settlement, 'lines'>): number =>
  s.lines.reduce((sum, l) => sum + (l.payee === 'provider' ? l.amountFen : 0) - (l.payer === 'provider' ? l.amountFen : 0), 0);

const paymentEntries = (s: Settlement, payers: readonly PayingParty[], complete: boolean): JournalEntry[] => {
  const out = payers.flatMap((payer) =>
    entry(s, `payment:${payer}`, `结算单 ${s.workOrderNumber} 付款`, [
      {
        debit: accountOf('cash', PLATFORM_PARTY),
        credit: accountOf(PAYABLE[payer], enterpriseOf(s, payer)),
        amountFen: shareOf(s, [payer]),
      },
    ]),
  );
  const net = providerNetFen(s);
  // Once everything is paid in, the provider is paid out its net; experts draw theirs by withdrawal.
  if (complete && net > 0)
    out.push(
      ...entry(s, 'payout', `结算单 ${s.workOrderNumber} 付服务商`, [
        { debit: accountOf('provider-receivable', s.parties.providerId), credit: accountOf('cash', PLATFORM_PARTY), amountFen: net },
      ]),
    );
  return out;
};

const settlementOf = (state: SettlementState, command: string): Settlement => {
  if (state.status === 'none') throw new IllegalTransition('none', command);
  return state;
};
const inStatus = (s: Settlement, command: string, ...allowed: SettlementStatus[]) => {
  if (!allowed.includes(s.status)) throw new IllegalTransition(s.status, command);
};
const asEnterprise = (by: Party, message: string) => {
  if (by.kind !== 'enterprise') throw new SettlementNotYourRole(message);
  return by;
};
const asJurisdictionOperator = (s: Settlement, by: Party) => {
  if (by.kind !== 'operator' || !s.jurisdiction.includes(by.regionCode))
    throw new SettlementNotYourRole('only an operator of the work order’s jurisdiction takes this step');
  return by;
};
const disputeOf = (s: Settlement, disputeId: string): Dispute => {
  const d = s.disputes.find((x) => x.disputeId === disputeId);
  if (!d) throw new SettlementRuleViolation('exists', 'disputeId', 'no such dispute on this settlement');
  return d;
};
const isOpen = (d: Dispute) => d.status === 'raised' || d.status === 'answered';

const decide = (command: SettlementCommand, state: SettlementState): SettlementEvent[] => {
  switch (command.type) {
    case 'CreateSettlement': {
      // One settlement per work order: its stream exists already, whatever the trigger this time.
      if (state.status !== 'none') return [];
      const c = command.data;
      c.lines.forEach((l, i) => {
        fenOf(l.amountFen, `lines[${i}].amountFen`);
        fenOf(l.unitFen, `lines[${i}].unitFen`);
      });
      return [{ type: 'SettlementCreated', data: c }];
    }
    case 'RaiseSettlementDispute': {
      const s = settlementOf(state, command.type);
      const c = command.data;
      inStatus(s, command.type, 'draft');
      if (s.disputes.some((d) => d.disputeId === c.disputeId)) return [];
      const by = asEnterprise(c.by, 'a paying party contests a line');
      const line = s.lines.find((l) => l.lineId === c.lineId);
      if (!line) throw new SettlementRuleViolation('exists', 'lineId', 'no such line on this settlement');
      if (line.payer === 'provider' || line.payerId !== by.enterpriseId)
        throw new SettlementNotYourRole('only the party a line is charged to contests it');
      if (s.confirmations.some((x) => x.payer === line.payer))
        throw new SettlementRuleViolation('already-confirmed', 'lineId', 'you confirmed this settlement already');
      if (s.disputes.some((d) => d.lineId === c.lineId && isOpen(d)))
        throw new SettlementRuleViolation('line-disputed', 'lineId', 'this line is contested already');
      return [
        {
          type: 'SettlementDisputeRaised',
          data: {
            disputeId: c.disputeId,
            lineId: c.lineId,
            enterpriseId: by.enterpriseId,
            reason: settlementText(c.reason, 'reason', true),
            by: by.userId,
            at: c.at,
          },
        },
      ];
    }
    case 'AnswerSettlementDispute': {
      const s = settlementOf(state, command.type);
      const c = command.data;
      inStatus(s, command.type, 'draft');
      const by = asEnterprise(c.by, 'the provider answers a dispute');
      if (by.enterpriseId !== s.parties.providerId) throw new SettlementNotYourRole('the provider of the work order answers a dispute');
      const d = disputeOf(s, c.disputeId);
      if (d.status !== 'raised')
        throw new SettlementRuleViolation('dispute-closed', 'disputeId', 'this dispute was answered or decided already');
      return [
        {
          type: 'SettlementDisputeAnswered',
          data: { disputeId: d.disputeId, answer: settlementText(c.answer, 'answer', true), by: by.userId, at: c.at },
        },
      ];
    }
    case 'ArbitrateSettlementDispute': {
      const s = settlementOf(state, command.type);
      const c = command.data;
      inStatus(s, command.type, 'draft');
      const by = asJurisdictionOperator(s, c.by);
      const d = disputeOf(s, c.disputeId);
      if (!isOpen(d)) throw new SettlementRuleViolation('dispute-closed', 'disputeId', 'this dispute was decided already');
      const note = settlementText(c.note, 'note', true);
      if (c.decision === 'dismissed')
        return [
          {
            type: 'SettlementDisputeArbitrated',
            data: {
              disputeId: d.disputeId,
              lineId: d.lineId,
              decision: 'dismissed',
              adjustedAmountFen: null,
              note,
              adjustedLines: [],
              by: by.userId,
              at: c.at,
            },
          },
        ];
      const line = s.lines.find((l) => l.lineId === d.lineId)!;
      if (c.adjustedAmountFen === null)
        throw new SettlementRuleViolation('required', 'adjustedAmountFen', 'an upheld dispute sets the adjusted amount');
      const adjusted = fenOf(c.adjustedAmountFen, 'adjustedAmountFen', line.amountFen);
      const lines = s.lines
        .filter((l) => l.kind !== 'platform-fee')
        .map((l) => (l.lineId === line.lineId ? { ...l, amountFen: adjusted } : l));
      const fees = platformFeeLines(lines, s.rates, s.parties.providerId);
      const changed = [
        { lineId: line.lineId, amountFen: adjusted },
        ...fees
          .filter((f) => s.lines.find((l) => l.lineId === f.lineId)?.amountFen !== f.amountFen)
          .map((f) => ({ lineId: f.lineId, amountFen: f.amountFen })),
      ];
      return [
        {
          type: 'SettlementDisputeArbitrated',
          data: {
            disputeId: d.disputeId,
            lineId: d.lineId,
            decision: 'upheld',
            adjustedAmountFen: adjusted,
            note,
            adjustedLines: changed,
            by: by.userId,
            at: c.at,
          },
        },
      ];
    }
    case 'ConfirmSettlement': {
      const s = settlementOf(state, command.type);
      inStatus(s, command.type, 'draft');
      const by = asEnterprise(command.data.by, 'the paying parties confirm a settlement');
      const roles = payerRolesOf(s, by.enterpriseId);
      if (roles.length === 0) throw new SettlementNotYourRole('only the parties that pay confirm a settlement');
      const open = roles.filter((p) => !s.confirmations.some((x) => x.payer === p));
      if (open.length === 0) throw new SettlementRuleViolation('already-confirmed', 'by', 'you confirmed this settlement already');
      if (s.disputes.some(isOpen)) throw new SettlementRuleViolation('dispute-open', 'disputes', 'a contested line awaits arbitration');
      const complete = payingParties(s).every((p) => open.includes(p) || s.confirmations.some((x) => x.payer === p));
      return [
        {
          type: 'SettlementConfirmed',
          data: {
            payers: open,
            enterpriseId: by.enterpriseId,
            complete,
            journal: confirmationEntries(s, open, complete),
            by: by.userId,
            at: command.data.at,
          },
        },
      ];
    }
    case 'PaySettlement': {
      const s = settlementOf(state, command.type);
      const c = command.data;
      if (s.payments.some((p) => p.paymentId === c.paymentId)) return [];
      inStatus(s, command.type, 'confirmed');
      const by = asEnterprise(c.by, 'the paying parties pay a settlement');
      const roles = payerRolesOf(s, by.enterpriseId);
      if (roles.length === 0) throw new SettlementNotYourRole('only the parties that pay pay a settlement');
      const open = roles.filter((p) => !s.payments.some((x) => x.payer === p));
      if (open.length === 0) throw new SettlementRuleViolation('already-paid', 'by', 'you paid your share already');
      const complete = payingParties(s).every((p) => open.includes(p) || s.payments.some((x) => x.payer === p));
      return [
        {
          type: 'SettlementPaymentRecorded',
          data: {
            paymentId: c.paymentId,
            payers: open,
            enterpriseId: by.enterpriseId,
            amountFen: shareOf(s, open),
            method: c.method,
            reference: c.reference,
            complete,
            journal: paymentEntries(s, open, complete),
            by: by.userId,
            at: c.at,
          },
        },
      ];
    }
    case 'InvoiceSettlement': {
      const s = settlementOf(state, command.type);
      const c = command.data;
      inStatus(s, command.type, 'paid');
      const by = asEnterprise(c.by, 'a paying party asks for the invoice');
      if (payerRolesOf(s, by.enterpriseId).length === 0) throw new SettlementNotYourRole('a paying party captures the invoice details');
      const taxNumber = settlementText(c.taxNumber, 'taxNumber', true, 20).toUpperCase();
      // 统一社会信用代码: 18 characters of digits and capital letters (except I, O, S, V, Z); older tax numbers have 15.
      if (!/^[0-9A-HJ-NPQRTUWXY]{15}([0-9A-HJ-NPQRTUWXY]{3})?$/.test(taxNumber))
        throw new SettlementRuleViolation(
          'tax-number',
          'taxNumber',
          'a tax number is the 18-character unified social credit code (or a 15-character older number)',
        );
      const email = c.email === null ? null : settlementText(c.email, 'email', true, 254);
      return [
        {
          type: 'SettlementInvoiced',
          data: {
            invoice: { title: settlementText(c.title, 'title', true, 100), taxNumber, email, requestedBy: by.userId, at: c.at },
            at: c.at,
          },
        },
      ];
    }
    case 'CloseSettlement': {
      const s = settlementOf(state, command.type);
      inStatus(s, command.type, 'paid', 'invoiced');
      const by = command.data.by;
      const mayClose =
        (by.kind === 'enterprise' && by.enterpriseId === s.parties.providerId) ||
        (by.kind === 'operator' && s.jurisdiction.includes(by.regionCode));
      if (!mayClose) throw new SettlementNotYourRole('the provider or an operator of the jurisdiction closes a settlement');
      return [{ type: 'SettlementClosed', data: { by: by.userId, at: command.data.at } }];
    }
    case 'CancelSettlement': {
      const s = settlementOf(state, command.type);
      inStatus(s, command.type, 'draft', 'confirmed', 'paid');
      const by = asJurisdictionOperator(s, command.data.by);
      const reason = settlementText(command.data.reason, 'reason', true);
      // Nothing is deleted: every entry posted so far is undone by its reversal, newest first.
      const journal = [...s.posted].reverse().map((e) => reversalOf(e, `冲销：${e.reason}`));
      return [{ type: 'SettlementCancelled', data: { reason, journal, by: by.userId, at: command.data.at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const withDispute = (s: Settlement, disputeId: string, change: (d: Dispute) => Dispute): Settlement => ({
  ...s,
  disputes: s.disputes.map((d) => (d.disputeId === disputeId ? change(d) : d)),
});

const evolve = (state: SettlementState, event: SettlementEvent): SettlementState => {
  if (event.type === 'SettlementCreated') {
    const { at, ...d } = event.data;
    return {
      ...d,
      status: 'draft',
      createdAt: at,
      disputes: [],
      confirmations: [],
      payments: [],
      invoice: null,
      posted: [],
      cancellation: null,
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  switch (event.type) {
    case 'SettlementDisputeRaised': {
      const d = event.data;
      return {
        ...s,
        disputes: [
          ...s.disputes,
          {
            disputeId: d.disputeId,
            lineId: d.lineId,
            status: 'raised',
            reason: d.reason,
            raisedBy: d.enterpriseId,
            raisedAt: d.at,
            answer: null,
            decision: null,
          },
        ],
      };
    }
    case 'SettlementDisputeAnswered':
      return withDispute(s, event.data.disputeId, (d) => ({ ...d, status: 'answered', answer: event.data.answer }));
    case 'SettlementDisputeArbitrated': {
      const e = event.data;
      const amounts = new Map(e.adjustedLines.map((l) => [l.lineId, l.amountFen]));
      const next = withDispute(s, e.disputeId, (d) => ({
        ...d,
        status: e.decision,
        decision: { adjustedAmountFen: e.adjustedAmountFen, note: e.note, by: e.by, at: e.at },
      }));
      return {
        ...next,
        lines: s.lines.map((l) =>
          amounts.has(l.lineId)
            ? {
                ...l,
                amountFen: amounts.get(l.lineId)!,
                unitFen: l.kind === 'labour' || l.kind === 'parts' ? l.unitFen : amounts.get(l.lineId)!,
              }
            : l,
        ),
      };
    }
    case 'SettlementConfirmed': {
      const e = event.data;
      return {
        ...s,
        status: e.complete ? 'confirmed' : s.status,
        confirmations: [...s.confirmations, ...e.payers.map((payer) => ({ payer, enterpriseId: e.enterpriseId, by: e.by, at: e.at }))],
        posted: [...s.posted, ...e.journal],
      };
    }
    case 'SettlementPaymentRecorded': {
      const e = event.data;
      const payments = e.payers.map((payer) => ({
        paymentId: e.paymentId,
        payer,
        enterpriseId: e.enterpriseId,
        amountFen: shareOf(s, [payer]),
        method: e.method,
        reference: e.reference,
        at: e.at,
      }));
      return { ...s, status: e.complete ? 'paid' : s.status, payments: [...s.payments, ...payments], posted: [...s.posted, ...e.journal] };
    }
    case 'SettlementInvoiced':
      return { ...s, status: 'invoiced', invoice: event.data.invoice };
    case 'SettlementClosed':
      return { ...s, status: 'closed' };
    case 'SettlementCancelled':
      return {
        ...s,
        status: 'cancelled',
        posted: [...s.posted, ...event.data.journal],
        cancellation: { reason: event.data.reason, by: event.data.by, at: event.data.at },
      };
  }
};

export const settlement: Decider<SettlementCommand, SettlementEvent, SettlementState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};

/** The steps the party may take now (for the console's buttons). */
export const stepsFor = (s: Settlement, by: Party): string[] => {
  const steps: string[] = [];
  if (by.kind === 'enterprise') {
    const roles = payerRolesOf(s, by.enterpriseId);
    if (s.status === 'draft' && roles.length > 0) {
      if (roles.some((p) => !s.confirmations.some((x) => x.payer === p))) {
        if (
          s.lines.some(
            (l) =>
              l.payerId === by.enterpriseId &&
              (roles as readonly string[]).includes(l.payer) &&
              !s.disputes.some((d) => d.lineId === l.lineId && isOpen(d)),
          )
        )
          steps.push('dispute');
        if (!s.disputes.some(isOpen)) steps.push('confirm');
      }
    }
    if (s.status === 'confirmed' && roles.some((p) => !s.payments.some((x) => x.payer === p))) steps.push('pay');
    if (s.status === 'paid' && roles.length > 0) steps.push('invoice');
    if (s.status === 'draft' && by.enterpriseId === s.parties.providerId && s.disputes.some((d) => d.status === 'raised'))
      steps.push('answer');
    if ((s.status === 'paid' || s.status === 'invoiced') && by.enterpriseId === s.parties.providerId) steps.push('close');
  }
  if (by.kind === 'operator' && s.jurisdiction.includes(by.regionCode)) {
    if (s.status === 'draft' && s.disputes.some(isOpen)) steps.push('arbitrate');
    if (s.status === 'paid' || s.status === 'invoiced') steps.push('close');
    if (s.status === 'draft' || s.status === 'confirmed' || s.status === 'paid') steps.push('cancel');
  }
  return steps;
};
