import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { FormControl } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../shared/forms/field-error';
import { TenancyApi } from './tenancy.api';
import type { Division } from './tenancy.model';

type Step = 'province' | 'city' | 'county';
const STEPS: readonly Step[] = ['province', 'city', 'county'];

/**
 * Province → city → county as three cascading selects fed by GET /api/v1/divisions; `control`
 * receives the county code (or a city's, where the city has no counties below it).
 */
@Component({
  selector: 'kg-division-picker',
  imports: [MatFormFieldModule, MatSelectModule, TranslocoPipe, FieldErrorText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (step of steps; track step; let i = $index) {
      <mat-form-field>
        <mat-label>{{ 'divisions.' + step | transloco }}</mat-label>
        <mat-select
          [value]="chosen()[i]"
          [disabled]="!options()[i]?.length"
          (valueChange)="choose(i, $event)"
          [attr.data-testid]="'division-' + step"
        >
          @for (d of options()[i] ?? []; track d.code) {
            <mat-option [value]="d.code">{{ d.name }}</mat-option>
          }
        </mat-select>
        @if (i === steps.length - 1) {
          <mat-error><kg-field-error [control]="control()" [messages]="{ required: 'divisions.required' }" /></mat-error>
        }
      </mat-form-field>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    mat-form-field {
      flex: 1 1 160px;
      min-width: 0;
    }
  `,
})
export class DivisionPicker {
  private readonly api = inject(TenancyApi);
  readonly control = input.required<FormControl<string>>();
  protected readonly steps = STEPS;
  protected readonly options = signal<(readonly Division[] | undefined)[]>([]);
  protected readonly chosen = signal<(string | undefined)[]>([]);

  constructor() {
    this.api.divisions(null).subscribe((items) => this.options.set([items]));
  }

  protected choose(level: number, code: string): void {
    this.chosen.update((c) => [...c.slice(0, level), code]);
    this.options.update((o) => o.slice(0, level + 1));
    const control = this.control();
    if (level === STEPS.length - 1) {
      control.setValue(code);
      control.markAsTouched();
      return;
    }
    control.setValue('');
    this.api.divisions(code).subscribe((items) => {
      // Municipalities and direct-administered counties skip a level: an empty list ends here.
      if (items.length === 0) control.setValue(code);
      this.options.update((o) => [...o.slice(0, level + 1), items]);
    });
  }
}
