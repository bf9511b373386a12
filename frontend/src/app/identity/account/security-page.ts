import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthSession } from '../../core/auth/auth-session';
import { ErasureCard } from './erasure-card';
import { LoginLogCard } from './login-log-card';
import { MfaCard } from './mfa-card';
import { PasswordCard } from './password-card';
import { SessionsCard } from './sessions-card';

/** 安全设置 / Security: password, two-step verification, sessions, sign-in log, erasure of my personal data. */
@Component({
  selector: 'kg-security-page',
  imports: [TranslocoPipe, PasswordCard, MfaCard, SessionsCard, LoginLogCard, ErasureCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <header>
        <h1>{{ 'security.title' | transloco }}</h1>
        <p class="lead">{{ 'security.subtitle' | transloco }}</p>
      </header>
      <kg-password-card />
      <kg-mfa-card />
      <kg-sessions-card />
      <kg-login-log-card />
      <kg-erasure-card />
    </div>
  `,
  styleUrl: './account-page.scss',
})
export class SecurityPage {
  constructor() {
    // The account loaded at sign-in may be stale here (a recovery code used on another device,
    // MFA changed elsewhere): the MFA card shows what the backend says now.
    inject(AuthSession)
      .loadAccount()
      .catch(() => undefined);
  }
}
