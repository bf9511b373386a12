import type { Readable } from 'node:stream';
import type { BlobMediaType } from './media-type';

/** A file in the blob store; `blobId` is the SHA-256 (hex) of its bytes, so equal files are one blob. */
export interface StoredBlob {
  readonly blobId: string;
  readonly mediaType: BlobMediaType;
  readonly size: number;
  readonly sha256: string;
}

/**
 * Where uploaded files live, apart from the event log (which records who stored them). Adapters
 * check the content: the declared type must be what the bytes are, and the size within the limit.
 */
export interface BlobStore {
  /** Stores the bytes (idempotently: the same bytes again are the same blob) and says what they are. */
  put(bytes: Buffer, declaredMediaType: string): Promise<StoredBlob>;
  /** The blob, or null when no such file is stored. */
  stat(blobId: string): Promise<StoredBlob | null>;
  /** The bytes; throws BlobNotFound when absent. */
  open(blobId: string): Promise<Readable>;
  close(): Promise<void>;
}

/** An upload the store refuses; `status`, `field` and `rule` go into the 4xx body. */
export class BlobRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'BlobRefused';
  }
}

export class BlobNotFound extends Error {
  constructor(readonly blobId: string) {
    super(`no blob ${blobId}`);
    this.name = 'BlobNotFound';
  }
}

/** A blob id as the store makes them: 64 lower-case hex digits. */
export const BLOB_ID = /^[0-9a-f]{64}$/;
