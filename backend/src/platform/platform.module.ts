import { Global, Module } from '@nestjs/common';
import { PlatformStatus } from './platform-status';
import { Readiness } from './readiness';
import { StorageProbe } from './storage.probe';

/**
 * Platform services every role has: readiness tracking, the storage probe and the status of all
 * adapter probes (the list, ADAPTER_PROBES, is provided by the event-sourcing module).
 */
@Global()
@Module({
  providers: [Readiness, StorageProbe, PlatformStatus],
  exports: [Readiness, StorageProbe, PlatformStatus],
})
export class PlatformModule {}
