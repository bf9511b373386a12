import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { map, type Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { queryOf } from '../core/api/idempotency';

interface Division {
  readonly code: string;
  readonly name: string;
}

/**
 * Picks a service region at any level: a province, optionally narrowed to a city or a county; "add"
 * hands out the narrowest one chosen, with its name.
 */
@Component({
  selector: 'kg-region-adder',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (level of levels; track level; let i = $index) {
      <mat-form-field>
        <mat-label>{{ 'divisions.' + level | transloco }}</mat-label>
        <mat-select [value]="chosen()[i]?.code" [disabled]="!options()[i]?.length" (valueChange)="choose(i, $event)" [attr.data-testid]="'region-' + level">
          @if (i > 0) {
            <mat-option [value]="''">{{ 'dispatch.provider.wholeArea' | transloco }}</mat-option>
          }
          @for (d of options()[i] ?? []; track d.code) {
            <mat-option [value]="d.code">{{ d.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
    }
    <button mat-stroked-button type="button" [disabled]="!narrowest()" (click)="add()" data-testid="add-region">
      <mat-icon>add_location_alt</mat-icon>{{ 'dispatch.provider.addRegion' | transloco }}
    </button>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 12px;
    }
    mat-form-field {
      flex: 1 1 140px;
      min-width: 0;
    }
    button {
      margin-bottom: 20px;
    }
  `,
})
export class RegionAdder {
  private readonly rest = inject(RestClient);
  readonly added = output<{ code: string; name: string }>();
  protected readonly levels = ['province', 'city', 'county'] as const;
  protected readonly options = signal<(readonly Division[] | undefined)[]>([]);
  protected readonly chosen = signal<(Division | undefined)[]>([]);
  protected readonly narrowest = signal<{ code: string; name: string } | null>(null);

  constructor() {
    this.divisions(null).subscribe((items) => this.options.set([items]));
  }

  /** GB/T 2260 divisions below `parent` (the provinces for null). */
  private divisions(parent: string | null): Observable<readonly Division[]> {
    return this.rest.get<{ items: readonly Division[] }>('/api/v1/divisions', { params: queryOf({ parent }) }).pipe(map((a) => a.items));
  }

  protected choose(level: number, code: string): void {
    const division = this.options()[level]?.find((d) => d.code === code);
    const chosen = [...this.chosen().slice(0, level), division];
    this.chosen.set(chosen);
    this.options.update((o) => o.slice(0, level + 1));
    const picked = chosen.filter((d): d is Division => !!d);
    this.narrowest.set(picked.length ? { code: picked.at(-1)!.code, name: picked.map((d) => d.name).join(' · ') } : null);
    if (division && level < this.levels.length - 1) this.divisions(code).subscribe((items) => this.options.update((o) => [...o.slice(0, level + 1), items]));
  }

  protected add(): void {
    const region = this.narrowest();
    if (region) this.added.emit(region);
  }
}
