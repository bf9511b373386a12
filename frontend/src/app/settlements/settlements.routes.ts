import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** 结算: settlements, the ledger and statements, fee schedules, expert payouts, evaluation reports. */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    loadComponent: () => import('./settlements-shell').then((m) => m.SettlementsShell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'list' },
      { path: 'list', canActivate: [requirePermission('settlement:read')], loadComponent: () => import('./settlement-list-page').then((m) => m.SettlementListPage), title: 'settlements.list.title' },
      { path: 'list/:settlementId', canActivate: [requirePermission('settlement:read')], loadComponent: () => import('./settlement-detail-page').then((m) => m.SettlementDetailPage), title: 'settlements.detail.title' },
      { path: 'ledger', canActivate: [requirePermission('settlement:read')], loadComponent: () => import('./ledger-page').then((m) => m.LedgerPage), title: 'settlements.ledger.title' },
      { path: 'fee-schedules', canActivate: [requirePermission('fee-schedule:read')], loadComponent: () => import('./fee-schedules-page').then((m) => m.FeeSchedulesPage), title: 'settlements.fees.title' },
      { path: 'withdrawals', canActivate: [requirePermission('settlement:approve')], loadComponent: () => import('./withdrawals-page').then((m) => m.WithdrawalsPage), title: 'settlements.withdrawals.title' },
      { path: 'expert', loadComponent: () => import('./expert-account-page').then((m) => m.ExpertAccountPage), title: 'settlements.expert.title' },
      { path: 'evaluations', canActivate: [requirePermission('work-order:read')], loadComponent: () => import('./evaluation-reports-page').then((m) => m.EvaluationReportsPage), title: 'settlements.evaluations.title' },
    ],
  },
] satisfies Routes;
