import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, of } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { WorkOrdersApi } from '../work-orders.api';
import { slaView } from '../sla-view';

/** The SLA of an order: the next due time, or that it is overdue; nothing once no target runs. */
@Component({
  selector: 'kg-sla-badge',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (view(); as v) {
      <span class="sla" [class.overdue]="v.overdue" [class.paused]="v.paused" data-testid="sla">
        <mat-icon aria-hidden="true">{{ v.overdue ? 'alarm' : v.paused ? 'pause_circle' : 'schedule' }}</mat-icon>
        @if (v.overdue) {
          {{ 'workOrders.sla.overdue.' + v.target | transloco }}
        } @else if (v.paused) {
          {{ 'workOrders.sla.paused' | transloco }}
        } @else {
          {{ 'workOrders.sla.due.' + v.target | transloco: { time: time(v.dueAt!) } }}
        }
      </span>
    }
  `,
  styles: `
    .sla {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .sla mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    .overdue {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class SlaBadge {
  private readonly api = inject(WorkOrdersApi);
  private readonly locale = inject(LocaleService);
  readonly workOrderId = input.required<string>();
  readonly status = input.required<string>();
  private readonly clock = rxResource({
    params: () => this.workOrderId(),
    // An order without a clock (rejected, or an SLA not started yet) shows no badge.
    stream: ({ params }) => this.api.sla(params).pipe(catchError(() => of(null))),
  });
  protected readonly view = computed(() => (this.clock.hasValue() ? slaView(this.clock.value(), this.status(), new Date()) : null));

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }
}
