import { ChangeDetectionStrategy, Component, computed, inject, input, model } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import type { Matrix, MatrixRow } from './permission-matrix.model';
import { labelIn, toggled, toggledRow } from './permission-matrix.model';

/** The permissions of a role as a grid: subjects × actions, a checkbox where the pair exists. */
@Component({
  selector: 'kg-permission-matrix',
  imports: [MatCheckboxModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-matrix-scroll" tabindex="0" role="region" [attr.aria-label]="'roles.matrix' | transloco">
      <table class="kg-matrix" data-testid="permission-matrix">
        <thead>
          <tr>
            <th scope="col">{{ 'roles.subject' | transloco }}</th>
            @for (a of matrix().actions; track a.action) {
              <th scope="col">{{ label(a.label) }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of matrix().rows; track row.subject.slug) {
            <tr>
              <th scope="row">
                <mat-checkbox
                  [checked]="rowState(row) === 'all'"
                  [indeterminate]="rowState(row) === 'some'"
                  [disabled]="disabled()"
                  (change)="selected.set(toggleRow(row))"
                  [attr.aria-label]="'roles.wholeRow' | transloco: { subject: label(row.subject.label) }"
                >
                  {{ label(row.subject.label) }}
                </mat-checkbox>
              </th>
              @for (permission of row.cells; track $index; let i = $index) {
                <td>
                  @if (permission) {
                    <mat-checkbox
                      [checked]="selected().has(permission)"
                      [disabled]="disabled()"
                      (change)="selected.set(toggle(permission, $event.checked))"
                      [attr.aria-label]="label(row.subject.label) + ' · ' + label(matrix().actions[i]!.label)"
                      [attr.data-permission]="permission"
                    />
                  } @else {
                    <span class="kg-none" aria-hidden="true">·</span>
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class PermissionMatrix {
  private readonly locale = inject(LocaleService);
  readonly matrix = input.required<Matrix>();
  readonly selected = model<ReadonlySet<string>>(new Set());
  readonly disabled = input(false);
  private readonly language = computed(() => this.locale.language());

  protected label(value: { 'zh-CN': string; en: string }): string {
    return labelIn(value, this.language());
  }

  protected rowState(row: MatrixRow): 'all' | 'some' | 'none' {
    const permissions = row.cells.filter((c): c is string => c !== null);
    const on = permissions.filter((p) => this.selected().has(p)).length;
    return on === 0 ? 'none' : on === permissions.length ? 'all' : 'some';
  }

  protected toggle(permission: string, on: boolean): Set<string> {
    return toggled(this.selected(), permission, on);
  }

  protected toggleRow(row: MatrixRow): Set<string> {
    return toggledRow(this.selected(), row);
  }
}
