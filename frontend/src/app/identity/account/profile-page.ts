import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { AuthSession } from '../../core/auth/auth-session';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { IdentityApi } from '../identity.api';

// The backend's rule for real names: 2–40 letters, the middle dot of transliterated names allowed.
const REAL_NAME = /^[\p{L}·• ]{2,40}$/u;

/** 个人资料 / Profile: display name, real name and phone (both masked by the backend); edit names. */
@Component({
  selector: 'kg-profile-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './profile-page.html',
  styleUrls: ['./account-page.scss', './profile-page.scss'],
})
export class ProfilePage {
  protected readonly session = inject(AuthSession);
  private readonly api = inject(IdentityApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly failed = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    displayName: ['', [Validators.required, Validators.maxLength(30)]],
    // Empty keeps the stored real name: it is shown masked, so it cannot be edited in place.
    realName: ['', [Validators.pattern(REAL_NAME)]],
  });

  constructor() {
    // Always asked again: names may have changed on another device since sign-in.
    this.reload();
  }

  protected reload(): void {
    this.failed.set(false);
    this.session.loadAccount().catch(() => this.failed.set(true));
  }

  protected edit(): void {
    this.form.reset({ displayName: this.session.user()?.displayName ?? '', realName: '' });
    this.editing.set(true);
  }

  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { displayName, realName } = this.form.getRawValue();
    this.busy.set(true);
    this.api.updateProfile({ displayName: displayName.trim(), ...(realName.trim() ? { realName: realName.trim() } : {}) }).subscribe({
      next: async () => {
        await this.session.loadAccount();
        this.busy.set(false);
        this.editing.set(false);
        this.snackBar.open(this.transloco.translate('profile.saved'), undefined, { duration: 4000 });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        formFailure(error, this.form);
      },
    });
  }
}
