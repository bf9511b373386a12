import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ExpertHelpController } from './api/expert-help.controller';
import { ExpertsController, MyExpertHelpController } from './api/experts.controller';
import { HelpParties } from './api/help-parties';
import { WorkOrderExpertHelpController } from './api/work-order-expert-help.controller';
import { EXPERT_HELP_COMMAND_HANDLERS } from './application/expert-help.commands';
import { EXPERT_HELP_QUERY_HANDLERS } from './application/expert-help.queries';
import { ExpertChatHub } from './live/expert-chat-hub';
import { EXPERT_HELP_FILES_COLLECTION, EXPERT_HELPS_COLLECTION, type ExpertHelpFileRow, type ExpertHelpRow } from './read-models/expert-help.projections';

/** Paid expert help with live chat (EXP-1…EXP-3). Its projections are in EXPERT_HELP_PROJECTIONS (read-side.ts). */
@Module({
  imports: [IdentityModule, TenancyModule, BlobStorageModule],
  controllers: [WorkOrderExpertHelpController, ExpertHelpController, ExpertsController, MyExpertHelpController],
  providers: [...EXPERT_HELP_COMMAND_HANDLERS, ...EXPERT_HELP_QUERY_HANDLERS, HelpParties, ExpertChatHub],
  exports: [ExpertChatHub],
})
export class ExpertHelpModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** The files of a help (the question's attachments, the chat's images) are for its two parties. */
  onModuleInit(): void {
    this.policies.register(async (reader, blob) => {
      const refs = await this.store.collection<ExpertHelpFileRow>(EXPERT_HELP_FILES_COLLECTION).find({ $and: [{ blobId: blob.blobId }, visibleRows] }, { limit: 50 });
      if (refs.length === 0) return false;
      const helps = await this.store.collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION).find({ $and: [{ _id: { $in: refs.map((r) => r.helpId) } }, visibleRows] });
      return helps.some((h) => h.engineerId === reader.userId || h.expertId === reader.userId);
    });
  }
}
