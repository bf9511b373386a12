import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 采购: the low-stock dashboard and thresholds, purchase requests (my approvals), purchase orders, the chain. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('purchase-request:read')],
    loadComponent: () => import('./purchasing-shell').then((m) => m.PurchasingShell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'low-stock' },
      {
        path: 'low-stock',
        canActivate: [requirePermission('stock-move:read')],
        loadComponent: () => import('./low-stock-page').then((m) => m.LowStockPage),
        title: 'purchasing.lowStock.title',
      },
      { path: 'requests', loadComponent: () => import('./requests-page').then((m) => m.RequestsPage), title: 'purchasing.requests.title' },
      {
        path: 'orders',
        canActivate: [requirePermission('purchase-order:read')],
        loadComponent: () => import('./orders-page').then((m) => m.OrdersPage),
        title: 'purchasing.orders.title',
      },
      { path: 'chain', loadComponent: () => import('./chain-page').then((m) => m.ChainPage), title: 'purchasing.chain.title' },
    ],
  },
] satisfies Routes;
