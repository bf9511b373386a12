import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { fenOf, PAYMENT_METHODS } from './settlements.model';

export type StepKind = 'dispute' | 'answer' | 'arbitrate' | 'pay' | 'invoice' | 'cancel';

export interface StepDialogData {
  readonly kind: StepKind;
  /** What the step is about (the contested line's description), shown under the title. */
  readonly subject?: string;
}

const TEXT = [Validators.required, Validators.maxLength(500), Validators.pattern(/\S/)];

/** The form behind one settlement step; closes with the request body, or nothing when cancelled. */
@Component({
  selector: 'kg-settlement-step-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'settlements.steps.' + data.kind | transloco }}</h2>
    <mat-dialog-content>
      @if (data.subject) {
        <p class="kg-lead">{{ data.subject }}</p>
      }
      <form [formGroup]="form" class="step-form" (ngSubmit)="submit()">
        @switch (data.kind) {
          @case ('arbitrate') {
            <mat-form-field>
              <mat-label>{{ 'settlements.dialog.decision' | transloco }}</mat-label>
              <mat-select formControlName="decision" data-testid="decision">
                <mat-option value="upheld">{{ 'settlements.decisions.upheld' | transloco }}</mat-option>
                <mat-option value="dismissed">{{ 'settlements.decisions.dismissed' | transloco }}</mat-option>
              </mat-select>
            </mat-form-field>
            @if (form.controls.decision.value === 'upheld') {
              <mat-form-field>
                <mat-label>{{ 'settlements.dialog.adjustedAmount' | transloco }}</mat-label>
                <input matInput formControlName="amount" inputmode="decimal" data-testid="adjusted-amount" />
                <mat-hint>{{ 'settlements.dialog.yuanHint' | transloco }}</mat-hint>
              </mat-form-field>
            }
          }
          @case ('pay') {
            <mat-form-field>
              <mat-label>{{ 'settlements.dialog.method' | transloco }}</mat-label>
              <mat-select formControlName="method" data-testid="pay-method">
                @for (m of methods; track m) {
                  <mat-option [value]="m">{{ 'settlements.methods.' + m | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
          @case ('invoice') {
            <mat-form-field>
              <mat-label>{{ 'settlements.dialog.invoiceTitle' | transloco }}</mat-label>
              <input matInput formControlName="title" data-testid="invoice-title" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'settlements.dialog.taxNumber' | transloco }}</mat-label>
              <input matInput formControlName="taxNumber" data-testid="tax-number" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'settlements.dialog.email' | transloco }}</mat-label>
              <input matInput formControlName="email" type="email" />
            </mat-form-field>
          }
        }
        @if (needsText) {
          <mat-form-field>
            <mat-label>{{ 'settlements.dialog.text.' + data.kind | transloco }}</mat-label>
            <textarea matInput formControlName="text" rows="3" cdkFocusInitial data-testid="step-text"></textarea>
            <mat-hint align="end">{{ form.controls.text.value.length }} / 500</mat-hint>
          </mat-form-field>
        }
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="!valid()" (click)="submit()" data-testid="confirm-step">{{ 'settlements.steps.' + data.kind | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .step-form {
      display: flex;
      flex-direction: column;
      min-width: min(420px, 72vw);
    }
  `,
})
export class SettlementStepDialog {
  protected readonly data = inject<StepDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<SettlementStepDialog, object>);
  protected readonly methods = PAYMENT_METHODS;
  protected readonly needsText = ['dispute', 'answer', 'arbitrate', 'cancel'].includes(this.data.kind);
  protected readonly form = new FormGroup({
    text: new FormControl('', { nonNullable: true, validators: this.needsText ? TEXT : [] }),
    decision: new FormControl<'upheld' | 'dismissed'>('dismissed', { nonNullable: true }),
    amount: new FormControl('', { nonNullable: true }),
    method: new FormControl<string>('bank-transfer', { nonNullable: true }),
    title: new FormControl('', { nonNullable: true, validators: this.data.kind === 'invoice' ? [Validators.required, Validators.maxLength(100)] : [] }),
    taxNumber: new FormControl('', { nonNullable: true, validators: this.data.kind === 'invoice' ? [Validators.required, Validators.pattern(/^[0-9A-Z]{15,20}$/)] : [] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email] }),
  });

  protected valid(): boolean {
    if (this.form.invalid) return false;
    return !(this.data.kind === 'arbitrate' && this.form.controls.decision.value === 'upheld' && fenOf(this.form.controls.amount.value) === null);
  }

  protected submit(): void {
    if (!this.valid()) return;
    this.ref.close(bodyOf(this.data.kind, this.form.getRawValue()));
  }
}

/** The request body of a step from what the form holds. */
export function bodyOf(kind: StepKind, v: { text: string; decision: 'upheld' | 'dismissed'; amount: string; method: string; title: string; taxNumber: string; email: string }): object {
  const text = v.text.trim();
  switch (kind) {
    case 'dispute':
    case 'cancel':
      return { reason: text };
    case 'answer':
      return { answer: text };
    case 'arbitrate':
      return v.decision === 'upheld' ? { decision: 'upheld', adjustedAmountFen: fenOf(v.amount), note: text } : { decision: 'dismissed', note: text };
    case 'pay':
      return { method: v.method };
    case 'invoice':
      return { title: v.title.trim(), taxNumber: v.taxNumber.trim(), ...(v.email.trim() ? { email: v.email.trim() } : {}) };
  }
}
