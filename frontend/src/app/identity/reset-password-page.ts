import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { map, startWith } from 'rxjs';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { IdentityApi } from './identity.api';
import { PasswordRules, productPassword } from './password-rules';
import { mainlandMobile, sixDigits } from './phone';
import { SmsCodeButton } from './sms-code-button';
import { waitText } from './wait-text';

/** 忘记密码 / Reset password: a reset code sent to the number, and a new password. */
@Component({
  selector: 'kg-reset-password-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    PasswordRules,
    SmsCodeButton,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="card">
      <h1>{{ 'identity.reset.title' | transloco }}</h1>
      <p class="lead">{{ 'identity.reset.lead' | transloco }}</p>
      @if (failure(); as failure) {
        <p class="notice error" role="alert">
          <mat-icon aria-hidden="true">error</mat-icon>
          <span>{{ failure.key | transloco: failure.params }}</span>
        </p>
      }
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'identity.fields.phone' | transloco }}</mat-label>
          <input matInput formControlName="phone" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="11" />
          <mat-error
            ><kg-field-error
              [control]="form.controls.phone"
              [messages]="{ required: 'forms.required', pattern: 'forms.rules.mainlandMobile' }"
          /></mat-error>
        </mat-form-field>
        <div class="code-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'identity.fields.smsCode' | transloco }}</mat-label>
            <input matInput formControlName="smsCode" inputmode="numeric" autocomplete="one-time-code" maxlength="6" />
            <mat-error
              ><kg-field-error [control]="form.controls.smsCode" [messages]="{ required: 'forms.required', pattern: 'forms.sixDigits' }"
            /></mat-error>
          </mat-form-field>
          <kg-sms-code-button
            purpose="reset-password"
            [phone]="form.controls.phone.value"
            [phoneValid]="phoneValid()"
            (failed)="smsFailed($event)"
          />
        </div>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'identity.fields.newPassword' | transloco }}</mat-label>
          <input matInput formControlName="newPassword" type="password" autocomplete="new-password" maxlength="20" />
          <mat-error
            ><kg-field-error
              [control]="form.controls.newPassword"
              [messages]="{ required: 'forms.required', passwordPolicy: 'forms.rules.passwordPolicy' }"
          /></mat-error>
        </mat-form-field>
        <kg-password-rules [value]="password()" />
        <button mat-flat-button class="submit" type="submit" [disabled]="busy()">{{ 'identity.reset.submit' | transloco }}</button>
      </form>
      <div class="links">
        <a routerLink="/login">{{ 'identity.reset.back' | transloco }}</a>
      </div>
    </div>
  `,
  styleUrl: './auth-card.scss',
})
export class ResetPasswordPage {
  private readonly api = inject(IdentityApi);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly busy = signal(false);
  protected readonly failure = signal<{ key: string; params?: Record<string, unknown> } | null>(null);
  protected readonly form = this.fb.group({
    phone: ['', [Validators.required, mainlandMobile]],
    smsCode: ['', [Validators.required, sixDigits]],
    newPassword: ['', [Validators.required, productPassword]],
  });
  protected readonly password = toSignal(this.form.controls.newPassword.valueChanges.pipe(startWith('')), { requireSync: true });
  protected readonly phoneValid = toSignal(
    this.form.controls.phone.valueChanges.pipe(
      startWith(''),
      map(() => this.form.controls.phone.valid),
    ),
    {
      requireSync: true,
    },
  );

  protected smsFailed(error: unknown): void {
    const failure = formFailure(error, this.form);
    if (failure?.status === 429)
      this.failure.set({ key: 'identity.sms.tooSoon', params: { count: waitText(failure.retryAfterSeconds).value } });
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { phone, smsCode, newPassword } = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.api.resetPassword(phone, smsCode, newPassword).subscribe({
      next: () => void this.router.navigate(['/login'], { queryParams: { reason: 'password-reset' } }),
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.form, { password: 'newPassword' });
        if (failure && (failure.unplaced.length || failure.status === 429 || failure.status >= 500))
          this.failure.set({ key: 'identity.reset.failed', params: { detail: failure.message } });
      },
    });
  }
}
