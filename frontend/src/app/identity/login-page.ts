import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { AuthSession } from '../core/auth/auth-session';
import { safeReturnUrl } from '../core/auth/auth.guards';
import type { TokenGrant } from '../core/auth/auth.model';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { waitText } from './wait-text';
import { IdentityApi } from './identity.api';
import { mainlandMobile, sixDigits } from './phone';

type Notice = { readonly key: string; readonly params?: Record<string, unknown>; readonly tone: 'info' | 'error' };

/** 登录 / Sign in: phone and password, then the authenticator or a recovery code when MFA is on. */
@Component({
  selector: 'kg-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login-page.html',
  styleUrl: './auth-card.scss',
})
export class LoginPage {
  private readonly api = inject(IdentityApi);
  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  /** From the query string: where to go afterwards, and why the user was sent here. */
  readonly returnUrl = input<string>();
  readonly reason = input<string>();

  protected readonly step = signal<'password' | 'second-factor'>('password');
  protected readonly useRecoveryCode = signal(false);
  protected readonly busy = signal(false);
  private readonly failure = signal<Notice | null>(null);
  private mfaToken = '';

  protected readonly credentials = this.fb.group({
    phone: ['', [Validators.required, mainlandMobile]],
    password: ['', [Validators.required]],
  });
  protected readonly factor = this.fb.group({
    code: ['', [Validators.required, sixDigits]],
    recoveryCode: ['', [Validators.required]],
  });

  protected readonly notice = computed<Notice | null>(() => {
    const failure = this.failure();
    if (failure) return failure;
    if (this.reason() === 'expired') return { key: 'identity.login.expired', tone: 'info' };
    if (this.reason() === 'signed-out') return { key: 'identity.login.signedOut', tone: 'info' };
    if (this.reason() === 'registered') return { key: 'identity.login.registered', tone: 'info' };
    if (this.reason() === 'password-reset') return { key: 'identity.login.passwordReset', tone: 'info' };
    return null;
  });

  protected signIn(): void {
    this.credentials.markAllAsTouched();
    if (this.credentials.invalid || this.busy()) return;
    const { phone, password } = this.credentials.getRawValue();
    this.submit(this.api.login(phone, password), (answer) => {
      if (answer.mfaRequired) {
        this.mfaToken = answer.mfaToken;
        this.step.set('second-factor');
        this.busy.set(false);
        return;
      }
      void this.finish(answer);
    });
  }

  protected confirmSecondFactor(): void {
    const field = this.useRecoveryCode() ? this.factor.controls.recoveryCode : this.factor.controls.code;
    field.markAsTouched();
    if (field.invalid || this.busy()) return;
    const factor = this.useRecoveryCode() ? { recoveryCode: field.value.trim() } : { code: field.value };
    this.submit(this.api.loginWithSecondFactor(this.mfaToken, factor), (grant) => void this.finish(grant));
  }

  protected toggleRecoveryCode(): void {
    this.useRecoveryCode.update((v) => !v);
    this.failure.set(null);
  }

  protected backToPassword(): void {
    this.step.set('password');
    this.factor.reset();
    this.failure.set(null);
  }

  private submit<T>(request: Observable<T>, done: (answer: T) => void): void {
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({
      next: done,
      error: (error: unknown) => {
        this.busy.set(false);
        const form = this.step() === 'password' ? this.credentials : this.factor;
        const failure = formFailure(error, form, { code: this.useRecoveryCode() ? 'recoveryCode' : 'code' });
        if (!failure) return;
        if (failure.status === 429) {
          const wait = waitText(failure.retryAfterSeconds);
          this.failure.set({ key: `identity.login.lockedOut.${wait.unit}`, params: { count: wait.value }, tone: 'error' });
        } else if (failure.status === 401 && this.step() === 'second-factor') {
          // The first step's token lasts 5 minutes; a refused code may also mean it ran out.
          this.failure.set({ key: 'identity.login.factorRefused', tone: 'error' });
        } else if (failure.status === 401) {
          this.failure.set({ key: 'identity.login.refused', tone: 'error' });
        } else if (failure.unplaced.length || failure.status >= 500) {
          this.failure.set({ key: 'identity.login.failed', params: { detail: failure.message }, tone: 'error' });
        }
      },
    });
  }

  private async finish(grant: TokenGrant): Promise<void> {
    await this.session.establish(grant);
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }
}
