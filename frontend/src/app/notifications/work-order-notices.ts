import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { NotificationsApi } from './notifications.api';

/** 通知记录 on a work order: who was told of which step, when, by which channel, and how it went. */
@Component({
  selector: 'kg-work-order-notices',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kg-card', 'data-testid': 'work-order-notices' },
  template: `
    <h2><mat-icon aria-hidden="true">campaign</mat-icon>{{ 'notifications.deliveries.title' | transloco }}</h2>
    <p class="lead">{{ 'notifications.deliveries.lead' | transloco }}</p>
    @if (notices.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'notifications.deliveries.failed' | transloco">
        <button mat-flat-button (click)="notices.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!notices.hasValue()) {
      <kg-loading-panel [label]="'notifications.deliveries.loading' | transloco" />
    } @else if (notices.value().items.length === 0) {
      <p class="empty">{{ 'notifications.deliveries.empty' | transloco }}</p>
    } @else {
      <ul>
        @for (n of notices.value().items; track n.id) {
          <li data-testid="work-order-notice">
            <div class="who">
              <strong>{{ n.recipient.displayName || n.recipient.userId.slice(0, 8) }}</strong>
              <span class="event">{{ 'notifications.events.' + n.eventType | transloco }}</span>
              <span class="time">{{ time(n.createdAt) }}</span>
            </div>
            <div class="chips">
              <span class="chip" [class.ok]="n.readAt">{{ (n.readAt ? 'notifications.deliveries.inAppRead' : 'notifications.deliveries.inAppUnread') | transloco }}</span>
              @for (d of n.deliveries; track d.channel) {
                <span class="chip" [class.ok]="d.state === 'sent'" [class.bad]="d.state === 'failed'" [title]="d.error ?? ''">
                  {{ 'notifications.channels.' + d.channel | transloco }} · {{ 'notifications.deliveries.states.' + d.state | transloco }}
                  @if (d.attempts > 1) {
                    ({{ 'notifications.deliveries.attempts' | transloco: { count: d.attempts } }})
                  }
                </span>
              }
              @if (n.holdUntil && hasPending(n.deliveries)) {
                <span class="chip">{{ 'notifications.deliveries.heldUntil' | transloco: { time: time(n.holdUntil) } }}</span>
              }
            </div>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .lead,
    .empty,
    .time,
    .event {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    ul {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
    }
    li {
      padding: 8px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 10px;
      align-items: baseline;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin-top: 4px;
    }
    .chip {
      padding: 2px 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-surface-container-high);
    }
    .chip.ok {
      background: var(--kg-ok-container);
      color: var(--kg-on-ok-container);
    }
    .chip.bad {
      background: var(--kg-down-container);
      color: var(--kg-on-down-container);
    }
  `,
})
export class WorkOrderNotices {
  private readonly api = inject(NotificationsApi);
  private readonly locale = inject(LocaleService);
  readonly workOrderId = input.required<string>();
  protected readonly notices = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.workOrderNotices(params) });

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected hasPending(deliveries: readonly { state: string }[]): boolean {
    return deliveries.some((d) => d.state === 'pending');
  }
}
