import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommentRuleViolation,
  workOrder,
  workOrderComments,
  workOrderCommentsStream,
  workOrderStream,
  type CommentVisibility,
  type Party,
  type WorkOrder,
  type WorkOrderCommentEvent,
  type WorkOrderCommentsState,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { BlobReferences } from '../../blobs/blob-references';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { scopedTo } from '../../tenancy/application/event-scope';
import type { MembershipsRow } from '../../tenancy/read-models/tenancy.projections';
import { operatorStaffRowId, type OperatorStaffRow } from '../../tenancy/read-models/operator-staff.projection';
import { tenantsOf } from '../../work-orders/read-models/work-orders.projections';

// ---- Posting a comment on a work order: one message, one thin handler --------------------------------
// The handler reads what the rules need beyond the comments' stream: the order (404 when there is
// none), who of the mentioned people would see the comment, and whether the photos are the author's
// uploads. A shared comment is filed under the order's scope; an internal note under the author's party
// alone (its enterprise, or exactly its node's region), which is what keeps it inside that party.

export type CommentOutcome = CommandResult<WorkOrderCommentEvent, WorkOrderCommentsState>;

export interface CommentPhoto {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export class PostWorkOrderComment extends Command<CommentOutcome> {
  constructor(
    readonly workOrderId: string,
    readonly commentId: string,
    readonly data: { text: string; mentions: readonly string[]; photos: readonly CommentPhoto[]; visibility: CommentVisibility },
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The parties of an order: its enterprises and the device's jurisdiction. */
export const orderScope = (order: WorkOrder): { tenants: string[]; regions: string[] } => ({
  tenants: tenantsOf({ requesterId: order.requesterId, ownerId: order.device.ownerId, manufacturerId: order.manufacturerId, providerId: order.providerId }),
  regions: [...order.device.jurisdiction],
});

/** Where a comment is filed: the order's scope when shared, the author's party alone when internal. */
export const commentScope = (order: WorkOrder, by: Party, visibility: CommentVisibility): { tenants: string[]; regions: string[] } => {
  if (visibility === 'shared') return orderScope(order);
  if (by.kind === 'enterprise') return { tenants: [by.enterpriseId], regions: [] };
  if (by.kind === 'operator') return { tenants: [], regions: [by.regionCode] };
  return { tenants: [], regions: [] };
};

@CommandHandler(PostWorkOrderComment)
export class PostWorkOrderCommentHandler implements ICommandHandler<PostWorkOrderComment, CommentOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute(m: PostWorkOrderComment): Promise<CommentOutcome> {
    const { state } = await this.streams.load(workOrderStream(m.workOrderId), workOrder);
    if (state.status === 'none') throw new NotFoundInScope('WorkOrder');
    const order = state as WorkOrder;
    const scope = commentScope(order, m.by, m.data.visibility);
    for (const [i, photo] of m.data.photos.entries()) {
      const problem = await this.blobs.problemWith(photo, m.context.actor.userId);
      if (problem) throw new CommentRuleViolation(problem.rule, `photos[${i}].${problem.part}`, problem.message);
    }
    const unreachableMentions = await this.unreachable(m.data.mentions, order, m.by, m.data.visibility);
    const command = {
      type: 'PostWorkOrderComment' as const,
      data: { commentId: m.commentId, workOrderId: m.workOrderId, text: m.data.text, mentions: m.data.mentions, blobIds: m.data.photos.map((p) => p.blobId), visibility: m.data.visibility, unreachableMentions, by: m.by, at: m.at },
    };
    return this.streams.handle(workOrderCommentsStream(m.workOrderId), command, workOrderComments, scopedTo(m.context, scope.tenants, scope.regions));
  }

  /**
   * Mentioned people who would not see the comment: an internal note reaches the author's own party
   * (active members of its enterprise, or its node's staff); a shared one the active members of the
   * order's enterprises and the staff of the operator nodes of its jurisdiction.
   */
  private async unreachable(mentions: readonly string[], order: WorkOrder, by: Party, visibility: CommentVisibility): Promise<string[]> {
    if (mentions.length === 0) return [];
    const scope = visibility === 'internal' ? commentScope(order, by, 'internal') : orderScope(order);
    const members = await this.store.collection<MembershipsRow>('memberships').find({ $and: [{ _id: { $in: [...mentions] } }, visibleRows] });
    const inEnterprise = new Set(members.filter((r) => r.enterprises.some((e) => e.status === 'active' && scope.tenants.includes(e.enterpriseId))).map((r) => r._id));
    const staffIds =
      by.kind === 'operator' && visibility === 'internal'
        ? mentions.map((u) => operatorStaffRowId(by.nodeId, u))
        : null;
    const staff = await this.store
      .collection<OperatorStaffRow>('operator_staff')
      .find({ $and: [staffIds ? { _id: { $in: staffIds } } : { userId: { $in: [...mentions] }, divisionCode: { $in: scope.regions } }, visibleRows] });
    const onStaff = new Set(staff.map((s) => s.userId));
    return mentions.filter((u) => !inEnterprise.has(u) && !onStaff.has(u));
  }
}

export const COMMENT_COMMAND_HANDLERS = [PostWorkOrderCommentHandler];
