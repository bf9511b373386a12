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
  { path: 'audit', loadChildren: () => import('./audit/audit.routes') },
  { path: '', loadChildren: () => import('./work-orders/work-orders.routes') },
  { path: '', loadChildren: () => import('./identity/identity.routes') },
  { path: '**', component: NotFound, title: 'notFound.title' },
];
