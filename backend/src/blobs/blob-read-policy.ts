import { Injectable } from '@nestjs/common';
import type { Caller } from '../identity/application/session-control';

/** A stored blob as a read policy sees it: what it is and who uploaded it. */
export interface BlobOnRecord {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
  readonly uploaderIds: readonly string[];
}

/**
 * Says whether `reader` (with the acting context its token claims) may read a blob its feature
 * references although someone else uploaded it (say, the city operator reviewing an enterprise's
 * licence). It answers for the blobs it knows and false for any other; it must not throw.
 */
export type BlobReadPolicy = (reader: Caller, blob: BlobOnRecord) => Promise<boolean>;

/**
 * The policies features register at start-up (`onModuleInit`: `policies.register(...)`). A blob's
 * uploaders may always read it; anyone else only when a registered policy allows it. With none
 * registered, a blob is its uploaders' alone.
 */
@Injectable()
export class BlobReadPolicies {
  private readonly policies: BlobReadPolicy[] = [];

  register(policy: BlobReadPolicy): void {
    this.policies.push(policy);
  }

  async allows(reader: Caller, blob: BlobOnRecord): Promise<boolean> {
    if (blob.uploaderIds.includes(reader.userId)) return true;
    for (const policy of this.policies) if (await policy(reader, blob)) return true;
    return false;
  }
}
