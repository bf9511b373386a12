import { ChangeDetectionStrategy, Component, computed, inject, input, model } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import type { Matrix } from './permission-matrix.model';
import { type OverrideState, labelIn, nextOverride } from './permission-matrix.model';

const ICONS: Record<OverrideState, string> = { inherit: 'remove', allow: 'check_circle', deny: 'block' };

/** Per-user overrides as a grid: each cell inherits from the roles, or allows, or denies. */
@Component({
  selector: 'kg-override-matrix',
  imports: [MatIconModule, MatTooltipModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-matrix-scroll" tabindex="0" role="region" [attr.aria-label]="'overrides.matrix' | transloco">
      <table class="kg-matrix" data-testid="override-matrix">
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
              <th scope="row">{{ label(row.subject.label) }}</th>
              @for (permission of row.cells; track $index; let i = $index) {
                <td>
                  @if (permission) {
                    @let state = stateOf(permission);
                    <button
                      type="button"
                      class="cell"
                      [class]="'cell ' + state"
                      (click)="cycle(permission)"
                      [attr.aria-label]="label(row.subject.label) + ' · ' + label(matrix().actions[i]!.label) + ': ' + stateText(state)"
                      [matTooltip]="stateText(state)"
                      [attr.data-permission]="permission"
                      [attr.data-state]="state"
                    >
                      <mat-icon aria-hidden="true">{{ icons[state] }}</mat-icon>
                    </button>
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
  styles: `
    .cell {
      display: grid;
      place-items: center;
      width: 32px;
      height: 32px;
      margin: auto;
      border: none;
      border-radius: 50%;
      background: transparent;
      color: var(--mat-sys-outline);
      cursor: pointer;
    }
    .cell:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .cell.allow {
      color: var(--kg-ok);
    }
    .cell.deny {
      color: var(--mat-sys-error);
    }
  `,
})
export class OverrideMatrix {
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  readonly matrix = input.required<Matrix>();
  readonly states = model<ReadonlyMap<string, OverrideState>>(new Map());
  protected readonly icons = ICONS;
  private readonly language = computed(() => this.locale.language());

  protected label(value: { 'zh-CN': string; en: string }): string {
    return labelIn(value, this.language());
  }

  protected stateOf(permission: string): OverrideState {
    return this.states().get(permission) ?? 'inherit';
  }

  protected stateText(state: OverrideState): string {
    this.language();
    return this.transloco.translate(`overrides.states.${state}`);
  }

  protected cycle(permission: string): void {
    this.states.update((states) => new Map(states).set(permission, nextOverride(this.stateOf(permission))));
  }
}
