import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { startWith } from 'rxjs';
import { AuthSession } from '../../core/auth/auth-session';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { IdentityApi } from '../identity.api';
import { PasswordRules, productPassword } from '../password-rules';
import { StepUpGate } from './step-up';

/** 修改密码: after a step-up, the current and a new password; other sessions end. */
@Component({
  selector: 'kg-password-card',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    FieldErrorText,
    PasswordRules,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2><mat-icon aria-hidden="true">password</mat-icon>{{ 'security.password.title' | transloco }}</h2>
    <p class="lead">{{ 'security.password.lead' | transloco }}</p>
    @if (editing()) {
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'identity.fields.currentPassword' | transloco }}</mat-label>
          <input matInput formControlName="currentPassword" type="password" autocomplete="current-password" />
          <mat-error><kg-field-error [control]="form.controls.currentPassword" [messages]="{ required: 'forms.required' }" /></mat-error>
        </mat-form-field>
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
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy()">{{ 'security.password.save' | transloco }}</button>
          <button mat-button type="button" (click)="editing.set(false)">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    } @else {
      <div class="actions">
        <button mat-stroked-button (click)="start()">{{ 'security.password.change' | transloco }}</button>
      </div>
    }
  `,
  styleUrl: './card.scss',
})
export class PasswordCard {
  private readonly api = inject(IdentityApi);
  private readonly stepUp = inject(StepUpGate);
  private readonly session = inject(AuthSession);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, productPassword]],
  });
  protected readonly password = toSignal(this.form.controls.newPassword.valueChanges.pipe(startWith('')), { requireSync: true });

  protected async start(): Promise<void> {
    if (await this.stepUp.ensure()) this.editing.set(true);
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.busy.set(true);
    this.api.changePassword(currentPassword, newPassword).subscribe({
      next: ({ endedSessions }) => {
        this.busy.set(false);
        this.editing.set(false);
        this.form.reset();
        void this.session.loadAccount();
        this.snackBar.open(this.transloco.translate('security.password.changed', { count: endedSessions }), undefined, { duration: 5000 });
      },
      error: async (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.form, { password: 'currentPassword' });
        if (failure?.status === 403) {
          this.stepUp.lapse();
          if (await this.stepUp.ensure(true)) this.submit();
        } else if (failure?.status === 401) {
          this.form.controls.currentPassword.setErrors({
            server: { field: 'currentPassword', rule: 'wrong-password', message: this.transloco.translate('security.password.wrong') },
          });
        }
      },
    });
  }
}
