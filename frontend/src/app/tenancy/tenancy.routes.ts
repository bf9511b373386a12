import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** Operator network, enterprise registration and review, certification review, my qualifications. */
export default [
  {
    path: 'operator-network',
    canActivate: [signedInOnly, requirePermission('operator-node:read')],
    children: [
      { path: '', loadComponent: () => import('./tree/operator-tree-page').then((m) => m.OperatorTreePage), title: 'tree.title' },
      {
        path: 'nodes/new',
        canActivate: [requirePermission('operator-node:create')],
        loadComponent: () => import('./nodes/operator-node-create-page').then((m) => m.OperatorNodeCreatePage),
        title: 'nodes.create.title',
      },
      {
        path: 'nodes/:id',
        loadComponent: () => import('./nodes/operator-node-page').then((m) => m.OperatorNodePage),
        title: 'nodes.title',
      },
    ],
  },
  {
    path: 'enterprises',
    canActivate: [signedInOnly],
    children: [
      {
        path: 'register',
        loadComponent: () => import('./enterprises/enterprise-register-page').then((m) => m.EnterpriseRegisterPage),
        title: 'enterprises.register.title',
      },
      {
        path: 'join',
        loadComponent: () => import('./enterprises/join-enterprise-page').then((m) => m.JoinEnterprisePage),
        title: 'enterprises.join.title',
      },
      {
        path: 'review',
        canActivate: [requirePermission('enterprise:review')],
        loadComponent: () => import('./enterprises/enterprise-review-queue').then((m) => m.EnterpriseReviewQueue),
        title: 'enterprises.review.title',
      },
      {
        path: 'review/:id',
        canActivate: [requirePermission('enterprise:review')],
        loadComponent: () => import('./enterprises/enterprise-review-detail').then((m) => m.EnterpriseReviewDetail),
        title: 'enterprises.review.title',
      },
    ],
  },
  {
    path: 'verification-reviews',
    canActivate: [signedInOnly, requirePermission('certification:review')],
    children: [
      {
        path: '',
        loadComponent: () => import('./verification/verification-review-queue').then((m) => m.VerificationReviewQueue),
        title: 'verification.title',
      },
      {
        path: ':id',
        loadComponent: () => import('./verification/verification-review-detail').then((m) => m.VerificationReviewDetail),
        title: 'verification.title',
      },
    ],
  },
  {
    path: 'account/qualifications',
    canActivate: [signedInOnly],
    loadComponent: () => import('./verification/my-qualifications-page').then((m) => m.MyQualificationsPage),
    title: 'qualifications.title',
  },
] satisfies Routes;
