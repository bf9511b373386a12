import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module';
import { TenancyModule } from '../../tenancy/tenancy.module';
import { AuditIntegrityController, AuditKeysWellKnownController } from './api/integrity.controller';
import { AuditIntegrity } from './application/audit-integrity';

/**
 * Tamper evidence of the event log (#12): signed digests on a schedule and on demand, verification
 * runs as jobs, the signing keys and their public half at /.well-known. See README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [AuditIntegrityController, AuditKeysWellKnownController],
  providers: [AuditIntegrity],
  exports: [AuditIntegrity],
})
export class AuditIntegrityModule {}
