import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  availableOf,
  InventoryRuleViolation,
  STOCK_TAKE_MAX_LINES,
  stock,
  stockStream,
  stockTake,
  stockTakeStream,
  type Party,
  type StockCount,
  type StockTakeApproved,
  type StockTakeBookLine,
  type StockTakeCommand,
  type StockTakeEvent,
  type StockTakeState,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, reactionCommandId, visibleRows, type Dispatch, type DispatchReceipt, type ReactionHandler, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { scopedTo } from '../../tenancy/application/event-scope';
import { handleStock, stockTargetOf } from '../application/inventory.commands';
import { STOCK_LEVELS, STOCK_MOVEMENTS, type StockLevelRow, type StockMovementRow, type WarehouseRow } from '../read-models/inventory.projections';

// ---- Stock-taking on the CommandBus: one message and one thin handler per session command ----------
// Opening reads the book from the stock levels (the route waited for them to catch up) and freezes it
// into the session's first event. Approval posts each variance through the ledger's own AdjustStock,
// under a command id derived from the approval event and the line, both at once and by the durable
// reaction below should the process die in between: each adjustment is appended exactly once.

export const STOCK_TAKE_REACTION = 'inventory-stock-take-adjustments';
const POST_ADJUSTMENT = 'PostStockTakeAdjustment';
const SYSTEM_ACTOR = { userId: 'system:inventory' } as const;

export type StockTakeOutcome = CommandResult<StockTakeEvent, StockTakeState>;

const enterpriseOf = (by: Party): string => (by.kind === 'enterprise' ? by.enterpriseId : '');
const inEnterprise = (context: CommandContext, enterpriseId: string): CommandContext => scopedTo(context, [enterpriseId], []);

export class OpenStockTake extends Command<StockTakeOutcome> {
  constructor(
    readonly stockTakeId: string,
    readonly warehouse: Pick<WarehouseRow, '_id' | 'name' | 'enterpriseId'>,
    readonly data: { categoryCode: string | null; note: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CountStock extends Command<StockTakeOutcome> {
  constructor(
    readonly stockTakeId: string,
    readonly data: { counts: readonly StockCount[]; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SubmitStockTake extends Command<StockTakeOutcome> {
  constructor(
    readonly stockTakeId: string,
    readonly data: { by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ApproveStockTake extends Command<StockTakeOutcome> {
  constructor(
    readonly stockTakeId: string,
    readonly data: { note: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CancelStockTake extends Command<StockTakeOutcome> {
  constructor(
    readonly stockTakeId: string,
    readonly data: { reason: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const handleSession = (streams: AggregateStreams, stockTakeId: string, command: StockTakeCommand, context: CommandContext, enterpriseId: string) =>
  streams.handle(stockTakeStream(stockTakeId), command, stockTake, inEnterprise(context, enterpriseId));

/** The book of a warehouse (optionally one category) as the stock levels say, with the log position it is as of. */
export const bookOf = async (store: ReadModelStore, warehouseId: string, categoryCode: string | null, limit: number): Promise<{ lines: StockTakeBookLine[]; position: number }> => {
  const filter = { $and: [visibleRows, { warehouseId, ...(categoryCode ? { categoryPath: categoryCode } : {}) }] };
  const [levels, last] = await Promise.all([
    store.collection<StockLevelRow>(STOCK_LEVELS).find(filter, { sort: { partCode: 1, _id: 1 }, limit }),
    store.collection<StockMovementRow>(STOCK_MOVEMENTS).find({ $and: [visibleRows, { warehouseId }] }, { sort: { position: -1 }, limit: 1 }),
  ]);
  return {
    lines: levels.map((l) => ({ partId: l.partId, partCode: l.partCode, partName: l.partName, unit: l.unit, bookQuantity: l.onHand, averageCostFen: l.averageCostFen })),
    position: last[0]?.position ?? -1,
  };
};

@CommandHandler(OpenStockTake)
export class OpenStockTakeHandler implements ICommandHandler<OpenStockTake, StockTakeOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ stockTakeId, warehouse, data, context }: OpenStockTake): Promise<StockTakeOutcome> {
    const existing = await this.streams.load(stockTakeStream(stockTakeId), stockTake);
    // A retried request finds its session: the book it froze then stays the book.
    const { lines, position } =
      existing.state.status === 'none' ? await bookOf(this.store, warehouse._id, data.categoryCode, STOCK_TAKE_MAX_LINES + 1) : { lines: [], position: -1 };
    return handleSession(
      this.streams,
      stockTakeId,
      {
        type: 'OpenStockTake',
        data: { stockTakeId, enterpriseId: warehouse.enterpriseId, warehouseId: warehouse._id, warehouseName: warehouse.name, categoryCode: data.categoryCode, lines, frozenAtPosition: position, note: data.note, by: data.by, at: data.at },
      },
      context,
      enterpriseOf(data.by),
    );
  }
}

@CommandHandler(CountStock)
export class CountStockHandler implements ICommandHandler<CountStock, StockTakeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ stockTakeId, data, context }: CountStock): Promise<StockTakeOutcome> {
    return handleSession(this.streams, stockTakeId, { type: 'CountStock', data }, context, enterpriseOf(data.by));
  }
}

@CommandHandler(SubmitStockTake)
export class SubmitStockTakeHandler implements ICommandHandler<SubmitStockTake, StockTakeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ stockTakeId, data, context }: SubmitStockTake): Promise<StockTakeOutcome> {
    return handleSession(this.streams, stockTakeId, { type: 'SubmitStockTake', data }, context, enterpriseOf(data.by));
  }
}

@CommandHandler(CancelStockTake)
export class CancelStockTakeHandler implements ICommandHandler<CancelStockTake, StockTakeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ stockTakeId, data, context }: CancelStockTake): Promise<StockTakeOutcome> {
    return handleSession(this.streams, stockTakeId, { type: 'CancelStockTake', data }, context, enterpriseOf(data.by));
  }
}

// ---- Posting the variances ---------------------------------------------------------------------------

type PostAdjustment = {
  readonly type: typeof POST_ADJUSTMENT;
  readonly data: { stockTakeId: string; partId: string; adjustmentId: string; delta: number; by: Party; at: string };
};
type Session = { readonly warehouseId: string; readonly enterpriseId: string; readonly refused: readonly string[] };

/** The adjustments an approval asks for, in the order their command ids are numbered. */
export const adjustmentsOf = (e: RecordedEvent<StockTakeApproved>): PostAdjustment[] =>
  e.data.adjustments.map((a) => ({
    type: POST_ADJUSTMENT,
    data: { stockTakeId: e.streamId.slice('StockTake-'.length), partId: a.partId, adjustmentId: a.adjustmentId, delta: a.delta, by: e.data.by, at: e.data.at },
  }));

/** Stock-take approvals whose adjustments are posted: the durable half of ApproveStockTake. */
export const stockTakeAdjustments = reaction(STOCK_TAKE_REACTION, {
  StockTakeApproved: ((e: RecordedEvent<StockTakeApproved>) => adjustmentsOf(e)) as unknown as ReactionHandler,
});

@Injectable()
export class StockTakePosting implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly registry: ReactionRegistry,
  ) {}

  onModuleInit(): void {
    const onPost: Dispatch = (command, context) => this.post(command as unknown as PostAdjustment, { ...context, actor: SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] });
    this.registry.add(stockTakeAdjustments, { [POST_ADJUSTMENT]: onPost });
  }

  /**
   * One variance into the part's ledger. A ledger that refuses it (the stock left in between, beyond what
   * approval checked) gets the refusal recorded on the session under the same command id, so the reaction
   * moves on and the report shows the line as not posted.
   */
  async post({ data }: PostAdjustment, context: CommandContext, known?: Session): Promise<DispatchReceipt> {
    const session = known ?? (await this.session(data.stockTakeId));
    const refuse = (rule: string, message: string) =>
      handleSession(
        this.streams,
        data.stockTakeId,
        { type: 'RecordStockTakeRefusal', data: { partId: data.partId, adjustmentId: data.adjustmentId, rule, message, at: data.at } },
        context,
        session.enterpriseId,
      );
    // Refused once, refused for good: a replay must not post what the session reports as not posted.
    if (session.refused.includes(data.partId)) return refuse('already-refused', 'recorded before');
    const target = await stockTargetOf(this.streams, session.warehouseId, data.partId);
    try {
      return await handleStock(
        this.streams,
        { type: 'AdjustStock', data: { target, adjustmentId: data.adjustmentId, delta: data.delta, reason: `stock-take:${data.stockTakeId}`, by: data.by, at: data.at } },
        context,
      );
    } catch (error) {
      if (!(error instanceof InventoryRuleViolation)) throw error;
      return refuse(error.rule, error.message);
    }
  }

  private async session(stockTakeId: string): Promise<Session> {
    const { state } = await this.streams.load(stockTakeStream(stockTakeId), stockTake);
    if (state.status === 'none') throw new InventoryRuleViolation('stock-take-unknown', 'stockTakeId', `no stock-take session ${stockTakeId}`);
    return state;
  }
}

@CommandHandler(ApproveStockTake)
export class ApproveStockTakeHandler implements ICommandHandler<ApproveStockTake, StockTakeOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly posting: StockTakePosting,
  ) {}

  async execute({ stockTakeId, data, context }: ApproveStockTake): Promise<StockTakeOutcome> {
    const { state } = await this.streams.load(stockTakeStream(stockTakeId), stockTake);
    const available: Record<string, number> = {};
    if (state.status !== 'none') {
      const losses = Object.values(state.lines).filter((l) => l.countedQuantity !== null && l.countedQuantity < l.bookQuantity);
      for (const l of losses) available[l.partId] = availableOf((await this.streams.load(stockStream(state.warehouseId, l.partId), stock)).state);
    }
    const outcome = await handleSession(this.streams, stockTakeId, { type: 'ApproveStockTake', data: { ...data, available } }, context, enterpriseOf(data.by));
    const index = outcome.eventTypes.indexOf('StockTakeApproved');
    const eventId = outcome.eventIds[index];
    const approved = outcome.events.find((e) => e.type === 'StockTakeApproved');
    if (eventId !== undefined && approved?.type === 'StockTakeApproved' && outcome.state.status !== 'none') {
      const recorded = { eventId, streamId: outcome.streamId, type: approved.type, data: approved.data } as RecordedEvent<StockTakeApproved>;
      for (const [i, post] of adjustmentsOf(recorded).entries()) {
        await this.posting.post(post, {
          commandId: reactionCommandId(STOCK_TAKE_REACTION, eventId, i),
          causationId: eventId,
          correlationId: context.correlationId ?? context.commandId ?? eventId,
          actor: context.actor,
          tenantIds: [],
          jurisdiction: [],
        }, outcome.state);
      }
    }
    return outcome;
  }
}

export const STOCK_TAKE_COMMAND_HANDLERS = [OpenStockTakeHandler, CountStockHandler, SubmitStockTakeHandler, ApproveStockTakeHandler, CancelStockTakeHandler];
