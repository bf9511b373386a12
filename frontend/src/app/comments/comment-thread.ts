import type { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ApiErrorBody } from '../core/api/api-error';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { AttachmentPreview } from '../work-orders/ui/attachment-preview';
import { PhotoAttachments } from '../work-orders/ui/photo-attachments';
import type { Attachment } from '../work-orders/work-order.model';
import { CommentsApi, type CommentThread, type CommentVisibility } from './comments.api';

/** 工单评论: the thread of a work order — shared comments and my party's internal notes — and a new comment. */
@Component({
  selector: 'kg-wo-comments',
  imports: [FormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslocoPipe, AttachmentPreview, PhotoAttachments],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card" data-testid="wo-comments">
      <h2><mat-icon aria-hidden="true">forum</mat-icon>{{ 'collaboration.comments.title' | transloco }}</h2>
      @if (thread.error()) {
        <p class="muted">{{ 'common.loadFailed' | transloco }}</p>
      } @else if (!current()) {
        <p class="muted">{{ 'common.loading' | transloco }}</p>
      } @else {
        @if (current()!.items.length === 0) {
          <p class="muted">{{ 'collaboration.comments.none' | transloco }}</p>
        }
        <ol class="thread">
          @for (c of current()!.items; track c.id) {
            <li [class.internal]="c.visibility === 'internal'" data-testid="comment">
              <p class="head">
                <strong>{{ c.authorName ?? c.authorId }}</strong>
                <span class="muted">{{ when(c.at) }}</span>
                @if (c.visibility === 'internal') {
                  <span class="kg-chip internal-chip"><mat-icon aria-hidden="true">lock</mat-icon>{{ 'collaboration.comments.internal' | transloco }}</span>
                }
              </p>
              @if (c.text) {
                <p class="text">{{ c.text }}</p>
              }
              @if (c.mentions.length) {
                <p class="mentions">
                  @for (m of c.mentions; track m; let i = $index) {
                    <span class="kg-chip">&#64;{{ c.mentionNames[i] ?? m }}</span>
                  }
                </p>
              }
              @if (c.blobIds.length) {
                <div class="photos">
                  @for (b of c.blobIds; track b) {
                    <kg-attachment-preview [blobId]="b" [label]="'collaboration.comments.photo' | transloco" />
                  }
                </div>
              }
            </li>
          }
        </ol>
        <form (ngSubmit)="send()" class="new">
          <mat-button-toggle-group name="visibility" [(ngModel)]="visibility" [attr.aria-label]="'collaboration.comments.visibility' | transloco">
            <mat-button-toggle value="shared" data-testid="comment-shared">{{ 'collaboration.comments.shared' | transloco }}</mat-button-toggle>
            <mat-button-toggle value="internal" data-testid="comment-internal">{{ 'collaboration.comments.internal' | transloco }}</mat-button-toggle>
          </mat-button-toggle-group>
          <p class="muted hint">{{ (visibility === 'internal' ? 'collaboration.comments.internalHint' : 'collaboration.comments.sharedHint') | transloco }}</p>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.comments.text' | transloco }}</mat-label>
            <textarea matInput name="text" rows="2" [(ngModel)]="text" maxlength="2000" data-testid="comment-text"></textarea>
          </mat-form-field>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.comments.mention' | transloco }}</mat-label>
            <mat-select name="mentions" multiple [(ngModel)]="mentions">
              @for (p of mentionable(); track p.userId + p.party) {
                <mat-option [value]="p.userId">{{ p.name ?? p.userId }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <kg-photo-attachments [label]="'collaboration.comments.photos' | transloco" [(attachments)]="photos" />
          @if (problem()) {
            <p class="problem" role="alert">{{ problem() }}</p>
          }
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy() || (!text.trim() && photos.length === 0)" data-testid="comment-send">
              <mat-icon>send</mat-icon>{{ 'collaboration.comments.send' | transloco }}
            </button>
          </div>
        </form>
      }
    </section>
  `,
  styles: `
    .thread {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .thread li {
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-low);
    }
    .thread li.internal {
      background: var(--mat-sys-secondary-container);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 0;
    }
    .internal-chip mat-icon {
      font-size: 14px;
      width: 14px;
      height: 14px;
    }
    .text {
      margin: 4px 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .mentions,
    .photos {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 4px 0;
    }
    .new {
      margin-top: 12px;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .wide {
      width: 100%;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .hint {
      margin: 0;
      font: var(--mat-sys-body-small);
    }
    .problem {
      color: var(--mat-sys-error);
    }
  `,
})
export class WorkOrderCommentThread {
  private readonly api = inject(CommentsApi);
  private readonly locale = inject(LocaleService);
  private readonly context = inject(ActiveContext);
  readonly workOrderId = input.required<string>();
  protected readonly thread = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.thread(params) });
  private readonly posted = signal<{ id: string; thread: CommentThread } | null>(null);
  protected readonly current = computed(() => {
    const posted = this.posted();
    if (posted?.id === this.workOrderId()) return posted.thread;
    return this.thread.hasValue() ? this.thread.value() : null;
  });
  /** Internal notes mention people of my own party only. */
  protected readonly mentionable = computed(() => {
    const people = this.current()?.mentionable ?? [];
    const own = this.ownParty();
    const shown = this.visibilityState() === 'internal' ? people.filter((p) => p.party === own) : people;
    return [...new Map(shown.map((p) => [p.userId, p])).values()];
  });
  private readonly visibilityState = signal<CommentVisibility>('shared');
  private readonly ownParty = computed(() => {
    const c = this.context.active();
    return c ? `${c.kind}:${c.id}` : '';
  });
  protected text = '';
  protected mentions: string[] = [];
  protected photos: readonly Attachment[] = [];
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);

  protected get visibility(): CommentVisibility {
    return this.visibilityState();
  }
  protected set visibility(value: CommentVisibility) {
    this.visibilityState.set(value);
    this.mentions = [];
  }

  protected when(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected send(): void {
    this.busy.set(true);
    this.problem.set(null);
    this.api.post(this.workOrderId(), { text: this.text.trim(), visibility: this.visibility, mentions: this.mentions, photos: [...this.photos] }).subscribe({
      next: (thread) => {
        this.posted.set({ id: this.workOrderId(), thread });
        this.text = '';
        this.mentions = [];
        this.photos = [];
        this.busy.set(false);
      },
      error: (error: HttpErrorResponse) => {
        this.busy.set(false);
        const body = error.error as ApiErrorBody | null;
        this.problem.set(body?.errors?.[0]?.message ?? body?.message ?? error.message);
      },
    });
  }
}
