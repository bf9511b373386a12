import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';

/** 导出记录: the signed-in user's own exports (self-service). */
export default [{ path: '', canActivate: [signedInOnly], loadComponent: () => import('./exports-page').then((m) => m.ExportsPage), title: 'exports.page.title' }] satisfies Routes;
