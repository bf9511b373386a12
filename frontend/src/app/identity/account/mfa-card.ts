import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { renderSVG } from 'uqr';
import { AuthSession } from '../../core/auth/auth-session';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { IdentityApi } from '../identity.api';
import { sixDigits } from '../phone';
import { StepUpGate } from './step-up';

type Stage =
  | { readonly kind: 'overview' }
  | { readonly kind: 'enrol'; readonly secret: string; readonly qr: string }
  | { readonly kind: 'recovery-codes'; readonly codes: readonly string[] }
  | { readonly kind: 'disable' };

/** Groups of four, as authenticator apps show secrets for typing. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** 两步验证 (TOTP): set up with a QR code, confirm with a first code, recovery codes once; switch off. */
@Component({
  selector: 'kg-mfa-card',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe, FieldErrorText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './mfa-card.html',
  styleUrls: ['./card.scss', './mfa-card.scss'],
})
export class MfaCard {
  private readonly api = inject(IdentityApi);
  private readonly stepUp = inject(StepUpGate);
  private readonly session = inject(AuthSession);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly stage = signal<Stage>({ kind: 'overview' });
  protected readonly busy = signal(false);
  protected readonly mfa = computed(() => this.session.user()?.mfa ?? null);
  protected readonly grouped = grouped;
  protected readonly recovery = signal(false);
  protected readonly confirmForm = this.fb.group({ code: ['', [Validators.required, sixDigits]] });
  protected readonly disableForm = this.fb.group({ code: ['', [Validators.required, sixDigits]], recoveryCode: ['', Validators.required] });

  protected async enrol(): Promise<void> {
    if (!(await this.stepUp.ensure())) return;
    this.busy.set(true);
    this.api.startTotp().subscribe({
      next: ({ secret, otpauthUri }) => {
        // Drawn here, never by a third-party service: the URI carries the secret. An <img> of SVG
        // keeps it out of the DOM's reach of sanitisers and scales crisply at any size.
        const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(otpauthUri, { ecc: 'M', border: 2, pixelSize: 8 }))}`;
        this.confirmForm.reset();
        this.stage.set({ kind: 'enrol', secret, qr });
        this.busy.set(false);
      },
      error: async (error: unknown) => {
        this.busy.set(false);
        if (formFailure(error, null)?.status === 403) {
          this.stepUp.lapse();
          await this.enrol();
        }
      },
    });
  }

  protected confirm(): void {
    this.confirmForm.markAllAsTouched();
    if (this.confirmForm.invalid || this.busy()) return;
    this.busy.set(true);
    this.api.confirmTotp(this.confirmForm.controls.code.value).subscribe({
      next: (codes) => {
        this.busy.set(false);
        this.stage.set({ kind: 'recovery-codes', codes });
        void this.session.loadAccount();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.confirmForm);
        if (failure?.status === 401)
          this.confirmForm.controls.code.setErrors({ server: { field: 'code', rule: 'one-time-code', message: '' } });
      },
    });
  }

  protected async startDisable(): Promise<void> {
    if (!(await this.stepUp.ensure())) return;
    this.disableForm.reset();
    this.recovery.set(false);
    this.stage.set({ kind: 'disable' });
  }

  protected disable(): void {
    const control = this.recovery() ? this.disableForm.controls.recoveryCode : this.disableForm.controls.code;
    control.markAsTouched();
    if (control.invalid || this.busy()) return;
    const factor = this.recovery() ? { recoveryCode: control.value.trim() } : { code: control.value };
    this.busy.set(true);
    this.api.disableMfa(factor).subscribe({
      next: () => {
        this.busy.set(false);
        this.stage.set({ kind: 'overview' });
        void this.session.loadAccount();
        this.snackBar.open(this.transloco.translate('security.mfa.disabled'), undefined, { duration: 5000 });
      },
      error: async (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.disableForm, { code: this.recovery() ? 'recoveryCode' : 'code' });
        if (failure?.status === 401) control.setErrors({ server: { field: 'code', rule: 'one-time-code', message: '' } });
        if (failure?.status === 403) {
          this.stepUp.lapse();
          if (await this.stepUp.ensure(true)) this.disable();
        }
      },
    });
  }

  protected async copy(codes: readonly string[]): Promise<void> {
    await navigator.clipboard.writeText(codes.join('\n'));
    this.snackBar.open(this.transloco.translate('security.mfa.copied'), undefined, { duration: 3000 });
  }

  protected download(codes: readonly string[]): void {
    const text = `${this.transloco.translate('security.mfa.fileHeading')}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: 'kuaige-recovery-codes.txt' });
    link.click();
    URL.revokeObjectURL(url);
  }

  protected done(): void {
    this.stage.set({ kind: 'overview' });
  }
}
