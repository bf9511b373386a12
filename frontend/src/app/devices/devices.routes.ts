import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** The device registry (设备台账): list, register, detail with QR label, edit. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('device:read')],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./device-list-page').then((m) => m.DeviceListPage), title: 'devices.title' },
      {
        path: 'new',
        canActivate: [requirePermission('device:create')],
        loadComponent: () => import('./device-form-page').then((m) => m.DeviceFormPage),
        title: 'devices.form.registerTitle',
      },
      { path: ':id', loadComponent: () => import('./device-detail-page').then((m) => m.DeviceDetailPage), title: 'devices.detailTitle' },
      {
        path: ':id/edit',
        canActivate: [requirePermission('device:update')],
        loadComponent: () => import('./device-form-page').then((m) => m.DeviceFormPage),
        title: 'devices.form.editTitle',
      },
    ],
  },
] satisfies Routes;
