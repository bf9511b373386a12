import type { Readable } from 'node:stream';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { blob, blobStream } from '@kuaige/domain';
import { AggregateStreams } from '../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../event-sourcing/client-command';
import type { Caller } from '../identity/application/session-control';
import { Clock } from '../identity/clock';
import { BlobReadPolicies } from './blob-read-policy';
import { BlobReferences } from './blob-references';
import { BLOB_STORE } from './blobs.tokens';
import type { BlobStore, StoredBlob } from './blob-store.port';

/** I upload a file; it is checked (type by its bytes, size) before anything is stored. */
export class UploadBlob extends Command<StoredBlob> {
  constructor(
    readonly caller: Caller,
    readonly bytes: Buffer,
    readonly declaredMediaType: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * Writes the bytes first (content-addressed: a crash before the event leaves a file a retry finds),
 * then records the uploader in `Blob-<id>`. The same bytes from the same person again record nothing.
 */
@CommandHandler(UploadBlob)
export class UploadBlobHandler implements ICommandHandler<UploadBlob, StoredBlob> {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly streams: AggregateStreams,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, bytes, declaredMediaType, client }: UploadBlob): Promise<StoredBlob> {
    const stored = await this.store.put(bytes, declaredMediaType);
    const now = this.clock.now();
    await this.streams.handle(
      blobStream(stored.blobId),
      { type: 'StoreBlob', data: { ...stored, uploaderId: caller.userId, at: now.toISOString() } },
      blob,
      client.context('blob', { userId: caller.userId, ip: caller.ip }, now),
    );
    return stored;
  }
}

export interface OpenedBlob {
  readonly blob: StoredBlob;
  readonly bytes: Readable;
}

/** I read a file: mine, or one a feature lets me read; anything else is not there (null). */
export class ReadBlob extends Query<OpenedBlob | null> {
  constructor(
    readonly caller: Caller,
    readonly blobId: string,
  ) {
    super();
  }
}

@QueryHandler(ReadBlob)
export class ReadBlobHandler implements IQueryHandler<ReadBlob, OpenedBlob | null> {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly references: BlobReferences,
    private readonly policies: BlobReadPolicies,
  ) {}

  async execute({ caller, blobId }: ReadBlob): Promise<OpenedBlob | null> {
    const found = await this.references.onRecord(blobId);
    if (!found || !(await this.policies.allows(caller, found))) return null;
    const stored = await this.store.stat(blobId);
    return stored && { blob: stored, bytes: await this.store.open(blobId) };
  }
}
