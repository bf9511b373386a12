import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthSession } from '../auth/auth-session';
import type { ActingContext } from './context.model';
import { ActiveContext } from './active-context';

const icon = (context: Pick<ActingContext, 'kind'>) => (context.kind === 'operator' ? 'account_tree' : 'domain');

/** Toolbar: the enterprise or operator node the user acts in, and the menu to switch to another. */
@Component({
  selector: 'kg-context-switcher',
  imports: [MatButtonModule, MatDividerModule, MatIconModule, MatMenuModule, MatTooltipModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.signedIn() && context.available().length) {
      @let active = context.active();
      <button
        mat-button
        class="trigger"
        [matMenuTriggerFor]="menu"
        [disabled]="switching()"
        [attr.aria-label]="('context.label' | transloco) + ': ' + (active?.name ?? ('context.none' | transloco))"
        [matTooltip]="'context.label' | transloco"
        data-testid="context-switcher"
      >
        <mat-icon>{{ active ? icon(active) : 'swap_horiz' }}</mat-icon>
        @if (!compact()) {
          <span class="name">{{ active?.name ?? ('context.choose' | transloco) }}</span>
        }
      </button>
      <mat-menu #menu="matMenu" xPosition="before">
        <div class="head" aria-hidden="true">{{ 'context.switchTo' | transloco }}</div>
        <mat-divider />
        @for (option of context.available(); track option.kind + option.id) {
          @let current = option.kind === active?.kind && option.id === active?.id;
          <button
            mat-menu-item
            role="menuitemradio"
            [attr.aria-checked]="current"
            [disabled]="option.status === 'suspended'"
            (click)="choose(option)"
          >
            <mat-icon>{{ current ? 'check' : icon(option) }}</mat-icon>
            <span class="option">
              <span>{{ option.name }}</span>
              <small
                >{{ 'context.kinds.' + option.kind | transloco }}
                @if (option.status && option.status !== 'active') {
                  · {{ 'context.statuses.' + option.status | transloco }}
                }
              </small>
            </span>
          </button>
        }
      </mat-menu>
    }
  `,
  styles: `
    .trigger {
      max-width: 240px;
    }
    .name {
      max-width: 160px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      display: inline-block;
      vertical-align: middle;
    }
    .head {
      padding: 8px 16px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .option {
      display: flex;
      flex-direction: column;
      line-height: 1.3;
    }
    small {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ContextSwitcher {
  protected readonly session = inject(AuthSession);
  protected readonly context = inject(ActiveContext);
  protected readonly switching = signal(false);
  protected readonly icon = icon;
  /** Icon only, for narrow toolbars. */
  readonly compact = input(false);

  protected async choose(option: ActingContext): Promise<void> {
    this.switching.set(true);
    try {
      await this.context.choose(option);
    } catch {
      // The global notice has said why; the current context stays.
    } finally {
      this.switching.set(false);
    }
  }
}
