import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 审计完整性: signed digests, verification on demand, public keys (#12). */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('audit-log:verify')],
    loadComponent: () => import('./audit-integrity-page').then((m) => m.AuditIntegrityPage),
    title: 'auditIntegrity.title',
  },
] satisfies Routes;
