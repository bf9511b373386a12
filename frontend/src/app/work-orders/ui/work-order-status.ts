import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { WorkOrderStatus } from '../work-order.model';

const TONE: Readonly<Record<WorkOrderStatus, '' | 'ok' | 'warn' | 'down'>> = {
  submitted: 'warn',
  'awaiting-dispatch': 'warn',
  dispatched: '',
  accepted: '',
  assigned: '',
  'engineer-accepted': '',
  'in-progress': '',
  completed: 'ok',
  'receipt-submitted': 'warn',
  'receipt-approved': 'ok',
  reported: 'ok',
  closed: 'ok',
  rejected: 'down',
  cancelled: 'down',
};

/** A work order's status as a chip, plus "paused" while the work waits on the customer or on parts. */
@Component({
  selector: 'kg-wo-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="tone()" data-testid="wo-status">{{ 'workOrders.statuses.' + status() | transloco }}</span>
    @if (paused()) {
      <span class="kg-chip warn">{{ pausedKey() | transloco }}</span>
    }`,
  styles: ':host { display: inline-flex; flex-wrap: wrap; gap: 4px; }',
})
export class WorkOrderStatusChip {
  readonly status = input.required<WorkOrderStatus>();
  readonly paused = input<boolean | string | null>(false);
  protected readonly pausedKey = computed(() => {
    const reason = this.paused();
    return reason === 'awaiting-customer' || reason === 'awaiting-parts' ? `workOrders.pauseReasons.${reason}` : 'workOrders.paused';
  });
  protected readonly tone = computed(() => `kg-chip ${TONE[this.status()] ?? ''}`);
}

/** A priority as a small coloured chip (urgent and high stand out). */
@Component({
  selector: 'kg-wo-priority',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="'kg-chip ' + (priority() === 'urgent' ? 'down' : priority() === 'high' ? 'warn' : '')">{{ label() }}</span>`,
})
export class PriorityChip {
  readonly priority = input.required<string>();
  readonly label = input.required<string>();
}
