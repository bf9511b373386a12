import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { DevOutboxToken } from './dev-outbox-token';
import { IdentityApi } from './identity.api';
import type { OutboxMessage } from './identity.model';

const REFRESH_MS = 3000;

/**
 * 开发短信发件箱: the texts a development backend kept instead of sending, newest first, kept live.
 * Its codes could take over any account, so the backend shows it only to the holder of the admin
 * token, which the developer pastes here once per browser session.
 */
@Component({
  selector: 'kg-sms-outbox-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1>{{ 'outbox.title' | transloco }}</h1>
      <p class="lead">{{ 'outbox.lead' | transloco: { seconds: refreshSeconds } }}</p>
      @if (state() === 'token') {
        <form class="token" [formGroup]="tokenForm" (ngSubmit)="unlock()" novalidate>
          <p>{{ 'outbox.tokenLead' | transloco }}</p>
          @if (refused()) {
            <p class="notice" role="alert">
              <mat-icon aria-hidden="true">error</mat-icon><span>{{ 'outbox.tokenRefused' | transloco }}</span>
            </p>
          }
          <mat-form-field appearance="outline">
            <mat-label>{{ 'outbox.token' | transloco }}</mat-label>
            <input matInput formControlName="token" type="password" autocomplete="off" spellcheck="false" />
            <mat-hint>{{ 'outbox.tokenHint' | transloco }}</mat-hint>
            <mat-error>{{ 'forms.required' | transloco }}</mat-error>
          </mat-form-field>
          <div class="actions">
            <button mat-flat-button type="submit">{{ 'outbox.open' | transloco }}</button>
          </div>
        </form>
      } @else if (state() === 'absent') {
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
        <div class="actions">
          <button mat-button type="button" (click)="forget()">
            <mat-icon aria-hidden="true">lock</mat-icon>{{ 'outbox.forget' | transloco }}
          </button>
        </div>
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
    .token {
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-width: 560px;
    }
    .notice {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-error);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      margin-bottom: 8px;
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
  private readonly token = inject(DevOutboxToken);
  protected readonly refreshSeconds = REFRESH_MS / 1000;
  private readonly messages = signal<readonly OutboxMessage[]>([]);
  protected readonly state = signal<'token' | 'loading' | 'ready' | 'absent' | 'error'>('loading');
  /** The backend refused the token last tried. */
  protected readonly refused = signal(false);
  protected readonly tokenForm = new FormGroup({ token: new FormControl('', { nonNullable: true, validators: [Validators.required] }) });
  protected readonly rows = computed(() => this.messages().map((m) => ({ ...m, time: formatDateTime(m.sentAt, this.locale.language()) })));
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    this.load(false);
  }

  protected unlock(): void {
    const token = this.tokenForm.controls.token.value.trim();
    if (!token) return this.tokenForm.markAllAsTouched();
    this.token.set(token);
    this.tokenForm.reset();
    this.state.set('loading');
    this.load(false);
  }

  protected forget(): void {
    clearTimeout(this.timer);
    this.token.forget();
    this.messages.set([]);
    this.refused.set(false);
    this.state.set('token');
  }

  protected load(background: boolean): void {
    clearTimeout(this.timer);
    // Without a token the request still tells a production backend (404) from one that wants a token (401).
    const token = this.token.value();
    this.api.smsOutbox(token, background).subscribe({
      next: (messages) => {
        this.refused.set(false);
        this.messages.set(messages);
        this.state.set('ready');
        this.timer = setTimeout(() => this.load(true), REFRESH_MS);
      },
      error: (error: unknown) => {
        const status = error instanceof HttpErrorResponse ? error.status : 0;
        // 404: this backend runs in production and keeps no outbox; no point asking again.
        if (status === 404) return this.state.set('absent');
        if (status === 401 || status === 403) {
          this.token.forget();
          this.refused.set(token !== null);
          return this.state.set('token');
        }
        this.state.set('error');
      },
    });
  }
}
