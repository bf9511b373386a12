import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { formatDuration } from '../shared/format/duration';
import type { PlatformFacts as Facts } from './platform-status.model';

const KNOWN_ROLES = ['all', 'api', 'projector', 'worker'];
const KNOWN_ENVIRONMENTS = ['production', 'development', 'test'];

/** The running process at a glance: version, Node, role, environment, uptime, start time. */
@Component({
  selector: 'kg-platform-facts',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl>
      @for (fact of facts(); track fact.key) {
        <div class="fact" [attr.data-fact]="fact.key">
          <dt>
            <mat-icon aria-hidden="true">{{ fact.icon }}</mat-icon>
            <span class="label">{{ 'status.facts.' + fact.key | transloco }}</span>
          </dt>
          <dd [class.kg-mono]="fact.mono">{{ fact.value }}</dd>
        </div>
      }
    </dl>
  `,
  styles: `
    :host {
      display: block;
      container-type: inline-size;
    }
    dl {
      display: grid;
      grid-template-columns: 1fr;
      gap: 12px;
      margin: 0;
    }
    @container (min-width: 340px) {
      dl {
        grid-template-columns: repeat(2, 1fr);
      }
    }
    @container (min-width: 720px) {
      dl {
        grid-template-columns: repeat(3, 1fr);
      }
    }
    .fact {
      display: grid;
      grid-template-columns: 24px 1fr;
      align-content: start;
      column-gap: 12px;
      padding: 14px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-lowest);
      border: 1px solid var(--mat-sys-outline-variant);
      min-width: 0;
    }
    dt {
      display: contents;
    }
    mat-icon {
      grid-row: span 2;
      color: var(--mat-sys-primary);
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      grid-column: 2;
      margin: 2px 0 0;
      font: var(--mat-sys-title-medium);
      overflow-wrap: anywhere;
      min-width: 0;
    }
  `,
})
export class PlatformFacts {
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  readonly platform = input.required<Facts>();

  protected readonly facts = computed(() => {
    const p = this.platform();
    const lang = this.locale.language();
    const known = (group: string, list: readonly string[], value: string | null) =>
      value !== null && list.includes(value) ? this.transloco.translate(`status.${group}.${value}`) : value;
    // Without the admin token the backend leaves these out; only what it told is shown.
    const facts = [
      { key: 'version', icon: 'sell', value: p.version, mono: true },
      { key: 'node', icon: 'terminal', value: p.node, mono: true },
      { key: 'role', icon: 'hub', value: known('roles', KNOWN_ROLES, p.role), mono: false },
      { key: 'environment', icon: 'dns', value: known('environments', KNOWN_ENVIRONMENTS, p.environment), mono: false },
      { key: 'uptime', icon: 'timer', value: p.uptimeSeconds === null ? null : formatDuration(p.uptimeSeconds, lang), mono: false },
      { key: 'startedAt', icon: 'event', value: p.startedAt === null ? null : formatDateTime(p.startedAt, lang), mono: false },
    ];
    return facts.filter((fact): fact is typeof fact & { value: string } => fact.value !== null);
  });
}
