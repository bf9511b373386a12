import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { IdentityApi } from './identity.api';
import type { OutboxMessage } from './identity.model';

const REFRESH_MS = 3000;

/** 开发短信发件箱: the texts a development backend kept instead of sending, newest first, kept live. */
@Component({
  selector: 'kg-sms-outbox-page',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1>{{ 'outbox.title' | transloco }}</h1>
      <p class="lead">{{ 'outbox.lead' | transloco: { seconds: refreshSeconds } }}</p>
      @if (state() === 'absent') {
        <kg-state-panel icon="sms_failed" [title]="'outbox.absentTitle' | transloco" [message]="'outbox.absent' | transloco" />
      } @else if (state() === 'error') {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'outbox.failed' | transloco">
          <button mat-flat-button (click)="load(false)">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (state() === 'loading') {
        <kg-loading-panel [label]="'outbox.loading' | transloco" />
      } @else if (rows().length === 0) {
        <kg-state-panel icon="inbox" [title]="'outbox.emptyTitle' | transloco" [message]="'outbox.empty' | transloco" />
      } @else {
        <ul class="messages" data-testid="outbox">
          @for (m of rows(); track m.sentAt + m.to) {
            <li>
              <div class="meta">
                <span class="kg-mono">{{ m.to }}</span><time>{{ m.time }}</time>
              </div>
              <p>{{ m.text }}</p>
            </li>
          }
        </ul>
      }
    </div>
  `,
  styles: `
    .page {
      max-width: 880px;
      margin: 0 auto;
      padding: 28px 16px 48px;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
    }
    .lead {
      color: var(--mat-sys-on-surface-variant);
    }
    .messages {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-lowest);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 8px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    li p {
      margin: 6px 0 0;
      overflow-wrap: anywhere;
    }
  `,
})
export class SmsOutboxPage {
  private readonly api = inject(IdentityApi);
  private readonly locale = inject(LocaleService);
  protected readonly refreshSeconds = REFRESH_MS / 1000;
  private readonly messages = signal<readonly OutboxMessage[]>([]);
  protected readonly state = signal<'loading' | 'ready' | 'absent' | 'error'>('loading');
  protected readonly rows = computed(() => this.messages().map((m) => ({ ...m, time: formatDateTime(m.sentAt, this.locale.language()) })));
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    this.load(false);
  }

  protected load(background: boolean): void {
    clearTimeout(this.timer);
    this.api.smsOutbox(background).subscribe({
      next: (messages) => {
        this.messages.set(messages);
        this.state.set('ready');
        this.timer = setTimeout(() => this.load(true), REFRESH_MS);
      },
      error: (error: unknown) => {
        // 404: this backend runs in production and keeps no outbox; no point asking again.
        if (error instanceof HttpErrorResponse && error.status === 404) return this.state.set('absent');
        this.state.set('error');
      },
    });
  }
}
