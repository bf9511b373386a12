import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { subject as asSubject } from '@casl/ability';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { ActorDirectory } from '../tenancy/api/authorization';
import { TenancyModule } from '../tenancy/tenancy.module';
import { WORK_ORDERS_COLLECTION } from '../work-orders/read-models/work-orders.projections';
import { WorkOrderCommentsController } from './api/comments.controller';
import { COMMENT_COMMAND_HANDLERS } from './application/comment.commands';
import { actorPartyKey, COMMENT_QUERY_HANDLERS } from './read-models/comment.queries';
import { WORK_ORDER_COMMENTS_COLLECTION, type WorkOrderCommentRow } from './read-models/comments.projections';

/** Comments on work orders: shared and internal, with mentions and photos. Projections: COMMENTS_PROJECTIONS (read-side.ts). README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule, BlobStorageModule],
  controllers: [WorkOrderCommentsController],
  providers: [...COMMENT_COMMAND_HANDLERS, ...COMMENT_QUERY_HANDLERS],
})
export class CommentsModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** A comment's photos are read by whoever reads the comment: the order's readers, of its party when internal. */
  onModuleInit(): void {
    this.policies.register(async (reader, blob) => {
      if (reader.context === null) return false;
      const comments = await this.store.collection<WorkOrderCommentRow>(WORK_ORDER_COMMENTS_COLLECTION).find({ $and: [{ blobIds: blob.blobId }, visibleRows] }, { limit: 20 });
      if (comments.length === 0) return false;
      try {
        const actor = await this.actors.actorOf(reader);
        const orders = await this.store.collection(WORK_ORDERS_COLLECTION).find({ $and: [{ _id: { $in: comments.map((c) => c.workOrderId) } }, visibleRows] });
        return comments.some((c) => {
          const order = orders.find((o) => o._id === c.workOrderId);
          return order !== undefined && actor.ability.can('read', asSubject('WorkOrder', { ...order })) && (c.visibility === 'shared' || c.partyKey === actorPartyKey(actor));
        });
      } catch {
        return false;
      }
    });
  }
}
