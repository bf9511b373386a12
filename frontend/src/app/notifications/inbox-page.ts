import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { NotificationCenter, linkOf } from './notification-center';
import { NotificationsApi } from './notifications.api';
import type { InboxItem } from './notifications.model';

/** 消息中心: my notifications, paged by the server, unread first to the eye; new ones arrive live. */
@Component({
  selector: 'kg-inbox-page',
  imports: [MatButtonModule, MatButtonToggleModule, MatIconModule, MatPaginatorModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kg-page' },
  template: `
    <header class="kg-page-head">
      <div>
        <h1>{{ 'notifications.inbox.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'notifications.inbox.lead' | transloco: { unread: center.unread() } }}</p>
      </div>
      <div class="actions">
        <a mat-stroked-button routerLink="/notifications/preferences"><mat-icon>tune</mat-icon>{{ 'notifications.bell.preferences' | transloco }}</a>
        <button mat-flat-button type="button" [disabled]="center.unread() === 0" (click)="markAll()" data-testid="mark-all-read">
          <mat-icon>done_all</mat-icon>{{ 'notifications.markAllRead' | transloco }}
        </button>
      </div>
    </header>
    <mat-button-toggle-group class="filter" [value]="unreadOnly() ? 'unread' : 'all'" (change)="filter($event.value)" [attr.aria-label]="'notifications.inbox.filter' | transloco">
      <mat-button-toggle value="all">{{ 'notifications.inbox.all' | transloco }}</mat-button-toggle>
      <mat-button-toggle value="unread">{{ 'notifications.inbox.unread' | transloco }}</mat-button-toggle>
    </mat-button-toggle-group>

    @if (inbox.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'notifications.inbox.failed' | transloco">
        <button mat-flat-button (click)="inbox.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!inbox.hasValue()) {
      <kg-loading-panel [label]="'notifications.inbox.loading' | transloco" />
    } @else if (inbox.value().items.length === 0) {
      <kg-state-panel icon="notifications_none" [title]="(unreadOnly() ? 'notifications.inbox.noneUnread' : 'notifications.inbox.empty') | transloco" [message]="'notifications.inbox.emptyHint' | transloco" />
    } @else {
      <ul class="items" data-testid="inbox">
        @for (item of inbox.value().items; track item.id) {
          <li class="item" [class.unread]="!item.readAt" data-testid="inbox-item">
            <span class="dot" [class.on]="!item.readAt" aria-hidden="true"></span>
            <div class="text">
              <span class="item-title">{{ item.title }}</span>
              <span class="item-body">{{ item.body }}</span>
              <span class="meta">
                {{ time(item) }}
                @if (item.subject) {
                  · <a [routerLink]="link(item)" (click)="read(item)">{{ (item.subject.kind === 'expert-help' ? 'notifications.inbox.openExpertHelp' : item.subject.kind === 'low-stock' ? 'purchasing.notice.open' : item.subject.kind === 'report' ? 'notifications.inbox.openReport' : 'notifications.inbox.openWorkOrder') | transloco: { label: item.subject.label } }}</a>
                }
              </span>
            </div>
            @if (!item.readAt) {
              <button mat-button type="button" class="mark" (click)="read(item)" [attr.aria-label]="'notifications.inbox.markReadOf' | transloco: { title: item.title }">
                {{ 'notifications.inbox.markRead' | transloco }}
              </button>
            } @else {
              <span class="read-label">{{ 'notifications.inbox.read' | transloco }}</span>
            }
          </li>
        }
      </ul>
      <mat-paginator
        [length]="inbox.value().total"
        [pageIndex]="pageIndex()"
        [pageSize]="size()"
        [pageSizeOptions]="pageSizes"
        (page)="writer.page($event)"
      />
    }
  `,
  styles: `
    :host {
      max-width: 960px;
    }
    .filter {
      align-self: flex-start;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .items {
      list-style: none;
      margin: 0;
      padding: 0;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      background: var(--mat-sys-surface-container-lowest);
    }
    .item {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      padding: 14px 16px;
    }
    .item + .item {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .dot {
      flex: none;
      width: 8px;
      height: 8px;
      margin-top: 7px;
      border-radius: 50%;
    }
    .dot.on {
      background: var(--mat-sys-error);
    }
    .text {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .item-title {
      font: var(--mat-sys-title-small);
    }
    .unread .item-title {
      font-weight: 700;
    }
    .item-body {
      font: var(--mat-sys-body-medium);
    }
    .meta,
    .read-label {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .read-label {
      margin-top: 8px;
      white-space: nowrap;
    }
    @media (max-width: 599px) {
      .item {
        flex-wrap: wrap;
      }
      .mark {
        margin-left: 20px;
      }
    }
  `,
})
export class InboxPage {
  private readonly api = inject(NotificationsApi);
  private readonly locale = inject(LocaleService);
  protected readonly center = inject(NotificationCenter);
  protected readonly writer = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;

  readonly page = input<string>();
  readonly pageSize = input<string>();
  readonly unread = input<string>();

  protected readonly unreadOnly = computed(() => this.unread() === 'true');
  protected readonly size = computed(() => pageSizeOf(this.pageSize()));
  protected readonly pageIndex = computed(() => pageNumber(this.page()) - 1);
  protected readonly inbox = rxResource({
    params: () => ({ page: pageNumber(this.page()), pageSize: this.size(), unreadOnly: this.unreadOnly() }),
    stream: ({ params }) => this.api.inbox(params.page, params.pageSize, params.unreadOnly),
  });

  constructor() {
    // A notification that arrives while the first page is on screen shows at its top.
    const stop = this.center.onArrival(() => {
      if (this.pageIndex() === 0) this.inbox.reload();
    });
    inject(DestroyRef).onDestroy(stop);
  }

  protected time(item: InboxItem): string {
    return formatDateTime(item.createdAt, this.locale.language());
  }

  protected link(item: InboxItem): string[] | null {
    return linkOf(item);
  }

  protected filter(value: string): void {
    this.writer.filter({ unread: value === 'unread' ? 'true' : null });
  }

  protected async read(item: InboxItem): Promise<void> {
    if (item.readAt) return;
    await this.center.markRead(item).catch(() => undefined);
    this.inbox.reload();
  }

  protected async markAll(): Promise<void> {
    await this.center.markAllRead().catch(() => undefined);
    this.inbox.reload();
  }
}
