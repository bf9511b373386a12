import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 审计日志: search, one entry with its diff, an entity's timeline — for holders of audit-log:read. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('audit-log:read')],
    children: [
      {
        path: '',
        pathMatch: 'full',
        loadComponent: () => import('./audit-search-page').then((m) => m.AuditSearchPage),
        title: 'audit.title',
      },
      { path: 'entries/:id', loadComponent: () => import('./audit-entry-page').then((m) => m.AuditEntryPage), title: 'audit.entry.title' },
      {
        path: 'entities/:stream',
        loadComponent: () => import('./audit-entity-page').then((m) => m.AuditEntityPage),
        title: 'audit.entity.pageTitle',
      },
    ],
  },
] satisfies Routes;
