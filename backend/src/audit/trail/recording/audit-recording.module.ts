import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../../../identity/identity.module';
import { RecordedAccessInterceptor } from './recorded-access';
import { SecurityLog } from './security-log';

/** The security log and the interceptor of @RecordsAccess: global, since every module's routes use them. */
@Global()
@Module({
  imports: [IdentityModule],
  providers: [SecurityLog, RecordedAccessInterceptor],
  exports: [SecurityLog, RecordedAccessInterceptor],
})
export class AuditRecordingModule {}
