import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  enterpriseStream,
  knowledgeEntry,
  knowledgeEntryStream,
  KnowledgeRuleViolation,
  workOrder,
  workOrderStream,
  type KnowledgeContent,
  type KnowledgeEntryCommand,
  type KnowledgeEntryEvent,
  type KnowledgeEntryState,
  type KnowledgeImage,
  type Party,
  type WorkOrder,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { BlobReferences } from '../../blobs/blob-references';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { enterprises } from '../../tenancy/application/enterprise.commands';
import { scopedTo } from '../../tenancy/application/event-scope';

// ---- The knowledge base's commands on the CommandBus: one message and one thin handler each -------
// Handlers read what a rule needs beyond the entry's stream (the owner enterprise's type, the work
// order a proposal comes from, the uploaded pictures) and pass it in; the decider decides. Events are
// filed under the entry's owner and reviewing enterprises.

export type KnowledgeOutcome = CommandResult<KnowledgeEntryEvent, KnowledgeEntryState>;
type DataOf<T extends KnowledgeEntryCommand['type']> = Extract<KnowledgeEntryCommand, { type: T }>['data'];
type Said<T extends KnowledgeEntryCommand['type'], Facts extends string = never> = Omit<DataOf<T>, 'by' | 'at' | Facts>;

abstract class KnowledgeMessage<T extends KnowledgeEntryCommand['type'], D = Said<T>> extends Command<KnowledgeOutcome> {
  abstract readonly type: T;
  constructor(
    readonly entryId: string,
    readonly data: D,
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DraftKnowledgeEntry extends KnowledgeMessage<'DraftKnowledgeEntry', Said<'DraftKnowledgeEntry', 'entryId' | 'ownerType'>> {
  readonly type = 'DraftKnowledgeEntry';
}
export class ProposeFromWorkOrder extends KnowledgeMessage<'ProposeFromWorkOrder', Omit<Said<'ProposeFromWorkOrder', 'entryId' | 'workOrder'>, never> & { workOrderId: string }> {
  readonly type = 'ProposeFromWorkOrder';
}
export class ReviseKnowledgeEntry extends KnowledgeMessage<'ReviseKnowledgeEntry'> {
  readonly type = 'ReviseKnowledgeEntry';
}
export class ProposeKnowledgeEntry extends KnowledgeMessage<'ProposeKnowledgeEntry'> {
  readonly type = 'ProposeKnowledgeEntry';
}
export class ApproveKnowledgeEntry extends KnowledgeMessage<'ApproveKnowledgeEntry'> {
  readonly type = 'ApproveKnowledgeEntry';
}
export class RejectKnowledgeEntry extends KnowledgeMessage<'RejectKnowledgeEntry'> {
  readonly type = 'RejectKnowledgeEntry';
}
export class PublishKnowledgeEntry extends KnowledgeMessage<'PublishKnowledgeEntry'> {
  readonly type = 'PublishKnowledgeEntry';
}
export class RetireKnowledgeEntry extends KnowledgeMessage<'RetireKnowledgeEntry'> {
  readonly type = 'RetireKnowledgeEntry';
}

type AnyMessage = KnowledgeMessage<KnowledgeEntryCommand['type'], object>;

/** Pictures must be the acting user's uploads, unless the entry already shows them. */
const checkImages = async (blobs: BlobReferences, images: readonly KnowledgeImage[], uploaderId: string, kept: readonly KnowledgeImage[] = []): Promise<void> => {
  for (const [i, image] of images.entries()) {
    if (kept.some((k) => k.blobId === image.blobId && k.mediaType === image.mediaType && k.size === image.size)) continue;
    const problem = await blobs.problemWith(image, uploaderId);
    if (problem) throw new KnowledgeRuleViolation(problem.rule, `images[${i}].${problem.part}`, problem.message);
  }
};

const scopeOf = (context: CommandContext, ownerId: string, reviewerIds: readonly string[]): CommandContext => scopedTo(context, [...new Set([ownerId, ...reviewerIds])], []);

@Injectable()
abstract class NewEntry<M extends DraftKnowledgeEntry | ProposeFromWorkOrder> {
  constructor(
    protected readonly streams: AggregateStreams,
    protected readonly blobs: BlobReferences,
  ) {}

  protected abstract commandOf(m: M): Promise<{ command: KnowledgeEntryCommand; reviewerIds: string[] }>;

  async execute(m: M): Promise<KnowledgeOutcome> {
    const { command, reviewerIds } = await this.commandOf(m);
    const stream = knowledgeEntryStream(m.entryId);
    const ownerId = m.by.kind === 'enterprise' ? m.by.enterpriseId : '';
    const context = scopeOf(m.context, ownerId, reviewerIds);
    const { state } = await this.streams.load(stream, knowledgeEntry);
    // A retried request finds its entry (the command id is the same) and appends nothing.
    if (state.status !== 'none') return this.streams.handle(stream, command, knowledgeEntry, context);
    // Decided before the pictures are looked up, so a refused draft says why first.
    knowledgeEntry.decide(command, state);
    await checkImages(this.blobs, m.data.content.images, m.context.actor.userId);
    return this.streams.handle(stream, command, knowledgeEntry, context);
  }
}

@CommandHandler(DraftKnowledgeEntry)
export class DraftKnowledgeEntryHandler extends NewEntry<DraftKnowledgeEntry> implements ICommandHandler<DraftKnowledgeEntry, KnowledgeOutcome> {
  protected async commandOf(m: DraftKnowledgeEntry) {
    const ownerId = m.by.kind === 'enterprise' ? m.by.enterpriseId : null;
    const owner = ownerId === null ? null : (await this.streams.load(enterpriseStream(ownerId), enterprises)).state;
    const ownerType = owner === null || owner.status === 'unregistered' ? null : owner.type;
    return { command: { type: 'DraftKnowledgeEntry', data: { ...m.data, entryId: m.entryId, ownerType, by: m.by, at: m.at } } as KnowledgeEntryCommand, reviewerIds: [] };
  }
}

@CommandHandler(ProposeFromWorkOrder)
export class ProposeFromWorkOrderHandler extends NewEntry<ProposeFromWorkOrder> implements ICommandHandler<ProposeFromWorkOrder, KnowledgeOutcome> {
  protected async commandOf(m: ProposeFromWorkOrder) {
    const { workOrderId, content } = m.data;
    const { state } = await this.streams.load(workOrderStream(workOrderId), workOrder);
    if (state.status === 'none') throw new NotFoundInScope('WorkOrder', 'workOrderId');
    const order = state as WorkOrder;
    const facts = { workOrderId, number: order.number, status: order.status, providerId: order.providerId, manufacturerId: order.manufacturerId };
    return {
      command: { type: 'ProposeFromWorkOrder', data: { entryId: m.entryId, content, workOrder: facts, by: m.by, at: m.at } } as KnowledgeEntryCommand,
      reviewerIds: [order.manufacturerId, order.providerId].filter((id): id is string => id !== null),
    };
  }
}

/** A step on an existing entry: 404 when there is none; decided and appended under the entry's scope. */
@Injectable()
abstract class OnEntry<M extends AnyMessage> {
  constructor(
    protected readonly streams: AggregateStreams,
    protected readonly blobs: BlobReferences,
  ) {}

  protected check(_m: M, _state: KnowledgeEntryState): Promise<void> {
    return Promise.resolve();
  }

  async execute(m: M): Promise<KnowledgeOutcome> {
    const stream = knowledgeEntryStream(m.entryId);
    const { state } = await this.streams.load(stream, knowledgeEntry);
    if (state.status === 'none') throw new NotFoundInScope('KnowledgeEntry');
    await this.check(m, state);
    const command = { type: m.type, data: { ...m.data, by: m.by, at: m.at } } as KnowledgeEntryCommand;
    return this.streams.handle(stream, command, knowledgeEntry, scopeOf(m.context, state.ownerId!, state.reviewerIds));
  }
}

@CommandHandler(ReviseKnowledgeEntry)
export class ReviseKnowledgeEntryHandler extends OnEntry<ReviseKnowledgeEntry> implements ICommandHandler<ReviseKnowledgeEntry, KnowledgeOutcome> {
  protected override check(m: ReviseKnowledgeEntry, state: KnowledgeEntryState): Promise<void> {
    return checkImages(this.blobs, (m.data as { content: KnowledgeContent }).content.images, m.context.actor.userId, state.content?.images ?? []);
  }
}
@CommandHandler(ProposeKnowledgeEntry)
export class ProposeKnowledgeEntryHandler extends OnEntry<ProposeKnowledgeEntry> implements ICommandHandler<ProposeKnowledgeEntry, KnowledgeOutcome> {}
@CommandHandler(ApproveKnowledgeEntry)
export class ApproveKnowledgeEntryHandler extends OnEntry<ApproveKnowledgeEntry> implements ICommandHandler<ApproveKnowledgeEntry, KnowledgeOutcome> {}
@CommandHandler(RejectKnowledgeEntry)
export class RejectKnowledgeEntryHandler extends OnEntry<RejectKnowledgeEntry> implements ICommandHandler<RejectKnowledgeEntry, KnowledgeOutcome> {}
@CommandHandler(PublishKnowledgeEntry)
export class PublishKnowledgeEntryHandler extends OnEntry<PublishKnowledgeEntry> implements ICommandHandler<PublishKnowledgeEntry, KnowledgeOutcome> {}
@CommandHandler(RetireKnowledgeEntry)
export class RetireKnowledgeEntryHandler extends OnEntry<RetireKnowledgeEntry> implements ICommandHandler<RetireKnowledgeEntry, KnowledgeOutcome> {}

export const KNOWLEDGE_COMMAND_HANDLERS = [
  DraftKnowledgeEntryHandler,
  ProposeFromWorkOrderHandler,
  ReviseKnowledgeEntryHandler,
  ProposeKnowledgeEntryHandler,
  ApproveKnowledgeEntryHandler,
  RejectKnowledgeEntryHandler,
  PublishKnowledgeEntryHandler,
  RetireKnowledgeEntryHandler,
];
