import type { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import type { ApiErrorBody } from '../core/api/api-error';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { instantOfLocal, VisitsApi, type Appointment } from './visits.api';

/** 上门预约 on a work order: the provider proposes slots, the equipment user picks one or asks for another. */
@Component({
  selector: 'kg-wo-appointment',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (current(); as a) {
      @if (a.status !== 'none' || a.actions.length) {
        <section class="kg-card" data-testid="wo-appointment">
          <h2><mat-icon aria-hidden="true">event</mat-icon>{{ 'collaboration.appointments.title' | transloco }}</h2>
          @if (a.status === 'none') {
            <p class="muted">{{ 'collaboration.appointments.none' | transloco }}</p>
          } @else {
            <p>
              <span class="kg-chip" data-testid="appointment-status">{{ 'collaboration.appointments.statuses.' + a.status | transloco }}</span>
              @if (a.place) {
                <span class="muted">{{ a.place }}</span>
              }
            </p>
            @if (a.confirmed) {
              <p class="confirmed"><mat-icon aria-hidden="true">event_available</mat-icon>{{ range(a.confirmed.start, a.confirmed.end) }}</p>
              @if (a.remindedAt) {
                <p class="muted">{{ 'collaboration.appointments.reminded' | transloco }}</p>
              }
            } @else if (a.status === 'proposed') {
              <ul class="slots">
                @for (s of a.slots; track s.start) {
                  <li>
                    <span>{{ range(s.start, s.end) }}</span>
                    @if (a.actions.includes('confirm')) {
                      <button mat-stroked-button [disabled]="busy()" (click)="run(api.confirm(workOrderId(), s.start))" data-testid="appointment-confirm">
                        {{ 'collaboration.appointments.confirm' | transloco }}
                      </button>
                    }
                  </li>
                }
              </ul>
            }
            @for (h of reasons(); track h.at) {
              <p class="muted">{{ 'collaboration.appointments.askedFor' | transloco: { reason: h.reason } }}</p>
            }
          }
          @if (a.actions.includes('reschedule')) {
            <div class="row">
              <mat-form-field class="grow">
                <mat-label>{{ 'collaboration.appointments.reason' | transloco }}</mat-label>
                <input matInput [(ngModel)]="reason" data-testid="appointment-reason" />
              </mat-form-field>
              <button mat-button [disabled]="busy() || !reason.trim()" (click)="run(api.reschedule(workOrderId(), reason.trim()))">{{ 'collaboration.appointments.reschedule' | transloco }}</button>
            </div>
          }
          @if (a.actions.includes('propose')) {
            <details [open]="a.status === 'none' || a.status === 'reschedule-requested'">
              <summary>{{ 'collaboration.appointments.propose' | transloco }}</summary>
              @for (s of slots(); track $index; let i = $index) {
                <div class="row">
                  <mat-form-field>
                    <mat-label>{{ 'collaboration.appointments.start' | transloco }}</mat-label>
                    <input matInput type="datetime-local" [ngModel]="s.start" (ngModelChange)="setSlot(i, 'start', $event)" [attr.data-testid]="'slot-start-' + i" />
                  </mat-form-field>
                  <mat-form-field>
                    <mat-label>{{ 'collaboration.appointments.end' | transloco }}</mat-label>
                    <input matInput type="datetime-local" [ngModel]="s.end" (ngModelChange)="setSlot(i, 'end', $event)" [attr.data-testid]="'slot-end-' + i" />
                  </mat-form-field>
                </div>
              }
              @if (slots().length < 5) {
                <button mat-button type="button" (click)="slots.set([...slots(), { start: '', end: '' }])"><mat-icon>add</mat-icon>{{ 'collaboration.appointments.addSlot' | transloco }}</button>
              }
              <mat-form-field class="grow">
                <mat-label>{{ 'collaboration.appointments.place' | transloco }}</mat-label>
                <input matInput [(ngModel)]="place" data-testid="appointment-place" />
              </mat-form-field>
              <button mat-flat-button [disabled]="busy() || !canPropose()" (click)="propose()" data-testid="appointment-propose">{{ 'collaboration.appointments.send' | transloco }}</button>
            </details>
          }
          @if (problem()) {
            <p class="problem" role="alert">{{ problem() }}</p>
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
    .slots {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .slots li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .grow {
      flex: 1 1 220px;
    }
    .confirmed {
      display: flex;
      align-items: center;
      gap: 6px;
      font: var(--mat-sys-title-small);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .problem {
      color: var(--mat-sys-error);
    }
    summary {
      cursor: pointer;
      margin: 8px 0;
      color: var(--mat-sys-primary);
    }
  `,
})
export class WorkOrderAppointmentPanel {
  protected readonly api = inject(VisitsApi);
  private readonly locale = inject(LocaleService);
  readonly workOrderId = input.required<string>();
  protected readonly appointment = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.appointment(params) });
  private readonly updated = signal<Appointment | null>(null);
  protected readonly current = computed(() => (this.updated()?.workOrderId === this.workOrderId() ? this.updated() : this.appointment.hasValue() ? this.appointment.value() : null));
  protected readonly reasons = computed(() => (this.current()?.history ?? []).filter((h) => h.kind === 'reschedule-requested' && h.round === this.current()!.round));
  protected readonly slots = signal<{ start: string; end: string }[]>([{ start: '', end: '' }]);
  protected readonly canPropose = computed(() => this.slots().some((s) => s.start && s.end));
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected reason = '';
  protected place = '';

  protected range(start: string, end: string): string {
    return `${formatDateTime(start, this.locale.language())} – ${formatDateTime(end, this.locale.language())}`;
  }

  protected setSlot(index: number, part: 'start' | 'end', value: string): void {
    this.slots.set(this.slots().map((s, i) => (i === index ? { ...s, [part]: value } : s)));
  }

  protected propose(): void {
    const slots = this.slots()
      .filter((s) => s.start && s.end)
      .map((s) => ({ start: instantOfLocal(s.start), end: instantOfLocal(s.end) }));
    this.run(this.api.propose(this.workOrderId(), { slots, place: this.place.trim() }));
  }

  protected run(request: Observable<Appointment>): void {
    this.busy.set(true);
    this.problem.set(null);
    request.subscribe({
      next: (a) => {
        this.updated.set(a);
        this.reason = '';
        this.busy.set(false);
      },
      error: (error: HttpErrorResponse) => {
        this.busy.set(false);
        const body = error.error as ApiErrorBody | null;
        this.problem.set(body?.errors?.[0]?.message ?? body?.message ?? error.message);
      },
    });
  }
}
