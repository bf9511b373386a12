import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { MAX_AMOUNT_FEN, SettlementRuleViolation, settlementText } from './settlement-rules';

// ---- The ledger: balanced double-entry journal entries in integer fen (stream `Journal-<entryId>`) --
// Accounts are `<kind>:<partyId>`. An entry is posted once under its id (derived by whoever posts it,
// so a retry posts nothing twice) and never changed: a mistake is undone by a reversing entry.
// Settlement postings travel inside the settlement's own events (atomic with the step that causes
// them); other modules (expert withdrawals) post through PostJournalEntry on a Journal stream.

export const journalStream = (entryId: string): string => `Journal-${entryId}`;

export const ACCOUNT_KINDS = [
  'user-payable',
  'manufacturer-payable',
  'provider-receivable',
  'platform-fee-income',
  'expert-receivable',
  'cash',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** The party of the platform's own accounts (fee income, cash). */
export const PLATFORM_PARTY = 'platform';

export const accountOf = (kind: AccountKind, partyId: string): string => `${kind}:${partyId}`;

export const parseAccount = (account: string): { kind: AccountKind; partyId: string } | null => {
  const colon = account.indexOf(':');
  if (colon <= 0) return null;
  const kind = account.slice(0, colon);
  const partyId = account.slice(colon + 1);
  if (!(ACCOUNT_KINDS as readonly string[]).includes(kind) || partyId.length === 0 || partyId.length > 128) return null;
  return { kind: kind as AccountKind, partyId };
};

/**
 * Debit-normal kinds grow with debits (what a party owes the platform, cash held); the others are
 * credit-normal (what the platform owes a party, income). A balance is shown on its normal side.
 */
export const DEBIT_NORMAL: readonly AccountKind[] = ['user-payable', 'manufacturer-payable', 'cash'];

/** The balance of an account on its normal side, from its debit and credit totals. */
export const normalBalanceFen = (kind: AccountKind, debitFen: number, creditFen: number): number =>
  DEBIT_NORMAL.includes(kind) ? debitFen - creditFen : creditFen - debitFen;

export type JournalLine = {
  readonly account: string;
  readonly debitFen: number;
  readonly creditFen: number;
};

export type JournalEntry = {
  readonly entryId: string;
  readonly lines: readonly JournalLine[];
  readonly reason: string;
  /** What caused it, e.g. `{ kind: 'settlement', id }` or `{ kind: 'expert-withdrawal', id }`. */
  readonly source: { readonly kind: string; readonly id: string };
};

/**
 * The entry as posted, or a refusal: at least two lines, each on a known account with either a debit
 * or a credit in whole fen (never both, never a float), and debits equal to credits.
 */
export const balancedEntry = (entry: JournalEntry): JournalEntry => {
  if (entry.lines.length < 2) throw new SettlementRuleViolation('min-items', 'lines', 'an entry has at least two lines');
  let debits = 0n;
  let credits = 0n;
  entry.lines.forEach((line, i) => {
    if (parseAccount(line.account) === null)
      throw new SettlementRuleViolation(
        'account',
        `lines[${i}].account`,
        `an account is <kind>:<partyId>, kind one of ${ACCOUNT_KINDS.join(', ')}`,
      );
    for (const side of ['debitFen', 'creditFen'] as const) {
      const value = line[side];
      if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT_FEN)
        throw new SettlementRuleViolation('fen', `lines[${i}].${side}`, `${side} is a whole number of fen from 0 to ${MAX_AMOUNT_FEN}`);
    }
    if ((line.debitFen === 0) === (line.creditFen === 0))
      throw new SettlementRuleViolation('one-side', `lines[${i}]`, 'a line has either a debit or a credit');
    debits += BigInt(line.debitFen);
    credits += BigInt(line.creditFen);
  });
  if (debits !== credits)
    throw new SettlementRuleViolation('unbalanced', 'lines', `debits (${debits} fen) and credits (${credits} fen) differ`);
  return {
    entryId: entry.entryId,
    lines: entry.lines.map((l) => ({ account: l.account, debitFen: l.debitFen, creditFen: l.creditFen })),
    reason: settlementText(entry.reason, 'reason', true),
    source: entry.source,
  };
};

/** The entry that undoes `entry`: every debit becomes a credit and back, under a derived id. */
export const reversalOf = (entry: JournalEntry, reason: string): JournalEntry => ({
  entryId: `${entry.entryId}:reversal`,
  lines: entry.lines.map((l) => ({ account: l.account, debitFen: l.creditFen, creditFen: l.debitFen })),
  reason,
  source: entry.source,
});

/**
 * Lines that move `amountFen` from the debited to the credited account; amounts per account are
 * summed, zero amounts dropped (an entry of nothing but zeros posts nothing).
 */
export const transfers = (moves: readonly { debit: string; credit: string; amountFen: number }[]): JournalLine[] => {
  const net = new Map<string, number>();
  for (const m of moves) {
    if (m.amountFen === 0) continue;
    net.set(m.debit, (net.get(m.debit) ?? 0) + m.amountFen);
    net.set(m.credit, (net.get(m.credit) ?? 0) - m.amountFen);
  }
  return [...net.entries()]
    .filter(([, v]) => v !== 0)
    .map(([account, v]) => (v > 0 ? { account, debitFen: v, creditFen: 0 } : { account, debitFen: 0, creditFen: -v }));
};

// ---- The journal decider of entries posted by other modules -----------------------------------------

export type JournalEntryPosted = DomainEvent<
  'JournalEntryPosted',
  JournalEntry & { readonly tenantIds: readonly string[]; readonly regions: readonly string[]; readonly at: string }
>;
export type JournalEvent = JournalEntryPosted;

export type PostJournalEntryCommand = Command<
  'PostJournalEntry',
  JournalEntry & { readonly tenantIds: readonly string[]; readonly regions: readonly string[]; readonly at: string }
>;
export type JournalCommand = PostJournalEntryCommand;

export type JournalState = { readonly status: 'none' } | { readonly status: 'posted'; readonly entry: JournalEntry };

const sameLines = (a: readonly JournalLine[], b: readonly JournalLine[]) => JSON.stringify(a) === JSON.stringify(b);

export const journal: Decider<JournalCommand, JournalEvent, JournalState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    const entry = balancedEntry(command.data);
    if (state.status === 'posted') {
      // The same entry posted again (a retry) is there already; other lines under its id are a mistake.
      if (sameLines(state.entry.lines, entry.lines)) return [];
      throw new SettlementRuleViolation('entry-exists', 'entryId', 'an entry with this id was posted with other lines');
    }
    if (command.type !== 'PostJournalEntry') throw new IllegalTransition(state.status, command.type);
    return [
      {
        type: 'JournalEntryPosted',
        data: { ...entry, tenantIds: [...command.data.tenantIds], regions: [...command.data.regions], at: command.data.at },
      },
    ];
  },
  evolve: (_, event) => ({ status: 'posted', entry: event.data }),
};
