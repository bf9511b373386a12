import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../../shared/forms/field-error';
import type { OperatorNodeForm } from './node-form';

/** The fields of an operator node, shared by the create and edit forms. */
@Component({
  selector: 'kg-node-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TranslocoPipe, FieldErrorText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let f = form();
    <ng-container [formGroup]="f">
      <mat-form-field>
        <mat-label>{{ 'nodes.fields.name' | transloco }}</mat-label>
        <input matInput formControlName="name" data-testid="node-name" />
        <mat-error><kg-field-error [control]="f.controls.name" [messages]="messages" /></mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'nodes.fields.principalName' | transloco }}</mat-label>
        <input matInput formControlName="principalName" autocomplete="off" />
        <mat-error><kg-field-error [control]="f.controls.principalName" [messages]="messages" /></mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'nodes.fields.contactPhone' | transloco }}</mat-label>
        <input matInput formControlName="contactPhone" inputmode="tel" autocomplete="off" [placeholder]="masked()?.contact ?? ''" />
        @if (masked()) {
          <mat-hint>{{ 'nodes.phoneKept' | transloco }}</mat-hint>
        }
        <mat-error><kg-field-error [control]="f.controls.contactPhone" [messages]="messages" /></mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'nodes.fields.email' | transloco }}</mat-label>
        <input matInput type="email" formControlName="email" autocomplete="off" [placeholder]="masked()?.email ?? ''" />
        <mat-error><kg-field-error [control]="f.controls.email" [messages]="messages" /></mat-error>
      </mat-form-field>
    </ng-container>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class NodeFields {
  readonly form = input.required<OperatorNodeForm>();
  /** The masked numbers on file, shown as placeholders while editing. */
  readonly masked = input<{ contact: string; email: string | null } | null>(null);
  protected readonly messages = {
    required: 'forms.required',
    pattern: 'nodes.phoneInvalid',
    email: 'nodes.emailInvalid',
    maxlength: 'forms.tooLong',
  };
}
