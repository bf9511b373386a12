import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** The work-order console: list, request form, dispatch board, provider queue, detail, my tasks. */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    children: [
      {
        path: 'work-orders',
        canActivate: [requirePermission('work-order:read')],
        loadComponent: () => import('./list/work-order-list-page').then((m) => m.WorkOrderListPage),
        title: 'workOrders.list.title',
      },
      {
        path: 'work-orders/new',
        canActivate: [requirePermission('work-order:create')],
        loadComponent: () => import('./new/request-form-page').then((m) => m.RequestFormPage),
        title: 'workOrders.new.title',
      },
      {
        path: 'work-orders/dispatch',
        canActivate: [requirePermission('work-order:dispatch')],
        loadComponent: () => import('./dispatch/dispatch-board-page').then((m) => m.DispatchBoardPage),
        title: 'workOrders.dispatch.title',
      },
      {
        path: 'work-orders/provider-queue',
        canActivate: [requirePermission('work-order:assign')],
        loadComponent: () => import('./list/work-order-list-page').then((m) => m.WorkOrderListPage),
        // Bound to the page's `queue` input: the same list, scoped to the orders dispatched to us.
        data: { queue: 'provider' },
        title: 'workOrders.providerQueue.title',
      },
      {
        path: 'work-orders/:id',
        canActivate: [requirePermission('work-order:read', 'work-order:update')],
        loadComponent: () => import('./detail/work-order-detail-page').then((m) => m.WorkOrderDetailPage),
        title: 'workOrders.detail.title',
      },
      {
        path: 'my-parts',
        canActivate: [requirePermission('warehouse:read')],
        loadComponent: () => import('./parts/my-parts-page').then((m) => m.MyPartsPage),
        title: 'workOrderParts.mine.title',
      },
      {
        path: 'my-tasks',
        canActivate: [requirePermission('work-order:update')],
        loadComponent: () => import('./my-tasks/my-tasks-page').then((m) => m.MyTasksPage),
        title: 'workOrders.myTasks.title',
      },
    ],
  },
] satisfies Routes;
