import type { Routes } from '@angular/router';
import { NotFound } from './core/layout/not-found';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'status' },
  { path: 'status', loadChildren: () => import('./status/status.routes') },
  { path: '', loadChildren: () => import('./tenancy/tenancy.routes') },
  { path: 'organization', loadChildren: () => import('./organization/organization.routes') },
  { path: 'dispatch', loadChildren: () => import('./dispatch/dispatch.routes') },
  { path: '', loadChildren: () => import('./work-orders/work-orders.routes') },
  { path: '', loadChildren: () => import('./identity/identity.routes') },
  { path: '**', component: NotFound, title: 'notFound.title' },
];
