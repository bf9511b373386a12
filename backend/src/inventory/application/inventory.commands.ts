import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  InventoryRuleViolation,
  part,
  partCategory,
  partCategoryStream,
  partDetailsOf,
  partStream,
  stock,
  stockStream,
  warehouse,
  warehouseStream,
  type PartCategoryEvent,
  type PartCategoryState,
  type PartEvent,
  type PartState,
  type PartSubmission,
  type Party,
  type StockCommand,
  type StockEvent,
  type StockState,
  type StockTarget,
  type WarehouseDetails,
  type WarehouseEvent,
  type WarehouseState,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, ConcurrencyConflictError, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { scopedTo, stepOf } from '../../tenancy/application/event-scope';
import type { MembershipsRow } from '../../tenancy/read-models/tenancy.projections';
import { kindOfEnterprise } from '../../devices/application/enterprise-kinds';

// ---- The inventory's commands on the CommandBus: one message and one thin handler each -------------
// Handlers read what the deciders must know from other streams (the parent category, the part and the
// warehouse a movement is about, the enterprise's kind) and file the events under the enterprise.

const inEnterprise = (context: CommandContext, enterpriseId: string): CommandContext => scopedTo(context, [enterpriseId], []);
const enterpriseOf = (by: Party): string => (by.kind === 'enterprise' ? by.enterpriseId : '');

// ---- Catalogue -----------------------------------------------------------------------------------

export type CategoryOutcome = CommandResult<PartCategoryEvent, PartCategoryState>;

export class CreatePartCategory extends Command<CategoryOutcome> {
  constructor(
    readonly data: { code: string; name: string; parentCode: string | null; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RenamePartCategory extends Command<CategoryOutcome> {
  constructor(
    readonly code: string,
    readonly data: { name: string; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreatePartCategory)
export class CreatePartCategoryHandler implements ICommandHandler<CreatePartCategory, CategoryOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ data, context }: CreatePartCategory): Promise<CategoryOutcome> {
    const enterpriseId = enterpriseOf(data.by);
    let parent: { code: string; path: readonly string[] } | null = null;
    if (data.parentCode !== null) {
      const { state } = await this.streams.load(partCategoryStream(enterpriseId, data.parentCode), partCategory);
      if (state.status === 'none') throw new InventoryRuleViolation('category-unknown', 'parentCode', `no category ${data.parentCode} in the catalogue`);
      parent = { code: state.code, path: state.path };
    }
    return this.streams.handle(
      partCategoryStream(enterpriseId, data.code),
      { type: 'CreatePartCategory', data: { enterpriseId, code: data.code, name: data.name, parent, by: data.by, at: data.at } },
      partCategory,
      inEnterprise(context, enterpriseId),
    );
  }
}

@CommandHandler(RenamePartCategory)
export class RenamePartCategoryHandler implements ICommandHandler<RenamePartCategory, CategoryOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ code, data, context }: RenamePartCategory): Promise<CategoryOutcome> {
    const enterpriseId = enterpriseOf(data.by);
    return this.streams.handle(partCategoryStream(enterpriseId, code), { type: 'RenamePartCategory', data }, partCategory, inEnterprise(context, enterpriseId));
  }
}

export type PartOutcome = CommandResult<PartEvent, PartState>;

export class RegisterPart extends Command<PartOutcome> {
  constructor(
    readonly partId: string,
    readonly data: PartSubmission & { categoryCode: string; code: string | null; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class UpdatePart extends Command<PartOutcome> {
  constructor(
    readonly partId: string,
    readonly data: PartSubmission & { by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Registers a part: its details are checked first (so a refused part takes no code), then its category
 * allocates the code (the one asked for, or the next free one), then the part is written. The steps'
 * ids derive from the command's and the allocation is keyed by part id, so a retry finds the same code.
 */
@CommandHandler(RegisterPart)
export class RegisterPartHandler implements ICommandHandler<RegisterPart, PartOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ partId, data, context }: RegisterPart): Promise<PartOutcome> {
    const { categoryCode, code, by, at, ...submission } = data;
    const enterpriseId = enterpriseOf(by);
    const existing = await this.streams.load(partStream(partId), part);
    if (existing.state.status === 'none') partDetailsOf(submission);
    const context_ = { ...context, commandId: context.commandId ?? `register-part:${partId}` };
    const allocated = await this.streams.handle(
      partCategoryStream(enterpriseId, categoryCode),
      { type: 'AllocatePartCode', data: { partId, code, by, at } },
      partCategory,
      inEnterprise(stepOf(context_, 'code'), enterpriseId),
    );
    const category = allocated.state;
    if (category.status === 'none') throw new InventoryRuleViolation('category-unknown', 'categoryCode', `no category ${categoryCode} in the catalogue`);
    return this.streams.handle(
      partStream(partId),
      { type: 'RegisterPart', data: { ...submission, partId, code: category.codeOfPart[partId]!, category: { code: category.code, path: category.path }, by, at } },
      part,
      inEnterprise(context_, enterpriseId),
    );
  }
}

@CommandHandler(UpdatePart)
export class UpdatePartHandler implements ICommandHandler<UpdatePart, PartOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ partId, data, context }: UpdatePart): Promise<PartOutcome> {
    return this.streams.handle(partStream(partId), { type: 'UpdatePart', data }, part, inEnterprise(context, enterpriseOf(data.by)));
  }
}

// ---- Warehouses ----------------------------------------------------------------------------------

export type WarehouseOutcome = CommandResult<WarehouseEvent, WarehouseState>;

export class OpenWarehouse extends Command<WarehouseOutcome> {
  constructor(
    readonly warehouseId: string,
    readonly data: WarehouseDetails & { kind: string; engineerId: string | null; by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class UpdateWarehouse extends Command<WarehouseOutcome> {
  constructor(
    readonly warehouseId: string,
    readonly data: WarehouseDetails & { by: Party; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenWarehouse)
export class OpenWarehouseHandler implements ICommandHandler<OpenWarehouse, WarehouseOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ warehouseId, data, context }: OpenWarehouse): Promise<WarehouseOutcome> {
    const enterpriseId = enterpriseOf(data.by);
    const memberships =
      data.engineerId === null ? null : await this.store.collection<MembershipsRow>('memberships').findOne({ $and: [{ _id: data.engineerId }, visibleRows] });
    const engineerIsMember = memberships?.enterprises.some((m) => m.enterpriseId === enterpriseId && m.status === 'active') ?? false;
    return this.streams.handle(
      warehouseStream(warehouseId),
      { type: 'OpenWarehouse', data: { ...data, warehouseId, enterpriseKind: await kindOfEnterprise(this.streams, enterpriseId), engineerIsMember } },
      warehouse,
      inEnterprise(context, enterpriseId),
    );
  }
}

@CommandHandler(UpdateWarehouse)
export class UpdateWarehouseHandler implements ICommandHandler<UpdateWarehouse, WarehouseOutcome> {
  constructor(private readonly streams: AggregateStreams) {}

  execute({ warehouseId, data, context }: UpdateWarehouse): Promise<WarehouseOutcome> {
    return this.streams.handle(warehouseStream(warehouseId), { type: 'UpdateWarehouse', data }, warehouse, inEnterprise(context, enterpriseOf(data.by)));
  }
}

// ---- Stock movements -----------------------------------------------------------------------------

export type StockOutcome = CommandResult<StockEvent, StockState>;
type StockData<T extends StockCommand['type']> = Omit<Extract<StockCommand, { type: T }>['data'], 'target'>;

/**
 * The part and warehouse a movement is about, read from their streams. Both must exist and belong to one
 * enterprise: the routes found them in the caller's scope already, this keeps the ledger consistent.
 */
export const stockTargetOf = async (streams: AggregateStreams, warehouseId: string, partId: string): Promise<StockTarget> => {
  const [p, w] = await Promise.all([streams.load(partStream(partId), part), streams.load(warehouseStream(warehouseId), warehouse)]);
  if (p.state.status === 'none') throw new InventoryRuleViolation('part-unknown', 'partId', 'no such part in the catalogue');
  if (w.state.status === 'none') throw new InventoryRuleViolation('warehouse-unknown', 'warehouseId', 'no such warehouse');
  if (p.state.enterpriseId !== w.state.enterpriseId) throw new InventoryRuleViolation('other-enterprise', 'partId', 'the part and the warehouse belong to different enterprises');
  return {
    warehouseId,
    partId,
    enterpriseId: w.state.enterpriseId,
    partCode: p.state.code,
    partName: p.state.name,
    categoryPath: p.state.categoryPath,
    unit: p.state.unit,
    safetyStock: p.state.safetyStock,
    warehouseName: w.state.name,
    warehouseKind: w.state.kind,
    bins: w.state.bins,
  };
};

/**
 * Appends a movement to its stock stream. AggregateStreams re-decides on a conflicting write a few
 * times; a busy ledger (many requests for one part at once) gets more rounds here, since each round is
 * decided afresh — the invariant holds whichever writer wins, and the loser is refused by the rules,
 * not by the number of writers.
 */
export const handleStock = async (streams: AggregateStreams, command: StockCommand, context: CommandContext): Promise<StockOutcome> => {
  const { warehouseId, partId, enterpriseId } = command.data.target;
  for (let round = 1; ; round++) {
    try {
      return await streams.handle(stockStream(warehouseId, partId), command, stock, inEnterprise(context, enterpriseId));
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || round >= STOCK_CONFLICT_ROUNDS) throw error;
    }
  }
};
const STOCK_CONFLICT_ROUNDS = 8;

export abstract class StockMessage<T extends StockCommand['type']> extends Command<StockOutcome> {
  abstract readonly type: T;
  constructor(
    readonly warehouseId: string,
    readonly partId: string,
    readonly data: StockData<T>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ReceiveStock extends StockMessage<'ReceiveStock'> {
  readonly type = 'ReceiveStock';
}
export class ShelveStock extends StockMessage<'ShelveStock'> {
  readonly type = 'ShelveStock';
}
export class RequestStockIssue extends StockMessage<'RequestStockIssue'> {
  readonly type = 'RequestStockIssue';
}
export class ApproveStockIssue extends StockMessage<'ApproveStockIssue'> {
  readonly type = 'ApproveStockIssue';
}
export class RejectStockIssue extends StockMessage<'RejectStockIssue'> {
  readonly type = 'RejectStockIssue';
}
export class PickStockIssue extends StockMessage<'PickStockIssue'> {
  readonly type = 'PickStockIssue';
}
export class DeliverStockIssue extends StockMessage<'DeliverStockIssue'> {
  readonly type = 'DeliverStockIssue';
}
export class CancelStockIssue extends StockMessage<'CancelStockIssue'> {
  readonly type = 'CancelStockIssue';
}
export class ReturnStock extends StockMessage<'ReturnStock'> {
  readonly type = 'ReturnStock';
}
export class TransferStockOut extends StockMessage<'TransferStockOut'> {
  readonly type = 'TransferStockOut';
}
export class ReceiveStockTransfer extends StockMessage<'ReceiveStockTransfer'> {
  readonly type = 'ReceiveStockTransfer';
}
export class AdjustStock extends StockMessage<'AdjustStock'> {
  readonly type = 'AdjustStock';
}

@Injectable()
abstract class OnStock<M extends StockMessage<StockCommand['type']>> {
  constructor(protected readonly streams: AggregateStreams) {}

  async execute(m: M): Promise<StockOutcome> {
    const target = await stockTargetOf(this.streams, m.warehouseId, m.partId);
    return handleStock(this.streams, { type: m.type, data: { ...m.data, target } } as StockCommand, m.context);
  }
}

@CommandHandler(ReceiveStock)
export class ReceiveStockHandler extends OnStock<ReceiveStock> {}
@CommandHandler(ShelveStock)
export class ShelveStockHandler extends OnStock<ShelveStock> {}
@CommandHandler(RequestStockIssue)
export class RequestStockIssueHandler extends OnStock<RequestStockIssue> {}
@CommandHandler(ApproveStockIssue)
export class ApproveStockIssueHandler extends OnStock<ApproveStockIssue> {}
@CommandHandler(RejectStockIssue)
export class RejectStockIssueHandler extends OnStock<RejectStockIssue> {}
@CommandHandler(PickStockIssue)
export class PickStockIssueHandler extends OnStock<PickStockIssue> {}
@CommandHandler(DeliverStockIssue)
export class DeliverStockIssueHandler extends OnStock<DeliverStockIssue> {}
@CommandHandler(CancelStockIssue)
export class CancelStockIssueHandler extends OnStock<CancelStockIssue> {}
@CommandHandler(ReturnStock)
export class ReturnStockHandler extends OnStock<ReturnStock> {}
@CommandHandler(ReceiveStockTransfer)
export class ReceiveStockTransferHandler extends OnStock<ReceiveStockTransfer> {}
@CommandHandler(AdjustStock)
export class AdjustStockHandler extends OnStock<AdjustStock> {}

export const INVENTORY_COMMAND_HANDLERS = [
  CreatePartCategoryHandler,
  RenamePartCategoryHandler,
  RegisterPartHandler,
  UpdatePartHandler,
  OpenWarehouseHandler,
  UpdateWarehouseHandler,
  ReceiveStockHandler,
  ShelveStockHandler,
  RequestStockIssueHandler,
  ApproveStockIssueHandler,
  RejectStockIssueHandler,
  PickStockIssueHandler,
  DeliverStockIssueHandler,
  CancelStockIssueHandler,
  ReturnStockHandler,
  ReceiveStockTransferHandler,
  AdjustStockHandler,
];
