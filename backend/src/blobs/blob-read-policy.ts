import { Injectable } from '@nestjs/common';

/** A stored blob as a read policy sees it: what it is and who uploaded it. */
export interface BlobOnRecord {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
  readonly uploaderIds: readonly string[];
}

/**
 * Says whether `readerId` may read a blob its feature references although someone else uploaded it
 * (say, the city operator reviewing an enterprise's licence). It answers for the blobs it knows and
 * false for any other; it must not throw for a blob it does not know.
 */
export type BlobReadPolicy = (readerId: string, blob: BlobOnRecord) => Promise<boolean>;

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

  async allows(readerId: string, blob: BlobOnRecord): Promise<boolean> {
    if (blob.uploaderIds.includes(readerId)) return true;
    for (const policy of this.policies) if (await policy(readerId, blob)) return true;
    return false;
  }
}
