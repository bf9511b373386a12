import { subject as asSubject } from '@casl/ability';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import type { SubjectType } from '@kuaige/tenancy';
import type { BlobReadPolicy } from '../../blobs/blob-read-policy';
import type { ActorDirectory } from './authorization';

/**
 * A blob read policy for files a scoped row refers to: whoever may read the row in their acting
 * context may read the file (the reviewing city operator reads a licence; an enterprise's own members
 * read it too). Rows are found by `rowsReferring(blobId)` in `collection`.
 */
export const readableWithRow =
  (actors: ActorDirectory, store: ReadModelStore, collection: string, subjectType: SubjectType, rowsReferring: (blobId: string) => Filter): BlobReadPolicy =>
  async (reader, blob) => {
    if (reader.context === null) return false;
    const rows = await store.collection(collection).find({ $and: [rowsReferring(blob.blobId), visibleRows] }, { limit: 20 });
    if (rows.length === 0) return false;
    try {
      const actor = await actors.actorOf(reader);
      return rows.some((row) => actor.ability.can('read', asSubject(subjectType, { ...row })));
    } catch {
      // A context that is no longer the reader's reads nothing.
      return false;
    }
  };
