import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
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

/** 注册 / Register: mobile number proved by an SMS code, password, display name, consent. */
@Component({
  selector: 'kg-register-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
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
  templateUrl: './register-page.html',
  styleUrl: './auth-card.scss',
})
export class RegisterPage {
  private readonly api = inject(IdentityApi);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly busy = signal(false);
  protected readonly failure = signal<{ key: string; params?: Record<string, unknown> } | null>(null);
  protected readonly codeSent = signal(false);

  protected readonly form = this.fb.group({
    phone: ['', [Validators.required, mainlandMobile]],
    smsCode: ['', [Validators.required, sixDigits]],
    password: ['', [Validators.required, productPassword]],
    displayName: ['', [Validators.maxLength(30)]],
    acceptTerms: [false, [Validators.requiredTrue]],
    acceptPrivacy: [false, [Validators.requiredTrue]],
  });
  protected readonly password = toSignal(this.form.controls.password.valueChanges.pipe(startWith('')), { requireSync: true });
  protected readonly phoneValid = toSignal(
    this.form.controls.phone.valueChanges.pipe(
      startWith(''),
      map(() => this.form.controls.phone.valid || !!this.form.controls.phone.errors?.['server']),
    ),
    { requireSync: true },
  );

  protected smsFailed(error: unknown): void {
    const failure = formFailure(error, this.form);
    if (failure?.status === 429)
      this.failure.set({ key: 'identity.sms.tooSoon', params: { count: waitText(failure.retryAfterSeconds).value } });
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const value = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.api
      .register({
        phone: value.phone,
        smsCode: value.smsCode,
        password: value.password,
        acceptTerms: true,
        acceptPrivacy: true,
        ...(value.displayName.trim() ? { displayName: value.displayName.trim() } : {}),
      })
      .subscribe({
        next: () => void this.router.navigate(['/login'], { queryParams: { reason: 'registered' } }),
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = formFailure(error, this.form);
          if (!failure) return;
          if (failure.status === 429) this.failure.set({ key: 'identity.register.tooMany' });
          else if (failure.unplaced.length || failure.status >= 500 || (failure.status !== 400 && failure.status !== 409))
            this.failure.set({ key: 'identity.register.failed', params: { detail: failure.message } });
        },
      });
  }
}
