import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';

interface Tab {
  readonly path: string;
  /** Offered with one of these permissions; none: to everyone signed in. */
  readonly permissions?: readonly string[];
  readonly operatorOnly?: boolean;
}

const TABS: readonly Tab[] = [
  { path: 'list', permissions: ['settlement:read'] },
  { path: 'ledger', permissions: ['settlement:read'] },
  { path: 'fee-schedules', permissions: ['fee-schedule:read'] },
  { path: 'withdrawals', permissions: ['settlement:approve'], operatorOnly: true },
  { path: 'evaluations', permissions: ['work-order:read'] },
  { path: 'expert' },
];

/** The money side of the service under one heading, one tab per page the active context may use. */
@Component({
  selector: 'kg-settlements-shell',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'settlements.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'settlements.lead' | transloco }}</p>
        </div>
      </header>
      <nav mat-tab-nav-bar [tabPanel]="panel" [attr.aria-label]="'settlements.title' | transloco">
        @for (tab of tabs(); track tab) {
          <a mat-tab-link [routerLink]="tab" routerLinkActive #active="routerLinkActive" [active]="active.isActive" [attr.data-testid]="'tab-' + tab">{{ 'settlements.tabs.' + tab | transloco }}</a>
        }
      </nav>
      <mat-tab-nav-panel #panel><router-outlet /></mat-tab-nav-panel>
    </div>
  `,
  styles: `
    mat-tab-nav-panel {
      display: block;
      padding-top: 16px;
    }
  `,
})
export class SettlementsShell {
  private readonly context = inject(ActiveContext);
  protected readonly tabs = computed(() =>
    TABS.filter((t) => (!t.permissions || t.permissions.some((p) => this.context.can(p))) && (!t.operatorOnly || this.context.active()?.kind === 'operator')).map((t) => t.path),
  );
}
