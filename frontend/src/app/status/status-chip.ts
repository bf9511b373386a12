import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AdapterState, CheckRecord, OverallHealth } from './platform-status.model';

type Tone = 'ok' | 'warn' | 'down';
const TONES: Record<AdapterState | CheckRecord['outcome'], { tone: Tone; icon: string; key: string }> = {
  up: { tone: 'ok', icon: 'check_circle', key: 'status.state.up' },
  healthy: { tone: 'ok', icon: 'check_circle', key: 'status.health.healthy' },
  degraded: { tone: 'warn', icon: 'warning', key: 'status.health.degraded' },
  down: { tone: 'down', icon: 'error', key: 'status.state.down' },
  failed: { tone: 'down', icon: 'cloud_off', key: 'status.history.failed' },
};

/** A state as icon + word + colour (never colour alone), for adapters and checks. */
@Component({
  selector: 'kg-status-chip',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': 'look().tone', '[attr.data-state]': 'state()' },
  template: `<mat-icon aria-hidden="true">{{ look().icon }}</mat-icon
    ><span>{{ look().key | transloco }}</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px 2px 6px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
    mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    :host(.ok) {
      background: var(--kg-ok-container);
      color: var(--kg-on-ok-container);
    }
    :host(.warn) {
      background: var(--kg-warn-container);
      color: var(--kg-on-warn-container);
    }
    :host(.down) {
      background: var(--kg-down-container);
      color: var(--kg-on-down-container);
    }
  `,
})
export class StatusChip {
  readonly state = input.required<AdapterState | OverallHealth | 'failed'>();
  protected readonly look = computed(() => TONES[this.state()]);
}
