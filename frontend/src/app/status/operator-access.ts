import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';

/**
 * Where an operator enters the admin token to see the platform's details (versions, paths, free
 * disk, adapter kinds); anyone else sees whether each part is up, which is all the backend tells them.
 */
@Component({
  selector: 'kg-operator-access',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-detailed]': 'detailed()' },
  template: `
    @if (detailed()) {
      <p class="note" data-testid="operator-details-shown">
        <mat-icon aria-hidden="true">admin_panel_settings</mat-icon>
        <span>{{ 'status.operator.shown' | transloco }}</span>
      </p>
      <button mat-stroked-button type="button" (click)="hide.emit()">
        <mat-icon>visibility_off</mat-icon>
        {{ 'status.operator.hide' | transloco }}
      </button>
    } @else {
      <p class="note">
        <mat-icon aria-hidden="true">lock</mat-icon>
        <span>{{ 'status.operator.hint' | transloco }}</span>
      </p>
      <form (submit)="submit($event, token.value); token.value = ''">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'status.operator.token' | transloco }}</mat-label>
          <input matInput #token type="password" name="adminToken" autocomplete="off" spellcheck="false" required />
        </mat-form-field>
        <button mat-flat-button type="submit">
          <mat-icon>visibility</mat-icon>
          {{ 'status.operator.show' | transloco }}
        </button>
      </form>
      @if (rejected()) {
        <p class="rejected" role="alert">{{ 'status.operator.rejected' | transloco }}</p>
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px 16px;
      padding: 14px 16px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px dashed var(--mat-sys-outline-variant);
    }
    .note {
      display: flex;
      align-items: center;
      gap: 8px;
      flex: 1 1 280px;
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    mat-form-field {
      width: 280px;
      max-width: 100%;
    }
    .rejected {
      flex-basis: 100%;
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class OperatorAccess {
  readonly detailed = input.required<boolean>();
  /** The last token entered was not accepted. */
  readonly rejected = input(false);
  readonly show = output<string>();
  readonly hide = output<void>();

  protected submit(event: Event, token: string): void {
    event.preventDefault();
    if (token.trim()) this.show.emit(token);
  }
}
