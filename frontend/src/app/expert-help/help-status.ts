import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { HelpStatus } from './expert-help.model';

const TONES: Record<HelpStatus, string> = { requested: 'warn', accepted: 'ok', declined: 'down', closed: '' };

/** A help's status as a coloured chip. */
@Component({
  selector: 'kg-help-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="tone()" data-testid="help-status" [attr.data-status]="status()">{{ 'expertHelp.statuses.' + status() | transloco }}</span>`,
})
export class HelpStatusChip {
  readonly status = input.required<HelpStatus>();
  protected readonly tone = computed(() => `kg-chip ${TONES[this.status()]}`);
}
