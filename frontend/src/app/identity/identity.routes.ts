import type { Routes } from '@angular/router';
import { signedInOnly, signedOutOnly } from '../core/auth/auth.guards';

/** Sign-in, registration, the legal texts, the development outbox and the account pages. */
export default [
  {
    path: 'login',
    canActivate: [signedOutOnly],
    loadComponent: () => import('./login-page').then((m) => m.LoginPage),
    title: 'identity.login.title',
  },
  {
    path: 'register',
    canActivate: [signedOutOnly],
    loadComponent: () => import('./register-page').then((m) => m.RegisterPage),
    title: 'identity.register.title',
  },
  {
    path: 'reset-password',
    canActivate: [signedOutOnly],
    loadComponent: () => import('./reset-password-page').then((m) => m.ResetPasswordPage),
    title: 'identity.reset.title',
  },
  {
    path: 'terms',
    loadComponent: () => import('./legal-page').then((m) => m.LegalPage),
    data: { document: 'terms' },
    title: 'legal.terms.title',
  },
  {
    path: 'privacy',
    loadComponent: () => import('./legal-page').then((m) => m.LegalPage),
    data: { document: 'privacy' },
    title: 'legal.privacy.title',
  },
  { path: 'dev/sms-outbox', loadComponent: () => import('./sms-outbox-page').then((m) => m.SmsOutboxPage), title: 'outbox.title' },
  {
    path: 'account',
    canActivate: [signedInOnly],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'profile' },
      { path: 'profile', loadComponent: () => import('./account/profile-page').then((m) => m.ProfilePage), title: 'profile.title' },
      { path: 'security', loadComponent: () => import('./account/security-page').then((m) => m.SecurityPage), title: 'security.title' },
    ],
  },
] satisfies Routes;
