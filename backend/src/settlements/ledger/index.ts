import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { journal, journalStream, type JournalEntry, type JournalEvent, type JournalState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- Posting to the ledger from other modules (expert withdrawals, ...) -------------------------------
// `commandBus.execute(new PostJournalEntry({ entryId, tenant, lines, reason, source }, context))`: the
// entry is refused unless balanced in whole fen (SettlementRuleViolation 'unbalanced' / 'fen' / ...);
// posted once under its entryId (derive it from what causes it, e.g. `expert-withdrawal:<id>:payout`).
// Accounts are `<kind>:<partyId>`: user-payable, manufacturer-payable, provider-receivable,
// platform-fee-income, expert-receivable, cash (the platform's party id is 'platform').

export type { JournalEntry, JournalLine } from '@kuaige/domain';
export { accountOf, ACCOUNT_KINDS, PLATFORM_PARTY } from '@kuaige/domain';

export interface JournalPosting extends JournalEntry {
  /** The enterprise the entry belongs to (its rows are in that tenant's scope), or null for the platform's own. */
  readonly tenant: string | null;
  /** Division codes whose operators see the entry (e.g. the expert's or the order's jurisdiction). */
  readonly regions?: readonly string[];
}

export type JournalOutcome = CommandResult<JournalEvent, JournalState>;

export class PostJournalEntry extends Command<JournalOutcome> {
  constructor(
    readonly entry: JournalPosting,
    readonly context: Omit<CommandContext, 'tenantIds' | 'jurisdiction'>,
    readonly at: string = new Date().toISOString(),
  ) {
    super();
  }
}

@CommandHandler(PostJournalEntry)
export class PostJournalEntryHandler implements ICommandHandler<PostJournalEntry, JournalOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: PostJournalEntry): Promise<JournalOutcome> {
    const { tenant, regions = [], ...entry } = m.entry;
    const tenantIds = tenant === null ? [] : [tenant];
    return this.streams.handle(
      journalStream(entry.entryId),
      { type: 'PostJournalEntry', data: { ...entry, tenantIds, regions: [...regions], at: m.at } },
      journal,
      {
        ...m.context,
        tenantIds,
        jurisdiction: [...regions],
      },
    );
  }
}
