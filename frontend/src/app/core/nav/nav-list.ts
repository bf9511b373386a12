import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { DevOutboxAvailability } from './dev-outbox-availability';
import { AuthSession } from '../auth/auth-session';
import { ActiveContext } from '../context/active-context';
import {
  ACCOUNT_SECTION,
  ANALYTICS_SECTION,
  AUDIT_SECTION,
  DEV_TOOLS_SECTION,
  DEVICES_SECTION,
  INVENTORY_SECTION,
  SETTLEMENTS_SECTION,
  NAV_SECTIONS,
  OPERATOR_SECTION,
  ORGANIZATION_SECTION,
  PURCHASING_SECTION,
  WORK_ORDER_SECTION,
  permittedSections,
} from './nav-items';

/** The console's main navigation, grouped by section. */
@Component({
  selector: 'kg-nav-list',
  imports: [MatListModule, MatIconModule, RouterLink, RouterLinkActive, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav [attr.aria-label]="'nav.label' | transloco">
      @for (section of sections(); track section.labelKey) {
        <h2 class="section">{{ section.labelKey | transloco }}</h2>
        <mat-nav-list>
          @for (item of section.items; track item.path) {
            <a
              mat-list-item
              [routerLink]="item.path"
              routerLinkActive
              [routerLinkActiveOptions]="{ exact: item.exact ?? false }"
              #active="routerLinkActive"
              [activated]="active.isActive"
              ariaCurrentWhenActive="page"
              (click)="navigated.emit()"
            >
              <mat-icon matListItemIcon>{{ item.icon }}</mat-icon>
              <span matListItemTitle>{{ item.labelKey | transloco }}</span>
            </a>
          }
        </mat-nav-list>
      }
    </nav>
  `,
  styles: `
    :host {
      display: block;
      padding: 8px 12px;
    }
    .section {
      margin: 12px 16px 4px;
      font: var(--mat-sys-label-medium);
      letter-spacing: 0.04em;
      color: var(--mat-sys-on-surface-variant);
    }
    mat-nav-list {
      padding-top: 0;
    }
    a[mat-list-item] {
      border-radius: 999px;
    }
  `,
})
export class NavList {
  private readonly devOutbox = inject(DevOutboxAvailability).available;
  private readonly signedIn = inject(AuthSession).signedIn;
  private readonly context = inject(ActiveContext);
  protected readonly sections = computed(() => [
    ...NAV_SECTIONS,
    ...(this.signedIn() ? permittedSections([WORK_ORDER_SECTION], (p) => this.context.can(p), this.context.active()?.kind ?? null) : []),
    // Enterprise administration needs an enterprise to administer: an operator's member:read is not that.
    ...(this.signedIn() && this.context.active()?.kind === 'enterprise'
      ? permittedSections([ORGANIZATION_SECTION], (p) => this.context.can(p))
      : []),
    ...(this.signedIn() ? permittedSections([DEVICES_SECTION], (p) => this.context.can(p)) : []),
    ...(this.signedIn() ? permittedSections([INVENTORY_SECTION], (p) => this.context.can(p), this.context.active()?.kind ?? null) : []),
    ...(this.signedIn() ? permittedSections([PURCHASING_SECTION], (p) => this.context.can(p), this.context.active()?.kind ?? null) : []),
    ...(this.signedIn() ? permittedSections([SETTLEMENTS_SECTION], (p) => this.context.can(p)) : []),
    ...(this.signedIn() ? permittedSections([OPERATOR_SECTION], (p) => this.context.can(p)) : []),
    ...(this.signedIn() ? permittedSections([ANALYTICS_SECTION], (p) => this.context.can(p)) : []),
    ...(this.signedIn() ? permittedSections([AUDIT_SECTION], (p) => this.context.can(p)) : []),
    ...(this.signedIn() ? [ACCOUNT_SECTION] : []),
    ...(this.devOutbox() ? [DEV_TOOLS_SECTION] : []),
  ]);
  /** Emitted when an entry is followed, so a drawer can close. */
  readonly navigated = output<void>();
}
