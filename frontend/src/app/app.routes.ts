import type { Routes } from '@angular/router';
import { NotFound } from './core/layout/not-found';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'status' },
  { path: 'status', loadChildren: () => import('./status/status.routes') },
  { path: '', loadChildren: () => import('./tenancy/tenancy.routes') },
  { path: 'organization', loadChildren: () => import('./organization/organization.routes') },
  { path: 'devices', loadChildren: () => import('./devices/devices.routes') },
  // Where a device's QR label leads; open to anyone (the page decides what they see).
  { path: 'r/:token', loadComponent: () => import('./devices/device-qr-page').then((m) => m.DeviceQrPage), title: 'devices.qr.title' },
  { path: 'dispatch', loadChildren: () => import('./dispatch/dispatch.routes') },
  // Before any `audit` entry: the integrity page is its own lazy route.
  { path: 'audit/integrity', loadChildren: () => import('./audit-integrity/audit-integrity.routes') },
  { path: 'expert-help', loadChildren: () => import('./expert-help/expert-help.routes') },
  { path: 'knowledge', loadChildren: () => import('./knowledge/knowledge.routes') },
  { path: 'inventory', loadChildren: () => import('./inventory/inventory.routes') },
  { path: 'purchasing', loadChildren: () => import('./purchasing/purchasing.routes') },
  { path: 'audit', loadChildren: () => import('./audit/audit.routes') },
  { path: 'settlements', loadChildren: () => import('./settlements/settlements.routes') },
  { path: 'analytics', loadChildren: () => import('./analytics/analytics.routes') },
  { path: 'exports', loadChildren: () => import('./exports/exports.routes') },
  { path: '', loadChildren: () => import('./work-orders/work-orders.routes') },
  { path: 'notifications', loadChildren: () => import('./notifications/notifications.routes') },
  { path: '', loadChildren: () => import('./identity/identity.routes') },
  { path: '**', component: NotFound, title: 'notFound.title' },
];
