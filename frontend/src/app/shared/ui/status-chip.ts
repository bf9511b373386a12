import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

// Statuses the console words itself; any other shows as the backend spells it.
const KNOWN: Readonly<Record<string, 'ok' | 'warn' | 'down' | ''>> = {
  active: 'ok',
  approved: 'ok',
  'pending-review': 'warn',
  pending: 'warn',
  rejected: 'down',
  revoked: 'down',
  suspended: 'down',
  departed: '',
  declined: 'down',
  invited: '',
  requested: 'warn',
  none: '',
};

/** A status as a coloured chip, worded in the active language. */
@Component({
  selector: 'kg-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="kg-chip" [class]="tone()">{{ known() ? ('tenancy.statuses.' + value() | transloco) : value() }}</span>`,
})
export class StatusChip {
  readonly value = input.required<string>();
  protected readonly known = computed(() => this.value() in KNOWN);
  protected readonly tone = computed(() => `kg-chip ${KNOWN[this.value()] ?? ''}`);
}
