import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';

/** Asks for the reason of a decline or a departure (the member is told it). */
@Component({
  selector: 'kg-reason-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco: { name: data.name } }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ 'members.reason' | transloco }}</mat-label>
        <textarea matInput [formControl]="reason" rows="3" cdkFocusInitial></textarea>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="reason.invalid" [mat-dialog-close]="reason.value.trim()">
        {{ 'common.confirm' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(360px, 70vw); }',
})
export class ReasonDialog {
  protected readonly data = inject<{ titleKey: string; name: string }>(MAT_DIALOG_DATA);
  protected readonly reason = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] });
}

/** Picks the roles of a member (approving a join request, or changing an employee's roles). */
@Component({
  selector: 'kg-roles-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco: { name: data.name } }}</h2>
    <mat-dialog-content>
      <div class="roles" role="group">
        @for (role of data.roles; track role.id) {
          <mat-checkbox [checked]="chosen().has(role.id)" (change)="toggle(role.id, $event.checked)">{{ role.name }}</mat-checkbox>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [mat-dialog-close]="[...chosen()]">{{ 'common.confirm' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: '.roles { display: flex; flex-direction: column; }',
})
export class RolesDialog {
  protected readonly data = inject<{
    titleKey: string;
    name: string;
    roles: readonly { id: string; name: string }[];
    selected: readonly string[];
  }>(MAT_DIALOG_DATA);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set(this.data.selected));

  protected toggle(id: string, on: boolean): void {
    this.chosen.update((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
