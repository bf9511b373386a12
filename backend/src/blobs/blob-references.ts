import { Inject, Injectable } from '@nestjs/common';
import { blob, blobStream } from '@kuaige/domain';
import { AggregateStreams } from '../event-sourcing/aggregate-streams';
import { BLOB_STORE } from './blobs.tokens';
import type { BlobStore } from './blob-store.port';
import type { BlobOnRecord } from './blob-read-policy';

/** A feature's reference to an uploaded file, as the client declared it. */
export interface BlobReference {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

/** Why a reference does not hold; `part` names the property of the reference that is wrong. */
export type BlobReferenceProblem =
  | { readonly part: 'blobId'; readonly rule: 'blob-uploaded'; readonly message: string }
  | { readonly part: 'mediaType'; readonly rule: 'blob-media-type'; readonly message: string }
  | { readonly part: 'size'; readonly rule: 'blob-size'; readonly message: string };

/** Checks, for the features that keep blob references, that a declared file is there and whose it is. */
@Injectable()
export class BlobReferences {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly streams: AggregateStreams,
  ) {}

  /** The blob and its uploaders, from its stream and the store; null when either lacks it. */
  async onRecord(blobId: string): Promise<BlobOnRecord | null> {
    const stored = await this.store.stat(blobId);
    if (!stored) return null;
    const { state } = await this.streams.load(blobStream(blobId), blob);
    return state.status === 'stored' ? { blobId, mediaType: stored.mediaType, size: stored.size, uploaderIds: state.uploaderIds } : null;
  }

  /**
   * Null when `ownerId` uploaded the referenced blob and it is what the reference says; otherwise the
   * problem. Someone else's blob reads as absent, so a reference cannot probe for other people's files.
   */
  async problemWith(reference: BlobReference, ownerId: string): Promise<BlobReferenceProblem | null> {
    const found = await this.onRecord(reference.blobId);
    if (!found || !found.uploaderIds.includes(ownerId))
      return { part: 'blobId', rule: 'blob-uploaded', message: 'no file with this id was uploaded by this user (POST /api/v1/blobs first)' };
    if (found.mediaType !== reference.mediaType)
      return { part: 'mediaType', rule: 'blob-media-type', message: `the uploaded file is ${found.mediaType}, not ${reference.mediaType}` };
    if (found.size !== reference.size) return { part: 'size', rule: 'blob-size', message: `the uploaded file has ${found.size} bytes, not ${reference.size}` };
    return null;
  }
}
