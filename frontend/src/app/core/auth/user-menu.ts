import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthSession } from './auth-session';

/** Toolbar: who is signed in (display name, masked phone) with the account menu; else "sign in". */
@Component({
  selector: 'kg-user-menu',
  imports: [MatButtonModule, MatDividerModule, MatIconModule, MatMenuModule, RouterLink, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.signedIn()) {
      @let user = session.user();
      <!-- Named by its visible text (name, phone) when it shows them: WCAG 2.5.3, label in name. -->
      <button
        mat-button
        class="who"
        [matMenuTriggerFor]="menu"
        [attr.aria-label]="compact() ? ('account.menuLabel' | transloco: { name: user?.displayName ?? '' }) : null"
        data-testid="user-menu"
      >
        <mat-icon>account_circle</mat-icon>
        @if (!compact() && user) {
          <span class="name">{{ user.displayName }}</span>
          <span class="phone">{{ user.phone }}</span>
        }
      </button>
      <mat-menu #menu="matMenu" xPosition="before">
        @if (user) {
          <div class="menu-head" aria-hidden="true">
            <strong>{{ user.displayName }}</strong>
            <span>{{ user.phone }}</span>
          </div>
          <mat-divider />
        }
        <a mat-menu-item routerLink="/account/profile"><mat-icon>badge</mat-icon>{{ 'account.profile' | transloco }}</a>
        <a mat-menu-item routerLink="/account/security"><mat-icon>security</mat-icon>{{ 'account.security' | transloco }}</a>
        <mat-divider />
        <button mat-menu-item (click)="session.signOut()"><mat-icon>logout</mat-icon>{{ 'account.signOut' | transloco }}</button>
      </mat-menu>
    } @else {
      <a mat-button routerLink="/login"><mat-icon>login</mat-icon>{{ 'account.signIn' | transloco }}</a>
    }
  `,
  styles: `
    .who {
      max-width: 260px;
    }
    .name {
      max-width: 120px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .phone {
      margin-left: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
    }
    .menu-head {
      display: flex;
      flex-direction: column;
      padding: 8px 16px 12px;
      gap: 2px;
      span {
        color: var(--mat-sys-on-surface-variant);
        font: var(--mat-sys-body-small);
      }
    }
  `,
})
export class UserMenu {
  protected readonly session = inject(AuthSession);
  /** Icon only, for narrow toolbars. */
  readonly compact = input(false);
}
