import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InventoryRuleViolation, type StockTransferredOut } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, reactionCommandId, type Dispatch, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { handleStock, stockTargetOf, TransferStockOut, type StockOutcome } from './inventory.commands';

// ---- Transfers: out of one ledger, in transit, into another ------------------------------------------
// Two streams, so no single append can move the stock. The source writes StockTransferredOut; the
// destination's StockTransferExpected follows from that event, under a command id derived from its
// event id — the same id whether the transfer's own request writes it at once or the durable reaction
// does after a crash in between. Either way it is appended once, and the transfer cannot get lost.

export const TRANSFER_REACTION = 'inventory-transfers-in-transit';
const SYSTEM_ACTOR = { userId: 'system:inventory' } as const;

export interface ExpectTransfer {
  readonly type: 'ExpectStockTransfer';
  readonly data: { transferId: string; fromWarehouseId: string; toWarehouseId: string; partId: string; quantity: number; valueFen: number; at: string };
}

/** The destination's command for a source's StockTransferredOut (ids from the stream: `Stock-<wh>:<part>`). */
export const expectTransferOf = (e: RecordedEvent<StockTransferredOut>): ExpectTransfer => {
  const [fromWarehouseId = '', partId = ''] = e.streamId.slice('Stock-'.length).split(':');
  const { transferId, toWarehouseId, quantity, valueFen, at } = e.data;
  return { type: 'ExpectStockTransfer', data: { transferId, fromWarehouseId, toWarehouseId, partId, quantity, valueFen, at } };
};

export const transfersInTransit = reaction(TRANSFER_REACTION, {
  StockTransferredOut: ((e: RecordedEvent<StockTransferredOut>) => expectTransferOf(e)) as unknown as ReactionHandler,
});

/** Writes the destination's side of a transfer (idempotent: a transfer is expected once). */
@Injectable()
export class StockTransfers implements OnModuleInit {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly registry: ReactionRegistry,
  ) {}

  onModuleInit(): void {
    const onExpect: Dispatch = (command, context) => this.expect(command as unknown as ExpectTransfer, { ...context, actor: SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] });
    this.registry.add(transfersInTransit, { ExpectStockTransfer: onExpect });
  }

  async expect({ data }: ExpectTransfer, context: CommandContext): Promise<StockOutcome> {
    const { toWarehouseId, partId, ...rest } = data;
    const target = await stockTargetOf(this.streams, toWarehouseId, partId);
    return handleStock(this.streams, { type: 'ExpectStockTransfer', data: { target, transferId: rest.transferId, fromWarehouseId: rest.fromWarehouseId, quantity: rest.quantity, valueFen: rest.valueFen, at: rest.at } }, context);
  }
}

/**
 * Sends stock on its way: the source's ledger decides (available stock only), then the destination is
 * told at once under the reaction's command id, so the caller sees the transfer in transit on return.
 */
@CommandHandler(TransferStockOut)
export class TransferStockOutHandler implements ICommandHandler<TransferStockOut, StockOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly transfers: StockTransfers,
  ) {}

  async execute(m: TransferStockOut): Promise<StockOutcome> {
    const [source, destination] = await Promise.all([stockTargetOf(this.streams, m.warehouseId, m.partId), stockTargetOf(this.streams, m.data.toWarehouseId, m.partId)]);
    if (destination.enterpriseId !== source.enterpriseId)
      throw new InventoryRuleViolation('other-enterprise', 'toWarehouseId', 'stock is transferred between warehouses of one enterprise');
    const outcome = await handleStock(this.streams, { type: 'TransferStockOut', data: { ...m.data, target: source } }, m.context);
    const index = outcome.eventTypes.indexOf('StockTransferredOut');
    const eventId = outcome.eventIds[index];
    const event = outcome.events.find((e) => e.type === 'StockTransferredOut');
    if (eventId !== undefined && event?.type === 'StockTransferredOut') {
      const recorded = { eventId, streamId: outcome.streamId, type: event.type, data: event.data } as RecordedEvent<StockTransferredOut>;
      await this.transfers.expect(expectTransferOf(recorded), {
        commandId: reactionCommandId(TRANSFER_REACTION, eventId, 0),
        causationId: eventId,
        correlationId: m.context.correlationId ?? m.context.commandId ?? eventId,
        actor: m.context.actor,
        tenantIds: [],
        jurisdiction: [],
      });
    }
    return outcome;
  }
}
