import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';

/** Expert help (EXP-1…EXP-3): the expert's workbench and one help's chat (for its two parties). */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./workbench-page').then((m) => m.ExpertWorkbenchPage), title: 'expertHelp.workbench.title' },
      { path: ':id', loadComponent: () => import('./chat-page').then((m) => m.ExpertChatPage), title: 'expertHelp.chat.title' },
    ],
  },
] satisfies Routes;
