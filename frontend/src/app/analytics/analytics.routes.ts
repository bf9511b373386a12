import type { Routes } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 数据分析: the dashboards, for holders of report:read; ECharts is loaded with them, not before. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('report:read')],
    providers: [provideEchartsCore({ echarts: () => import('./echarts-setup').then((m) => m.echarts) })],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      { path: 'reports', loadComponent: () => import('./reports/reports-page').then((m) => m.ReportsPage), title: 'reports.list.title' },
      { path: 'reports/new', loadComponent: () => import('./reports/report-builder-page').then((m) => m.ReportBuilderPage), title: 'reports.builder.newTitle' },
      { path: 'reports/:id', loadComponent: () => import('./reports/report-builder-page').then((m) => m.ReportBuilderPage), title: 'reports.builder.editTitle' },
      { path: 'board', loadComponent: () => import('./ops-board/ops-board-page').then((m) => m.OpsBoardPage), title: 'opsBoard.title' },
      { path: ':board', loadComponent: () => import('./analytics-page').then((m) => m.AnalyticsPage), title: 'analytics.title' },
    ],
  },
] satisfies Routes;
