import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { subject as asSubject } from '@casl/ability';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { ActorDirectory } from '../tenancy/api/authorization';
import { TenancyModule } from '../tenancy/tenancy.module';
import { KnowledgeController, WorkOrderKnowledgeController } from './api/knowledge.controller';
import { KNOWLEDGE_COMMAND_HANDLERS } from './application/knowledge.commands';
import { KNOWLEDGE_ENTRIES_COLLECTION, type KnowledgeEntryRow } from './read-models/knowledge.projections';
import { KNOWLEDGE_QUERY_HANDLERS } from './read-models/knowledge.queries';

/**
 * The knowledge base (WO-13): repair plans by device and fault type, drafted by manufacturers and
 * providers or proposed from a closed work order, reviewed, published, searched in Chinese and suggested
 * on a work order. Its projection is in KNOWLEDGE_PROJECTIONS (read-side.ts). See README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule, BlobStorageModule],
  controllers: [KnowledgeController, WorkOrderKnowledgeController],
  providers: [...KNOWLEDGE_COMMAND_HANDLERS, ...KNOWLEDGE_QUERY_HANDLERS],
})
export class KnowledgeModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** An entry's pictures are read like the entry: a published one's by everyone signed in, others' by its scope. */
  onModuleInit(): void {
    this.policies.register(async (reader, blob) => {
      const rows = await this.store.collection<KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION).find({ $and: [{ 'images.blobId': blob.blobId }, visibleRows] }, { limit: 20 });
      if (rows.some((r) => r.status === 'published')) return true;
      if (rows.length === 0 || reader.context === null) return false;
      try {
        const actor = await this.actors.actorOf(reader);
        return rows.some((row) => actor.ability.can('read', asSubject('KnowledgeEntry', { ...row })));
      } catch {
        return false;
      }
    });
  }
}
