import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module';
import { TenancyModule } from '../../tenancy/tenancy.module';
import { AuditController } from './api/audit.controller';
import { AuditRecordingModule } from './recording/audit-recording.module';
import { AUDIT_QUERY_HANDLERS } from './read-models/audit.queries';

/** The audit trail (issue #12 items 1 and 4): security events, the audit_entries read model (in PRODUCT_PROJECTIONS) and /api/v1/audit. */
@Module({
  imports: [AuditRecordingModule, IdentityModule, TenancyModule],
  controllers: [AuditController],
  providers: [...AUDIT_QUERY_HANDLERS],
})
export class AuditTrailModule {}
