import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { AuthSession } from '../../core/auth/auth-session';
import { IdentityApi } from '../identity.api';
import { StepUpGate } from './step-up';

/**
 * 删除个人信息 (PIPL art. 47): after a step-up and an explicit acknowledgement, the holder's data key is
 * destroyed; the account is disabled and every session ends, so the page signs out.
 */
@Component({
  selector: 'kg-erasure-card',
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2><mat-icon aria-hidden="true">person_remove</mat-icon>{{ 'erasure.title' | transloco }}</h2>
    <p class="lead">{{ 'erasure.lead' | transloco }}</p>
    @if (confirming()) {
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <ul class="consequences">
          <li>{{ 'erasure.consequences.data' | transloco }}</li>
          <li>{{ 'erasure.consequences.account' | transloco }}</li>
          <li>{{ 'erasure.consequences.audit' | transloco }}</li>
        </ul>
        <mat-checkbox formControlName="understood">{{ 'erasure.understood' | transloco }}</mat-checkbox>
        @if (failed()) {
          <p class="error" role="alert">{{ 'erasure.failed' | transloco }}</p>
        }
        <div class="actions">
          <button mat-flat-button class="destructive" type="submit" [disabled]="form.invalid || busy()">{{ 'erasure.confirm' | transloco }}</button>
          <button mat-button type="button" (click)="confirming.set(false)">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    } @else {
      <div class="actions">
        <button mat-stroked-button class="destructive" (click)="start()">{{ 'erasure.start' | transloco }}</button>
      </div>
    }
  `,
  styleUrl: './card.scss',
  styles: `
    .consequences {
      margin: 0 0 12px;
      padding-left: 20px;
    }
    .destructive {
      --mdc-filled-button-container-color: var(--mat-sys-error);
      --mdc-filled-button-label-text-color: var(--mat-sys-on-error);
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
      --mat-button-outlined-label-text-color: var(--mat-sys-error);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ErasureCard {
  private readonly api = inject(IdentityApi);
  private readonly stepUp = inject(StepUpGate);
  private readonly session = inject(AuthSession);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  protected readonly confirming = signal(false);
  protected readonly busy = signal(false);
  protected readonly failed = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({ understood: [false, Validators.requiredTrue] });

  protected async start(): Promise<void> {
    if (await this.stepUp.ensure()) {
      this.form.reset();
      this.failed.set(false);
      this.confirming.set(true);
    }
  }

  protected submit(): void {
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.failed.set(false);
    this.api.erasePersonalData().subscribe({
      next: () => {
        this.snackBar.open(this.transloco.translate('erasure.done'), undefined, { duration: 8000 });
        void this.session.signOut();
      },
      error: async (error: { status?: number }) => {
        this.busy.set(false);
        if (error?.status === 403) {
          this.stepUp.lapse();
          if (await this.stepUp.ensure(true)) this.submit();
        } else this.failed.set(true);
      },
    });
  }
}
