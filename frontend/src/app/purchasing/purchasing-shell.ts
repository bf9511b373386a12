import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

/** Purchasing's pages under one heading, one tab each. */
@Component({
  selector: 'kg-purchasing-shell',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'purchasing.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'purchasing.lead' | transloco }}</p>
        </div>
      </header>
      <nav mat-tab-nav-bar [tabPanel]="panel" [attr.aria-label]="'purchasing.title' | transloco">
        @for (tab of tabs; track tab) {
          <a
            mat-tab-link
            [routerLink]="tab"
            routerLinkActive
            #active="routerLinkActive"
            [active]="active.isActive"
            [attr.data-testid]="'tab-' + tab"
            >{{ 'purchasing.tabs.' + tab | transloco }}</a
          >
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
export class PurchasingShell {
  protected readonly tabs = ['low-stock', 'requests', 'orders', 'chain'];
}
