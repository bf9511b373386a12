import type { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ApiErrorBody } from '../core/api/api-error';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { VisitsApi, type ReturnVisit } from './visits.api';

/** 回访 on a closed work order: when it is due, and its outcome and the customer's satisfaction once recorded. */
@Component({
  selector: 'kg-wo-return-visit',
  imports: [FormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (current(); as v) {
      @if (v.status !== 'none') {
        <section class="kg-card" data-testid="wo-return-visit">
          <h2><mat-icon aria-hidden="true">support_agent</mat-icon>{{ 'collaboration.returnVisits.title' | transloco }}</h2>
          @if (v.status === 'recorded') {
            <p>
              <span class="kg-chip">{{ 'collaboration.returnVisits.outcomes.' + v.outcome | transloco }}</span>
              @if (v.satisfaction) {
                <span class="stars" [attr.aria-label]="'collaboration.returnVisits.satisfactionOf' | transloco: { score: v.satisfaction }" data-testid="return-visit-satisfaction">{{ stars(v.satisfaction) }}</span>
              }
            </p>
            @if (v.note) {
              <p>{{ v.note }}</p>
            }
            <p class="muted">{{ when(v.recordedAt!) }}</p>
          } @else {
            <p class="muted">{{ 'collaboration.returnVisits.dueAt' | transloco: { at: when(v.dueAt!) } }}</p>
            @if (v.actions.includes('record')) {
              <mat-button-toggle-group [(ngModel)]="outcome" [attr.aria-label]="'collaboration.returnVisits.outcome' | transloco">
                @for (o of outcomes; track o) {
                  <mat-button-toggle [value]="o">{{ 'collaboration.returnVisits.outcomes.' + o | transloco }}</mat-button-toggle>
                }
              </mat-button-toggle-group>
              @if (outcome !== 'unreachable') {
                <div class="stars-pick" role="radiogroup" [attr.aria-label]="'collaboration.returnVisits.satisfaction' | transloco">
                  @for (n of [1, 2, 3, 4, 5]; track n) {
                    <button mat-icon-button type="button" role="radio" [attr.aria-checked]="satisfaction() === n" (click)="satisfaction.set(n)" [attr.aria-label]="'collaboration.returnVisits.satisfactionOf' | transloco: { score: n }">
                      <mat-icon>{{ n <= satisfaction() ? 'star' : 'star_border' }}</mat-icon>
                    </button>
                  }
                </div>
              }
              <mat-form-field class="wide">
                <mat-label>{{ 'collaboration.returnVisits.note' | transloco }}</mat-label>
                <input matInput [(ngModel)]="note" />
              </mat-form-field>
              @if (problem()) {
                <p class="problem" role="alert">{{ problem() }}</p>
              }
              <button mat-flat-button [disabled]="busy() || (outcome !== 'unreachable' && !satisfaction())" (click)="record()" data-testid="return-visit-record">
                {{ 'collaboration.returnVisits.record' | transloco }}
              </button>
            }
          }
        </section>
      }
    }
  `,
  // No box of its own: nothing takes a place in the detail's column while there is nothing to show.
  styles: `
    :host {
      display: contents;
    }
    .stars {
      color: var(--kg-warn, #b26a00);
      margin-left: 8px;
      letter-spacing: 2px;
    }
    .stars-pick mat-icon {
      color: var(--kg-warn, #b26a00);
    }
    .wide {
      width: 100%;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .problem {
      color: var(--mat-sys-error);
    }
  `,
})
export class WorkOrderReturnVisitPanel {
  private readonly api = inject(VisitsApi);
  private readonly locale = inject(LocaleService);
  readonly workOrderId = input.required<string>();
  protected readonly outcomes = ['resolved', 'recurring', 'unreachable'] as const;
  protected readonly visit = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.returnVisit(params) });
  private readonly updated = signal<ReturnVisit | null>(null);
  protected readonly current = computed(() => (this.updated()?.workOrderId === this.workOrderId() ? this.updated() : this.visit.hasValue() ? this.visit.value() : null));
  protected readonly satisfaction = signal(0);
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected outcome: (typeof this.outcomes)[number] = 'resolved';
  protected note = '';

  protected stars(score: number): string {
    return '★'.repeat(score) + '☆'.repeat(5 - score);
  }

  protected when(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected record(): void {
    this.busy.set(true);
    this.problem.set(null);
    const body = { outcome: this.outcome, note: this.note.trim(), ...(this.outcome === 'unreachable' ? {} : { satisfaction: this.satisfaction() }) };
    this.api.recordReturnVisit(this.workOrderId(), body).subscribe({
      next: (v) => {
        this.updated.set(v);
        this.busy.set(false);
      },
      error: (error: HttpErrorResponse) => {
        this.busy.set(false);
        const e = error.error as ApiErrorBody | null;
        this.problem.set(e?.errors?.[0]?.message ?? e?.message ?? error.message);
      },
    });
  }
}
