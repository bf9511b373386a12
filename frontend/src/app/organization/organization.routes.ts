import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** Administration of the active enterprise: departments, members, roles and per-user overrides. */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'members' },
      {
        path: 'departments',
        canActivate: [requirePermission('department:read')],
        loadComponent: () => import('./departments/departments-page').then((m) => m.DepartmentsPage),
        title: 'departments.title',
      },
      {
        path: 'members',
        canActivate: [requirePermission('member:read')],
        loadComponent: () => import('./members/members-page').then((m) => m.MembersPage),
        title: 'members.title',
      },
      {
        path: 'members/:userId/overrides',
        canActivate: [requirePermission('member:update', 'role:assign')],
        loadComponent: () => import('./members/overrides-page').then((m) => m.OverridesPage),
        title: 'overrides.pageTitle',
      },
      {
        path: 'roles',
        canActivate: [requirePermission('role:read')],
        loadComponent: () => import('./roles/roles-page').then((m) => m.RolesPage),
        title: 'roles.title',
      },
    ],
  },
] satisfies Routes;
