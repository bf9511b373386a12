import { Body, Controller, Get, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { PostWorkOrderComment } from '../application/comment.commands';
import { WORK_ORDER_COMMENTS_COLLECTION } from '../read-models/comments.projections';
import { GetWorkOrderComments, readableOrderRow } from '../read-models/comment.queries';
import { CommentErrorFilter } from './comment-error.filter';
import { PostCommentDto } from './comments.dto';

const THREAD =
  '{ items: [{ id, workOrderId, authorId, authorName, party: { kind, id }, text, mentions, mentionNames, blobIds, visibility (internal | shared), at, mine }], mentionable: [{ userId, name, party }] }';

/** The comment thread of a work order: shared comments and internal notes, with mentions and photos. */
@ApiTags('comments')
@Controller('api/v1/work-orders')
@UseFilters(CommentErrorFilter)
@ApiUnprocessableEntityResponse({ description: 'a rule refused the input: errors[0] names field and rule (mentions[i] can-see-comment, photos[i].blobId blob-uploaded …)' })
export class WorkOrderCommentsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get(':id/comments')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The comments I may see on a work order I may see: shared ones and my own party’s internal notes, oldest first' })
  @ApiOkResponse({ description: THREAD })
  async list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp([WORK_ORDER_COMMENTS_COLLECTION, 'work_orders']);
    return this.queries.execute(new GetWorkOrderComments(actor, id));
  }

  @Post(':id/comments')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Comment on a work order I may see; an internal note stays inside my enterprise or operator node' })
  @ApiCreatedResponse({ description: THREAD })
  async post(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PostCommentDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp(['work_orders']);
    await readableOrderRow(this.store, actor, id);
    const now = this.clock.now();
    await this.commands.execute(
      new PostWorkOrderComment(
        id,
        client.idOf('comment'),
        { text: dto.text ?? '', mentions: dto.mentions ?? [], photos: (dto.photos ?? []).map((p) => ({ blobId: p.blobId, mediaType: p.mediaType, size: p.size })), visibility: dto.visibility },
        partyOf(actor),
        now.toISOString(),
        actingContext(client, 'comment', actor, now),
      ),
    );
    await this.freshness.caughtUp([WORK_ORDER_COMMENTS_COLLECTION]);
    return this.queries.execute(new GetWorkOrderComments(actor, id));
  }
}
