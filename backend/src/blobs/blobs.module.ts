import { join } from 'node:path';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { IdentityModule } from '../identity/identity.module';
import { BlobsController } from './api/blobs.controller';
import { BlobReadPolicies } from './blob-read-policy';
import { BlobReferences } from './blob-references';
import type { BlobStore } from './blob-store.port';
import { ReadBlobHandler, UploadBlobHandler } from './blobs.commands';
import { BLOB_STORE } from './blobs.tokens';
import { LocalDiskBlobStore } from './local-disk.blob-store';

/**
 * The blob store and what features need of it: checking a reference (BlobReferences) and letting
 * others read a blob they refer to (BlobReadPolicies). Features import this module; the HTTP routes
 * are in BlobsModule.
 */
@Module({
  providers: [
    {
      provide: BLOB_STORE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => LocalDiskBlobStore.open({ dir: join(c.dataDir, 'blobs'), maxBytes: c.blobMaxBytes }),
    },
    BlobReferences,
    BlobReadPolicies,
  ],
  exports: [BLOB_STORE, BlobReferences, BlobReadPolicies],
})
export class BlobStorageModule implements OnApplicationShutdown {
  constructor(@Inject(BLOB_STORE) private readonly store: BlobStore) {}
  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

/** Upload and download of files (POST/GET /api/v1/blobs), signed in. */
@Module({
  imports: [BlobStorageModule, IdentityModule],
  controllers: [BlobsController],
  providers: [UploadBlobHandler, ReadBlobHandler],
})
export class BlobsModule {}
