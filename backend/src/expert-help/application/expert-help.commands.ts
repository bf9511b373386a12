import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ExpertHelpRuleViolation,
  expertHelp,
  expertHelpStream,
  expertProfile,
  expertProfileStream,
  workOrder,
  workOrderStream,
  type ExpertFacts,
  type ExpertHelpCommand,
  type ExpertHelpEvent,
  type ExpertHelpState,
  type ExpertProfileEvent,
  type ExpertProfileState,
  type ExpertTerms,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BlobReferences } from '../../blobs/blob-references';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { EXPERTS_COLLECTION, type ExpertRow } from '../read-models/expert-help.projections';

// ---- Expert-help commands on the CommandBus: one message and one thin handler each ------------------
// What a rule needs beyond the help's stream is read here: the work order from its own stream, the
// expert's terms from theirs, the certification from the `experts` directory (the operators' approval,
// projected), the files from the blob store. The help's events are filed under the work order's scope.

type HelpResult = CommandResult<ExpertHelpEvent, ExpertHelpState>;

const atOf = (context: CommandContext): string => {
  if (!context.at) throw new Error('an expert-help command needs the time it was accepted');
  return context.at.toISOString();
};

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);
const ATTACHMENT_TYPES = new Set([...IMAGE_TYPES, 'application/pdf']);

/** Every file must be one the author uploaded, of an allowed type; someone else's reads as absent. */
async function checkFiles(blobs: BlobReferences, ids: readonly string[], authorId: string, field: string, allowed: ReadonlySet<string>) {
  for (const [index, blobId] of ids.entries()) {
    const found = await blobs.onRecord(blobId);
    if (!found || !found.uploaderIds.includes(authorId))
      throw new ExpertHelpRuleViolation('blob-uploaded', `${field}[${index}]`, 'no file with this id was uploaded by you (POST /api/v1/blobs first)');
    if (!allowed.has(found.mediaType)) throw new ExpertHelpRuleViolation('blob-media-type', `${field}[${index}]`, `a ${found.mediaType} file cannot be attached here`);
  }
}

export class RequestExpertHelp extends Command<HelpResult> {
  constructor(
    readonly helpId: string,
    readonly workOrderId: string,
    readonly request: { readonly expertId: string; readonly fieldCode: string; readonly question: string; readonly attachmentBlobIds: readonly string[] },
    readonly by: { readonly userId: string; readonly enterpriseId: string | null },
    /** Scoped by the caller to the work order's tenants and jurisdiction. */
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestExpertHelp)
export class RequestExpertHelpHandler implements ICommandHandler<RequestExpertHelp> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ helpId, workOrderId, request, by, context }: RequestExpertHelp): Promise<HelpResult> {
    const earlier = await this.streams.earlier(expertHelpStream(helpId), expertHelp, context);
    if (earlier === null) await checkFiles(this.blobs, request.attachmentBlobIds, by.userId, 'attachmentBlobIds', ATTACHMENT_TYPES);
    const { state: order } = await this.streams.load(workOrderStream(workOrderId), workOrder);
    const { state: terms } = await this.streams.load(expertProfileStream(request.expertId), expertProfile);
    const listed = await this.store.collection<ExpertRow>(EXPERTS_COLLECTION).findOne({ $and: [{ _id: request.expertId }, visibleRows] });
    const expert: ExpertFacts = {
      expertId: request.expertId,
      certified: listed?.certified ?? false,
      fields: listed?.fields ?? [],
      tariffFen: terms.status === 'set' ? terms.tariffFen : null,
      available: terms.status === 'set' && terms.available,
    };
    const command: ExpertHelpCommand = {
      type: 'RequestExpertHelp',
      data: {
        helpId,
        workOrderId,
        by: by.userId,
        byEnterpriseId: by.enterpriseId,
        workOrder: order.status === 'none' ? { status: 'none', providerId: null, assigneeId: null } : { status: order.status, providerId: order.providerId, assigneeId: order.assigneeId },
        expert,
        fieldCode: request.fieldCode,
        question: request.question,
        attachmentBlobIds: request.attachmentBlobIds,
        at: atOf(context),
      },
    };
    return this.streams.handle(expertHelpStream(helpId), command, expertHelp, context);
  }
}

/** A step of one party on an existing help; `context` carries the help's scope. */
abstract class HelpStep extends Command<HelpResult> {
  constructor(
    readonly helpId: string,
    readonly by: string,
    readonly context: CommandContext,
  ) {
    super();
  }
  abstract commandOf(at: string): ExpertHelpCommand;
}

export class AcceptExpertHelp extends HelpStep {
  commandOf(at: string): ExpertHelpCommand {
    return { type: 'AcceptExpertHelp', data: { by: this.by, at } };
  }
}
export class DeclineExpertHelp extends HelpStep {
  constructor(helpId: string, by: string, readonly reason: string, context: CommandContext) {
    super(helpId, by, context);
  }
  commandOf(at: string): ExpertHelpCommand {
    return { type: 'DeclineExpertHelp', data: { by: this.by, reason: this.reason, at } };
  }
}
export class MarkExpertChatRead extends HelpStep {
  constructor(helpId: string, by: string, readonly upToMessageId: string, context: CommandContext) {
    super(helpId, by, context);
  }
  commandOf(at: string): ExpertHelpCommand {
    return { type: 'MarkExpertChatRead', data: { by: this.by, upToMessageId: this.upToMessageId, at } };
  }
}
export class CloseExpertHelp extends HelpStep {
  constructor(helpId: string, by: string, readonly summary: string, context: CommandContext) {
    super(helpId, by, context);
  }
  commandOf(at: string): ExpertHelpCommand {
    return { type: 'CloseExpertHelp', data: { by: this.by, summary: this.summary, at } };
  }
}
export class RateExpert extends HelpStep {
  constructor(helpId: string, by: string, readonly score: number, readonly comment: string, context: CommandContext) {
    super(helpId, by, context);
  }
  commandOf(at: string): ExpertHelpCommand {
    return { type: 'RateExpert', data: { by: this.by, score: this.score, comment: this.comment, at } };
  }
}

const step = (streams: AggregateStreams, s: HelpStep) => streams.handle(expertHelpStream(s.helpId), s.commandOf(atOf(s.context)), expertHelp, s.context);

@CommandHandler(AcceptExpertHelp)
export class AcceptExpertHelpHandler implements ICommandHandler<AcceptExpertHelp> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(command: AcceptExpertHelp) {
    return step(this.streams, command);
  }
}
@CommandHandler(DeclineExpertHelp)
export class DeclineExpertHelpHandler implements ICommandHandler<DeclineExpertHelp> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(command: DeclineExpertHelp) {
    return step(this.streams, command);
  }
}
@CommandHandler(MarkExpertChatRead)
export class MarkExpertChatReadHandler implements ICommandHandler<MarkExpertChatRead> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(command: MarkExpertChatRead) {
    return step(this.streams, command);
  }
}
@CommandHandler(CloseExpertHelp)
export class CloseExpertHelpHandler implements ICommandHandler<CloseExpertHelp> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(command: CloseExpertHelp) {
    return step(this.streams, command);
  }
}
@CommandHandler(RateExpert)
export class RateExpertHandler implements ICommandHandler<RateExpert> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(command: RateExpert) {
    return step(this.streams, command);
  }
}

export class PostExpertChatMessage extends Command<HelpResult> {
  constructor(
    readonly helpId: string,
    readonly by: string,
    /** Derived from the request's key: a retried post is the same message. */
    readonly messageId: string,
    readonly message: { readonly text?: string; readonly imageBlobIds: readonly string[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PostExpertChatMessage)
export class PostExpertChatMessageHandler implements ICommandHandler<PostExpertChatMessage> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}
  async execute({ helpId, by, messageId, message, context }: PostExpertChatMessage): Promise<HelpResult> {
    if (message.imageBlobIds.length > 0 && (await this.streams.earlier(expertHelpStream(helpId), expertHelp, context)) === null)
      await checkFiles(this.blobs, message.imageBlobIds, by, 'imageBlobIds', IMAGE_TYPES);
    const command: ExpertHelpCommand = {
      type: 'PostExpertChatMessage',
      data: { by, messageId, ...(message.text !== undefined ? { text: message.text } : {}), imageBlobIds: message.imageBlobIds, at: atOf(context) },
    };
    return this.streams.handle(expertHelpStream(helpId), command, expertHelp, context);
  }
}

export class SetExpertProfile extends Command<CommandResult<ExpertProfileEvent, ExpertProfileState>> {
  constructor(
    readonly expertId: string,
    readonly terms: ExpertTerms,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetExpertProfile)
export class SetExpertProfileHandler implements ICommandHandler<SetExpertProfile> {
  constructor(
    private readonly streams: AggregateStreams,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}
  async execute({ expertId, terms, context }: SetExpertProfile) {
    const listed = await this.store.collection<ExpertRow>(EXPERTS_COLLECTION).findOne({ $and: [{ _id: expertId }, visibleRows] });
    return this.streams.handle(
      expertProfileStream(expertId),
      { type: 'SetExpertProfile', data: { expertId, by: context.actor.userId, certified: listed?.certified ?? false, ...terms, at: atOf(context) } },
      expertProfile,
      { ...context, tenantIds: [], jurisdiction: listed ? [...listed.scope.regions] : [] },
    );
  }
}

export const EXPERT_HELP_COMMAND_HANDLERS = [
  RequestExpertHelpHandler,
  AcceptExpertHelpHandler,
  DeclineExpertHelpHandler,
  PostExpertChatMessageHandler,
  MarkExpertChatReadHandler,
  CloseExpertHelpHandler,
  RateExpertHandler,
  SetExpertProfileHandler,
];
