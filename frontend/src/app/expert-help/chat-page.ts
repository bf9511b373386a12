import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../core/auth/auth-session';
import { LocaleService } from '../core/i18n/locale.service';
import { type StreamMessage, type StreamState, openEventStream } from '../core/live/event-stream';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AttachmentPreview } from '../work-orders/ui/attachment-preview';
import { ExpertHelpApi } from './expert-help.api';
import { type ChatMessage, type ExpertHelp, type HelpStatus, yuan } from './expert-help.model';
import { HelpStatusChip } from './help-status';
import { ExpertTextDialog, RatingDialog } from './help-dialogs';

/** How far a help has come: a status told by the stream is not undone by an older read. */
const RANK: Record<HelpStatus, number> = { requested: 0, accepted: 1, declined: 2, closed: 2 };
const statusOf = (h: ExpertHelp) => ({ status: h.status, acceptedAt: h.acceptedAt, declinedAt: h.declinedAt, declineReason: h.declineReason, closedAt: h.closedAt, summary: h.summary, rating: h.rating });

/** A message the composer is still sending (or failed to send), shown until the stream brings it back. */
interface Outgoing {
  readonly key: string;
  readonly text: string;
  readonly imageBlobIds: string[];
  readonly failed: boolean;
}

/**
 * 专家对话: one help's chat for its two parties, live over SSE (resumed with Last-Event-ID after a drop,
 * so nothing is lost), with images, read receipts and the step each party may take next. Laid out
 * for a phone first: the messages scroll, the composer stays at the bottom.
 */
@Component({
  selector: 'kg-expert-chat-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel, AttachmentPreview, HelpStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (failed()) {
      <div class="kg-page">
        <kg-state-panel tone="error" icon="search_off" [title]="'expertHelp.chat.notFound' | transloco" [message]="'expertHelp.chat.notFoundHint' | transloco">
          <a mat-flat-button routerLink="/expert-help">{{ 'expertHelp.workbench.title' | transloco }}</a>
        </kg-state-panel>
      </div>
    } @else if (help(); as h) {
      <div class="chat">
        <header class="head">
          <a mat-icon-button [routerLink]="backLink()" [attr.aria-label]="'expertHelp.back' | transloco"><mat-icon>arrow_back</mat-icon></a>
          <div class="who">
            <h1>{{ (mine() === 'engineer' ? h.expertName : h.engineerName) ?? ('expertHelp.unnamed' | transloco) }}</h1>
            <p class="sub">{{ h.fieldCode }} · {{ fee(h.feeFen) }}</p>
          </div>
          <kg-help-status [status]="h.status" />
          <span class="conn" [class]="'conn ' + connection()" data-testid="chat-connection" [attr.data-state]="connection()" role="status">
            <mat-icon aria-hidden="true">{{ connection() === 'open' ? 'wifi' : 'wifi_off' }}</mat-icon>
            {{ 'expertHelp.connection.' + connection() | transloco }}
          </span>
        </header>

        <section class="question kg-card">
          <p class="label">{{ 'expertHelp.chat.question' | transloco }}</p>
          <p class="text">{{ h.question }}</p>
          @if (h.attachmentBlobIds.length) {
            <div class="photos">
              @for (b of h.attachmentBlobIds; track b; let i = $index) {
                <kg-attachment-preview [blobId]="b" mediaType="image/jpeg" [label]="'expertHelp.chat.photo' | transloco: { n: i + 1 }" />
              }
            </div>
          }
          @if (h.status === 'declined') {
            <p class="declined" data-testid="decline-reason">{{ 'expertHelp.chat.declined' | transloco: { reason: h.declineReason } }}</p>
          }
          @if (h.summary) {
            <div class="summary" data-testid="chat-summary">
              <p class="label">{{ 'expertHelp.summary' | transloco }}</p>
              <p class="text">{{ h.summary }}</p>
            </div>
          }
          @if (h.rating) {
            <p class="rating">{{ stars(h.rating.score) }} {{ h.rating.comment }}</p>
          }
          <div class="steps">
            @if (mine() === 'expert' && h.status === 'requested') {
              <button mat-flat-button (click)="accept()" data-testid="help-accept"><mat-icon>check</mat-icon>{{ 'expertHelp.actions.accept' | transloco }}</button>
              <button mat-stroked-button (click)="decline()" data-testid="help-decline"><mat-icon>block</mat-icon>{{ 'expertHelp.actions.decline' | transloco }}</button>
            }
            @if (mine() === 'expert' && h.status === 'accepted') {
              <button mat-stroked-button (click)="close()" data-testid="help-close"><mat-icon>task_alt</mat-icon>{{ 'expertHelp.actions.close' | transloco }}</button>
            }
            @if (mine() === 'engineer' && h.status === 'closed' && !h.rating) {
              <button mat-flat-button (click)="rate()" data-testid="help-rate"><mat-icon>star</mat-icon>{{ 'expertHelp.actions.rate' | transloco }}</button>
            }
            <a mat-button [routerLink]="['/work-orders', h.workOrderId]"><mat-icon>assignment</mat-icon>{{ 'expertHelp.chat.workOrder' | transloco }}</a>
          </div>
        </section>

        <ol class="messages" #scroller data-testid="chat-messages" [attr.aria-label]="'expertHelp.chat.messages' | transloco">
          @for (m of messages(); track m.seq) {
            <li [class.own]="m.authorId === me()" data-testid="chat-message" [attr.data-seq]="m.seq">
              <div class="bubble">
                @if (m.text) {
                  <p class="text">{{ m.text }}</p>
                }
                @for (b of m.imageBlobIds; track b) {
                  <kg-attachment-preview [blobId]="b" mediaType="image/jpeg" [label]="'expertHelp.chat.image' | transloco" />
                }
                <p class="meta">
                  {{ time(m.postedAt) }}
                  @if (m.authorId === me()) {
                    <span class="receipt" data-testid="chat-receipt">{{ (m.seq <= otherRead() ? 'expertHelp.chat.read' : 'expertHelp.chat.unread') | transloco }}</span>
                  }
                </p>
              </div>
            </li>
          } @empty {
            @if (h.status === 'accepted') {
              <li class="empty">{{ 'expertHelp.chat.empty' | transloco }}</li>
            }
          }
          @for (o of outgoing(); track o.key) {
            <li class="own pending" data-testid="chat-outgoing">
              <div class="bubble">
                <p class="text">{{ o.text }}</p>
                <p class="meta">
                  @if (o.failed) {
                    <button mat-button (click)="resend(o)">{{ 'expertHelp.chat.retry' | transloco }}</button>
                  } @else {
                    {{ 'expertHelp.chat.sending' | transloco }}
                  }
                </p>
              </div>
            </li>
          }
        </ol>

        @if (h.status === 'accepted') {
          <form class="composer" (submit)="$event.preventDefault(); send()">
            <button mat-icon-button type="button" (click)="file.click()" [disabled]="uploading()" [attr.aria-label]="'expertHelp.chat.addImage' | transloco">
              <mat-icon>add_photo_alternate</mat-icon>
            </button>
            <input #file type="file" hidden accept="image/jpeg,image/png" (change)="sendImage(file.files); file.value = ''" data-testid="chat-image-input" />
            <mat-form-field class="input" subscriptSizing="dynamic">
              <mat-label>{{ 'expertHelp.chat.placeholder' | transloco }}</mat-label>
              <textarea matInput [formControl]="draft" rows="1" maxlength="2000" data-testid="chat-input" (keydown.enter)="enter($any($event))"></textarea>
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="!draft.value.trim()" data-testid="chat-send">
              <mat-icon>send</mat-icon>{{ 'expertHelp.chat.send' | transloco }}
            </button>
          </form>
        }
      </div>
    } @else {
      <div class="kg-page"><kg-loading-panel [label]="'common.loading' | transloco" /></div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .chat {
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-width: 880px;
      margin: 0 auto;
      padding: 8px 12px;
      height: calc(100dvh - 64px);
      box-sizing: border-box;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 8px;
      flex-wrap: wrap;
    }
    .who {
      flex: 1;
      min-width: 0;
    }
    .who h1 {
      font: var(--mat-sys-title-large);
      margin: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .sub,
    .label,
    .meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 0;
    }
    .conn {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font: var(--mat-sys-label-medium);
      padding: 2px 8px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
    }
    .conn.open {
      color: #1b6e3a;
    }
    .conn.reconnecting,
    .conn.connecting,
    .conn.closed {
      color: #8a4b00;
    }
    .conn mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    .question {
      max-height: 32dvh;
      overflow: auto;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 4px 0;
    }
    .photos {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .summary {
      border-left: 3px solid var(--mat-sys-primary);
      padding-left: 8px;
      margin-top: 8px;
    }
    .declined {
      color: var(--mat-sys-error);
    }
    .rating {
      color: #b26a00;
    }
    .steps {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }
    .messages {
      flex: 1;
      overflow-y: auto;
      list-style: none;
      margin: 0;
      padding: 4px;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .messages li {
      display: flex;
    }
    .messages li.own {
      justify-content: flex-end;
    }
    .bubble {
      max-width: min(80%, 560px);
      padding: 8px 12px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
    }
    .own .bubble {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .pending .bubble {
      opacity: 0.7;
    }
    .receipt {
      margin-left: 8px;
    }
    .empty {
      justify-content: center;
      color: var(--mat-sys-on-surface-variant);
    }
    .composer {
      display: flex;
      align-items: center;
      gap: 8px;
      padding-bottom: env(safe-area-inset-bottom);
    }
    .input {
      flex: 1;
      min-width: 0;
    }
    @media (max-width: 599.98px) {
      .chat {
        padding: 4px 8px;
        height: calc(100dvh - 56px);
      }
      .composer button[type='submit'] mat-icon {
        margin: 0;
      }
    }
  `,
})
export class ExpertChatPage {
  private readonly api = inject(ExpertHelpApi);
  private readonly session = inject(AuthSession);
  private readonly locale = inject(LocaleService);
  private readonly dialog = inject(MatDialog);
  readonly id = input.required<string>();
  protected readonly help = signal<ExpertHelp | null>(null);
  protected readonly failed = signal(false);
  protected readonly messages = signal<ChatMessage[]>([]);
  protected readonly outgoing = signal<Outgoing[]>([]);
  protected readonly connection = signal<StreamState>('connecting');
  protected readonly uploading = signal(false);
  protected readonly readUpTo = signal({ engineer: 0, expert: 0 });
  protected readonly draft = new FormControl('', { nonNullable: true });
  protected readonly me = computed(() => this.session.user()?.userId ?? null);
  protected readonly mine = computed<'engineer' | 'expert' | null>(() => {
    const h = this.help();
    const me = this.me();
    return h === null ? null : h.expertId === me ? 'expert' : h.engineerId === me ? 'engineer' : null;
  });
  /** How far the other party has read: my messages up to it show 已读. */
  protected readonly otherRead = computed(() => (this.mine() === 'expert' ? this.readUpTo().engineer : this.readUpTo().expert));
  protected readonly backLink = computed(() => (this.mine() === 'expert' ? '/expert-help' : ['/work-orders', this.help()?.workOrderId ?? '']));
  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');
  private lastReceiptSent = 0;

  constructor() {
    const destroy = inject(DestroyRef);
    effect((onCleanup) => {
      const id = this.id();
      this.load(id);
      const url = `/api/v1/expert-help/${encodeURIComponent(id)}/messages/stream`;
      let offline = false;
      const open = (lastEventId?: string) =>
        openEventStream(this.session, url, { message: (m) => this.receive(m), state: (s) => offline || this.connection.set(s) }, lastEventId === undefined ? {} : { lastEventId });
      let stream = open();
      // A phone that loses its network keeps a dead connection open for a long while: drop it at once
      // and, back online, resume after the last event received — the stream replays what was missed.
      const goneOffline = () => {
        offline = true;
        stream.close();
        this.connection.set('reconnecting');
      };
      const backOnline = () => {
        if (!offline) return;
        offline = false;
        stream = open(stream.lastEventId());
      };
      window.addEventListener('offline', goneOffline);
      window.addEventListener('online', backOnline);
      onCleanup(() => {
        window.removeEventListener('offline', goneOffline);
        window.removeEventListener('online', backOnline);
        offline = true;
        stream.close();
      });
    });
    // Keep the newest message in view as messages arrive.
    effect(() => {
      this.messages();
      this.outgoing();
      const el = this.scroller()?.nativeElement;
      if (el) queueMicrotask(() => el.scrollTo({ top: el.scrollHeight }));
    });
    destroy.onDestroy(() => this.outgoing.set([]));
  }

  private load(id: string): void {
    this.api.get(id).subscribe({
      next: (h) => {
        // The stream may already have told a later status than this read shows: never step back.
        this.help.update((current) => (current !== null && RANK[current.status] > RANK[h.status] ? { ...h, ...statusOf(current) } : h));
        this.readUpTo.update((u) => ({ engineer: Math.max(u.engineer, h.readUpTo.engineer), expert: Math.max(u.expert, h.readUpTo.expert) }));
      },
      error: () => this.failed.set(true),
    });
  }

  private receive(m: StreamMessage): void {
    if (m.event === 'message') {
      const message = m.data as ChatMessage;
      this.messages.update((list) => (list.some((x) => x.seq === message.seq) ? list : [...list, message].sort((a, b) => a.seq - b.seq)));
      this.markRead();
    } else if (m.event === 'read') {
      const r = m.data as { readerId: string; upToSeq: number };
      const h = this.help();
      if (!h) return;
      this.readUpTo.update((u) => (r.readerId === h.expertId ? { ...u, expert: Math.max(u.expert, r.upToSeq) } : { ...u, engineer: Math.max(u.engineer, r.upToSeq) }));
    } else if (m.event === 'status') {
      const d = m.data as { status: HelpStatus; at: string; reason?: string; summary?: string };
      this.help.update((h) =>
        h === null || RANK[h.status] > RANK[d.status]
          ? h
          : {
              ...h,
              status: d.status,
              ...(d.status === 'accepted' ? { acceptedAt: d.at } : {}),
              ...(d.status === 'declined' ? { declinedAt: d.at, declineReason: d.reason ?? null } : {}),
              ...(d.status === 'closed' ? { closedAt: d.at, summary: d.summary ?? null } : {}),
            },
      );
    } else if (m.event === 'rating') {
      const d = m.data as { score: number; comment: string; at: string };
      this.help.update((h) => (h === null ? h : { ...h, rating: d }));
    }
  }

  /** Tells the other party I have seen their newest message (once per message, while the page is open). */
  private markRead(): void {
    const me = this.me();
    const latest = [...this.messages()].reverse().find((m) => m.authorId !== me);
    if (!latest || latest.seq <= this.lastReceiptSent || document.visibilityState === 'hidden') return;
    this.lastReceiptSent = latest.seq;
    this.api.read(this.id(), latest.messageId).subscribe({ error: () => (this.lastReceiptSent = 0) });
  }

  /** Enter sends, Shift+Enter breaks the line (and an IME composition is left alone). */
  protected enter(event: KeyboardEvent): void {
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.send();
  }

  protected send(): void {
    const text = this.draft.value.trim();
    if (!text) return;
    this.draft.setValue('');
    this.deliver({ key: crypto.randomUUID(), text, imageBlobIds: [], failed: false });
  }

  protected async sendImage(files: FileList | null): Promise<void> {
    const file = files?.[0];
    if (!file) return;
    this.uploading.set(true);
    try {
      const stored = await firstValueFrom(this.api.upload(file));
      this.deliver({ key: crypto.randomUUID(), text: '', imageBlobIds: [stored.blobId], failed: false });
    } finally {
      this.uploading.set(false);
    }
  }

  protected resend(o: Outgoing): void {
    this.deliver({ ...o, failed: false });
  }

  /** Posts under the message's own key: a resend after a failure cannot post it twice. */
  private deliver(o: Outgoing): void {
    this.outgoing.update((list) => [...list.filter((x) => x.key !== o.key), o]);
    this.api.post(this.id(), { ...(o.text ? { text: o.text } : {}), ...(o.imageBlobIds.length ? { imageBlobIds: o.imageBlobIds } : {}) }, o.key).subscribe({
      next: (posted) => {
        this.messages.update((list) => (list.some((x) => x.seq === posted.seq) ? list : [...list, posted].sort((a, b) => a.seq - b.seq)));
        this.outgoing.update((list) => list.filter((x) => x.key !== o.key));
      },
      error: () => this.outgoing.update((list) => list.map((x) => (x.key === o.key ? { ...x, failed: true } : x))),
    });
  }

  protected accept(): void {
    this.api.accept(this.id()).subscribe((h) => this.help.set(h));
  }

  protected async decline(): Promise<void> {
    const reason = await firstValueFrom(this.dialog.open(ExpertTextDialog, { data: { titleKey: 'expertHelp.actions.decline', labelKey: 'expertHelp.form.reason', max: 500 } }).afterClosed());
    if (reason) this.api.decline(this.id(), reason).subscribe((h) => this.help.set(h));
  }

  protected async close(): Promise<void> {
    const summary = await firstValueFrom(
      this.dialog.open(ExpertTextDialog, { data: { titleKey: 'expertHelp.actions.close', labelKey: 'expertHelp.form.summary', hintKey: 'expertHelp.form.summaryHint', max: 4000 } }).afterClosed(),
    );
    if (summary) this.api.close(this.id(), summary).subscribe((h) => this.help.set(h));
  }

  protected async rate(): Promise<void> {
    const rating = await firstValueFrom(this.dialog.open(RatingDialog).afterClosed());
    if (rating) this.api.rate(this.id(), rating.score, rating.comment).subscribe((h) => this.help.set(h));
  }

  protected fee(fen: number): string {
    return yuan(fen);
  }

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected stars(score: number): string {
    return '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
  }
}
