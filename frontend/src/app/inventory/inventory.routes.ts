import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 备件库存: stock levels and movements, the catalogue, warehouses, the approvals inbox, the ledger. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('part:read')],
    loadComponent: () => import('./inventory-shell').then((m) => m.InventoryShell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'stock' },
      { path: 'stock', canActivate: [requirePermission('stock-move:read')], loadComponent: () => import('./stock-page').then((m) => m.StockPage), title: 'inventory.stock.title' },
      { path: 'approvals', canActivate: [requirePermission('stock-move:read')], loadComponent: () => import('./approvals-page').then((m) => m.ApprovalsPage), title: 'inventory.approvals.title' },
      { path: 'movements', canActivate: [requirePermission('stock-move:read')], loadComponent: () => import('./movements-page').then((m) => m.MovementsPage), title: 'inventory.movements.title' },
      { path: 'catalogue', loadComponent: () => import('./catalogue-page').then((m) => m.CataloguePage), title: 'inventory.catalogue.title' },
      { path: 'stock-takes', canActivate: [requirePermission('stock-move:read')], loadComponent: () => import('./stock-takes-page').then((m) => m.StockTakesPage), title: 'stockTake.title' },
      { path: 'stock-takes/:id', canActivate: [requirePermission('stock-move:read')], loadComponent: () => import('./stock-take-page').then((m) => m.StockTakePage), title: 'stockTake.detail.title' },
      { path: 'warehouses', canActivate: [requirePermission('warehouse:read')], loadComponent: () => import('./warehouses-page').then((m) => m.WarehousesPage), title: 'inventory.warehouses.title' },
    ],
  },
] satisfies Routes;
