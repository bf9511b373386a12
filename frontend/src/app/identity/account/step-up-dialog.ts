import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { IdentityApi } from '../identity.api';
import { sixDigits } from '../phone';
import { waitText } from '../wait-text';

export interface StepUpData {
  /** MFA is on: the backend wants a code as well as the password. */
  readonly mfaEnabled: boolean;
}

/** 身份验证: the password again (and a code when MFA is on) before a critical change; 5 minutes. */
@Component({
  selector: 'kg-step-up-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    FieldErrorText,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'security.stepUp.title' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()" novalidate>
      <mat-dialog-content>
        <p>{{ 'security.stepUp.lead' | transloco }}</p>
        @if (failure(); as failure) {
          <p class="error" role="alert">{{ failure.key | transloco: failure.params }}</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ 'identity.fields.password' | transloco }}</mat-label>
          <input matInput formControlName="password" type="password" autocomplete="current-password" cdkFocusInitial />
          <mat-error><kg-field-error [control]="form.controls.password" [messages]="{ required: 'forms.required' }" /></mat-error>
        </mat-form-field>
        @if (data.mfaEnabled) {
          @if (recovery()) {
            <mat-form-field appearance="outline">
              <mat-label>{{ 'identity.fields.recoveryCode' | transloco }}</mat-label>
              <input matInput formControlName="recoveryCode" autocomplete="off" />
              <mat-error><kg-field-error [control]="form.controls.recoveryCode" [messages]="{ required: 'forms.required' }" /></mat-error>
            </mat-form-field>
          } @else {
            <mat-form-field appearance="outline">
              <mat-label>{{ 'identity.fields.totpCode' | transloco }}</mat-label>
              <input matInput formControlName="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" />
              <mat-error
                ><kg-field-error [control]="form.controls.code" [messages]="{ required: 'forms.required', pattern: 'forms.sixDigits' }"
              /></mat-error>
            </mat-form-field>
          }
          <button mat-button type="button" (click)="recovery.set(!recovery())">
            {{ (recovery() ? 'identity.login.useTotp' : 'identity.login.useRecovery') | transloco }}
          </button>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ 'security.stepUp.confirm' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class StepUpDialog {
  protected readonly data = inject<StepUpData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<StepUpDialog, string>>(MatDialogRef);
  private readonly api = inject(IdentityApi);
  protected readonly busy = signal(false);
  protected readonly recovery = signal(false);
  protected readonly failure = signal<{ key: string; params?: Record<string, unknown> } | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', Validators.required],
    code: ['', [Validators.required, sixDigits]],
    recoveryCode: ['', Validators.required],
  });

  protected confirm(): void {
    const { password, code, recoveryCode } = this.form.controls;
    const needed = [password, ...(this.data.mfaEnabled ? [this.recovery() ? recoveryCode : code] : [])];
    needed.forEach((c) => c.markAsTouched());
    if (needed.some((c) => c.invalid) || this.busy()) return;
    const factor = !this.data.mfaEnabled ? null : this.recovery() ? { recoveryCode: recoveryCode.value.trim() } : { code: code.value };
    this.busy.set(true);
    this.failure.set(null);
    this.api.stepUp(password.value, factor).subscribe({
      next: ({ steppedUpUntil }) => this.ref.close(steppedUpUntil),
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.form, { code: this.recovery() ? 'recoveryCode' : 'code' });
        if (!failure) return;
        if (failure.status === 429)
          this.failure.set({ key: 'security.stepUp.locked', params: { count: waitText(failure.retryAfterSeconds).value } });
        else if (failure.status === 401) this.failure.set({ key: 'security.stepUp.refused' });
        else if (failure.unplaced.length) this.failure.set({ key: 'identity.login.failed', params: { detail: failure.message } });
      },
    });
  }
}
