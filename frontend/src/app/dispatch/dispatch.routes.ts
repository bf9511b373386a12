import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** Dispatch master data: the provider's service profile, the engineer directory and profiles (STAFF-1). */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'engineers' },
      {
        path: 'provider-profile',
        canActivate: [requirePermission('enterprise:read')],
        loadComponent: () => import('./provider-profile-page').then((m) => m.ProviderProfilePage),
        title: 'dispatch.provider.title',
      },
      {
        path: 'engineers',
        canActivate: [requirePermission('member:read')],
        loadComponent: () => import('./engineers-page').then((m) => m.EngineersPage),
        title: 'dispatch.engineers.title',
      },
      {
        path: 'engineers/:enterpriseId/:userId',
        canActivate: [requirePermission('member:read')],
        loadComponent: () => import('./engineer-profile-page').then((m) => m.EngineerProfilePage),
        title: 'dispatch.engineer.title',
      },
      {
        path: 'my-profile',
        loadComponent: () => import('./engineer-profile-page').then((m) => m.EngineerProfilePage),
        data: { self: true },
        title: 'dispatch.engineer.myTitle',
      },
    ],
  },
] satisfies Routes;
