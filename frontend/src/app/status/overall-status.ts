import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { type OverallHealth, type StatusSnapshot, adapterState } from './platform-status.model';

const ICONS: Record<OverallHealth, string> = { healthy: 'verified', degraded: 'warning', down: 'dangerous' };

/** The verdict at the top of the page: healthy, degraded or down, why, and whether start-up is done. */
@Component({
  selector: 'kg-overall-status',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', '[class]': 'health()', '[attr.data-health]': 'health()' },
  templateUrl: './overall-status.html',
  styleUrl: './overall-status.scss',
})
export class OverallStatus {
  readonly health = input.required<OverallHealth>();
  readonly snapshot = input.required<StatusSnapshot>();

  protected readonly icon = computed(() => ICONS[this.health()]);
  protected readonly counts = computed(() => {
    const adapters = this.snapshot().platform.adapters;
    const states = adapters.map(adapterState);
    return {
      total: adapters.length,
      up: states.filter((s) => s === 'up').length,
      degraded: states.filter((s) => s === 'degraded').length,
      down: adapters.filter((a) => adapterState(a) === 'down').map((a) => a.name),
    };
  });
}
