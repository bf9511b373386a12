import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { subject as asSubject } from '@casl/ability';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { InventoryModule } from '../inventory/inventory.module';
import { ActorDirectory } from '../tenancy/api/authorization';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OperationsBoardController } from './api/operations-board.controller';
import { WorkOrdersController } from './api/work-orders.controller';
import { WorkOrdersResolver } from './api/work-orders.resolver';
import { WORK_ORDER_COMMAND_HANDLERS } from './application/work-order.commands';
import { WORK_ORDER_QUERY_HANDLERS } from './read-models/work-order.queries';
import { GetWorkOrdersNowHandler } from './read-models/work-orders-now';
import {
  WORK_ORDER_ATTACHMENTS_COLLECTION,
  WORK_ORDERS_COLLECTION,
  type WorkOrderAttachmentRow,
  type WorkOrderRow,
} from './read-models/work-orders.projections';

/** Work-order lifecycle, its read models and routes (WO-1…WO-11, WO-14). Its projections are in WORK_ORDERS_PROJECTIONS (read-side.ts). */
@Module({
  imports: [IdentityModule, TenancyModule, BlobStorageModule, InventoryModule],
  controllers: [WorkOrdersController, OperationsBoardController],
  providers: [...WORK_ORDER_COMMAND_HANDLERS, ...WORK_ORDER_QUERY_HANDLERS, GetWorkOrdersNowHandler, WorkOrdersResolver],
})
export class WorkOrdersModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /**
   * The files of an order (the fault's photos, progress, records, the receipt) are readable by whoever
   * may read the order: they carry through the whole order, to its provider and its engineer too.
   */
  onModuleInit(): void {
    this.policies.register(async (reader, blob) => {
      if (reader.context === null) return false;
      const refs = await this.store.collection<WorkOrderAttachmentRow>(WORK_ORDER_ATTACHMENTS_COLLECTION).find({ $and: [{ blobId: blob.blobId }, visibleRows] }, { limit: 50 });
      if (refs.length === 0) return false;
      const orders = await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).find({ $and: [{ _id: { $in: refs.map((r) => r.workOrderId) } }, visibleRows] });
      try {
        const actor = await this.actors.actorOf(reader);
        return orders.some((order) => actor.ability.can('read', asSubject('WorkOrder', { ...order })));
      } catch {
        // A context that is no longer the reader's reads nothing.
        return false;
      }
    });
  }
}
