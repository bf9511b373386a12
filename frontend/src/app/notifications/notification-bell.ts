import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthSession } from '../core/auth/auth-session';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { NotificationCenter, linkOf } from './notification-center';
import type { InboxItem } from './notifications.model';

/** 通知铃: the unread count, live, and the newest notifications in a menu. Shown only when signed in. */
@Component({
  selector: 'kg-notification-bell',
  imports: [MatBadgeModule, MatButtonModule, MatDividerModule, MatIconModule, MatMenuModule, MatTooltipModule, RouterLink, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.signedIn()) {
      <button
        mat-icon-button
        data-testid="notification-bell"
        [matMenuTriggerFor]="menu"
        (menuOpened)="center.refresh()"
        [matTooltip]="'notifications.bell.tooltip' | transloco"
        [attr.aria-label]="'notifications.bell.label' | transloco: { count: center.unread() }"
      >
        <mat-icon [matBadge]="badge()" [matBadgeHidden]="center.unread() === 0" matBadgeColor="warn" aria-hidden="true">
          {{ center.unread() ? 'notifications_active' : 'notifications' }}
        </mat-icon>
      </button>
      <mat-menu #menu="matMenu" class="kg-notification-menu" xPosition="before">
        <div class="head" (click)="$event.stopPropagation()" (keydown)="$event.stopPropagation()" role="presentation">
          <span class="title">{{ 'notifications.bell.title' | transloco }}</span>
          @if (center.unread()) {
            <button mat-button type="button" (click)="center.markAllRead()">{{ 'notifications.markAllRead' | transloco }}</button>
          }
        </div>
        <mat-divider />
        @for (item of center.latest(); track item.id) {
          <button mat-menu-item class="item" [class.unread]="!item.readAt" (click)="open(item)" data-testid="notification-menu-item">
            <span class="line">
              @if (!item.readAt) {
                <span class="dot" aria-hidden="true"></span>
              }
              <span class="text">
                <span class="item-title">{{ item.title }}</span>
                <span class="item-body">{{ item.body }}</span>
                <span class="item-time">{{ time(item) }}</span>
              </span>
            </span>
          </button>
        } @empty {
          <p class="empty">{{ 'notifications.bell.empty' | transloco }}</p>
        }
        <mat-divider />
        <a mat-menu-item routerLink="/notifications">
          <mat-icon>inbox</mat-icon>
          <span>{{ 'notifications.bell.all' | transloco }}</span>
        </a>
        <a mat-menu-item routerLink="/notifications/preferences">
          <mat-icon>tune</mat-icon>
          <span>{{ 'notifications.bell.preferences' | transloco }}</span>
        </a>
      </mat-menu>
    }
  `,
  styles: `
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 8px 4px 16px;
      min-width: 280px;
    }
    .title {
      font: var(--mat-sys-title-small);
    }
    .item {
      height: auto;
      min-height: 64px;
      max-width: 360px;
    }
    .line {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      padding: 8px 0;
    }
    .dot {
      flex: none;
      width: 8px;
      height: 8px;
      margin-top: 6px;
      border-radius: 50%;
      background: var(--mat-sys-error);
    }
    .text {
      display: flex;
      flex-direction: column;
      white-space: normal;
      line-height: 1.35;
    }
    .item-title {
      font: var(--mat-sys-label-large);
    }
    .unread .item-title {
      font-weight: 700;
    }
    .item-body,
    .item-time {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .empty {
      margin: 16px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class NotificationBell {
  protected readonly session = inject(AuthSession);
  protected readonly center = inject(NotificationCenter);
  private readonly router = inject(Router);
  private readonly locale = inject(LocaleService);
  protected readonly badge = computed(() => (this.center.unread() > 99 ? '99+' : String(this.center.unread())));

  protected time(item: InboxItem): string {
    return formatDateTime(item.createdAt, this.locale.language());
  }

  protected async open(item: InboxItem): Promise<void> {
    await this.center.markRead(item).catch(() => undefined);
    const link = linkOf(item);
    await this.router.navigate(link ?? ['/notifications']);
  }
}
