import { Global, Module } from '@nestjs/common';
import { ADAPTER_PROBES, type AdapterProbe } from './adapter-probe';
import { PlatformStatus } from './platform-status';
import { Readiness } from './readiness';
import { StorageProbe } from './storage.probe';

/** Platform services every role has: readiness tracking and adapter probes for /health. */
@Global()
@Module({
  providers: [
    Readiness,
    StorageProbe,
    PlatformStatus,
    {
      provide: ADAPTER_PROBES,
      useFactory: (...probes: AdapterProbe[]) => probes,
      inject: [StorageProbe],
    },
  ],
  exports: [Readiness, PlatformStatus, ADAPTER_PROBES],
})
export class PlatformModule {}
