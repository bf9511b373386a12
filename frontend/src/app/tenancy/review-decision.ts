import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../shared/forms/field-error';

export interface ReviewDecision {
  readonly verdict: 'approve' | 'reject';
  readonly opinion: string;
}

/** Approve or reject with an opinion; a rejection must say why (the applicant reads it). */
@Component({
  selector: 'kg-review-decision',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe, FieldErrorText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="opinion">
      <mat-label>{{ 'review.opinion' | transloco }}</mat-label>
      <textarea matInput [formControl]="opinion" rows="3" maxlength="500" data-testid="review-opinion"></textarea>
      <mat-hint>{{ 'review.opinionHint' | transloco }}</mat-hint>
      <mat-error
        ><kg-field-error [control]="opinion" [messages]="{ required: 'review.opinionRequired', pattern: 'review.opinionRequired' }"
      /></mat-error>
    </mat-form-field>
    <div class="kg-actions">
      <button mat-flat-button type="button" [disabled]="busy()" (click)="decide('approve')" data-testid="approve">
        <mat-icon>check</mat-icon>{{ 'review.approve' | transloco }}
      </button>
      <button mat-stroked-button type="button" class="reject" [disabled]="busy()" (click)="decide('reject')" data-testid="reject">
        <mat-icon>close</mat-icon>{{ 'review.reject' | transloco }}
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .opinion {
      width: 100%;
      max-width: 560px;
    }
    .reject {
      color: var(--mat-sys-error);
    }
  `,
})
export class ReviewDecisionForm {
  readonly busy = input(false);
  readonly decided = output<ReviewDecision>();
  protected readonly opinion = new FormControl('', { nonNullable: true });

  protected decide(verdict: ReviewDecision['verdict']): void {
    this.opinion.setValidators(verdict === 'reject' ? [Validators.required, Validators.pattern(/\S/)] : []);
    this.opinion.updateValueAndValidity();
    if (this.opinion.invalid) {
      this.opinion.markAsTouched();
      return;
    }
    this.decided.emit({ verdict, opinion: this.opinion.value.trim() });
  }
}
