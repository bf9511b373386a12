import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';

/** My notifications: the inbox and the preferences. Every signed-in user has them (self-service). */
export default [
  {
    path: '',
    canActivate: [signedInOnly],
    children: [
      { path: '', loadComponent: () => import('./inbox-page').then((m) => m.InboxPage), title: 'notifications.inbox.title' },
      { path: 'preferences', loadComponent: () => import('./preferences-page').then((m) => m.NotificationPreferencesPage), title: 'notifications.preferences.title' },
    ],
  },
] satisfies Routes;
