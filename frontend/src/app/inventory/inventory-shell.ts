import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';

/** The inventory's pages under one heading, one tab each. */
@Component({
  selector: 'kg-inventory-shell',
  imports: [MatButtonModule, MatIconModule, MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'inventory.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'inventory.lead' | transloco }}</p>
        </div>
        @if (canPurchase()) {
          <a mat-stroked-button routerLink="/purchasing/low-stock" data-testid="to-purchasing"><mat-icon aria-hidden="true">shopping_cart</mat-icon>{{ 'purchasing.fromInventory' | transloco }}</a>
        }
      </header>
      <nav mat-tab-nav-bar [tabPanel]="panel" [attr.aria-label]="'inventory.title' | transloco">
        @for (tab of tabs; track tab.path) {
          <a mat-tab-link [routerLink]="tab.path" routerLinkActive #active="routerLinkActive" [active]="active.isActive" [attr.data-testid]="'tab-' + tab.path">{{ tab.label | transloco }}</a>
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
export class InventoryShell {
  private readonly context = inject(ActiveContext);
  protected readonly canPurchase = computed(() => this.context.can('purchase-request:read'));
  protected readonly tabs = [
    ...['stock', 'approvals', 'movements'].map((path) => ({ path, label: `inventory.tabs.${path}` })),
    { path: 'stock-takes', label: 'stockTake.tab' },
    ...['catalogue', 'warehouses'].map((path) => ({ path, label: `inventory.tabs.${path}` })),
  ];
}
