import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthSession } from '../core/auth/auth-session';
import { LocaleService } from '../core/i18n/locale.service';
import { openEventStream, type EventStreamHandle } from '../core/live/event-stream';
import { saveFile } from '../organization/members/member-files';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { ExportsApi, exportEventsUrl, type ExportItem } from './exports.api';

/** Sizes as people read them. */
export const sizeText = (bytes: number | null): string =>
  bytes === null ? '—' : bytes < 1024 ? `${bytes} B` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`;

/** 导出记录: my exports, newest first, with live progress of those still running, and the files to download. */
@Component({
  selector: 'kg-exports-page',
  imports: [MatButtonModule, MatIconModule, MatPaginatorModule, MatProgressBarModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kg-page' },
  template: `
    <header class="kg-page-head">
      <div>
        <h1>{{ 'exports.page.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'exports.page.lead' | transloco }}</p>
      </div>
    </header>
    @if (list.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'exports.page.failed' | transloco">
        <button mat-flat-button (click)="list.reload()">{{ 'exports.page.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!list.hasValue()) {
      <kg-loading-panel [label]="'exports.page.loading' | transloco" />
    } @else if (items().length === 0) {
      <kg-state-panel icon="download" [title]="'exports.page.empty' | transloco" [message]="'exports.page.emptyHint' | transloco" />
    } @else {
      <ul class="items" data-testid="exports">
        @for (item of items(); track item.id) {
          <li class="item kg-card" [class.highlight]="item.id === highlight()" data-testid="export-item" [attr.data-status]="item.status">
            <div class="head">
              <span class="title">{{ item.title }}</span>
              <span class="chip" [attr.data-status]="item.status">{{ 'exports.status.' + item.status | transloco }}</span>
            </div>
            @if (item.status === 'running') {
              <mat-progress-bar [mode]="item.percent === null ? 'indeterminate' : 'determinate'" [value]="item.percent ?? 0" />
              <span class="meta" data-testid="export-progress">{{ 'exports.page.progress' | transloco: { percent: item.percent ?? 0, rows: item.rows } }}</span>
            } @else if (item.status === 'completed') {
              <mat-progress-bar mode="determinate" [value]="100" />
              <span class="meta" data-testid="export-progress">100% · {{ 'exports.page.rows' | transloco: { rows: item.rows } }} · {{ size(item.size) }} · {{ 'exports.page.expires' | transloco: { at: time(item.expiresAt) } }}</span>
            } @else if (item.status === 'failed') {
              <span class="meta error">{{ item.reason }}</span>
            } @else {
              <span class="meta">{{ 'exports.page.expired' | transloco }}</span>
            }
            <div class="foot">
              <span class="meta">{{ 'exports.format.' + item.format | transloco }} · {{ time(item.requestedAt) }}</span>
              @if (item.status === 'completed') {
                <button mat-stroked-button type="button" (click)="download(item)" data-testid="export-download"><mat-icon>download</mat-icon>{{ 'exports.page.download' | transloco }}</button>
              }
            </div>
          </li>
        }
      </ul>
      <mat-paginator [length]="list.value().total" [pageIndex]="page() - 1" [pageSize]="pageSize()" [pageSizeOptions]="[10, 20, 50]" (page)="turn($event)" />
    }
  `,
  styles: `
    .items { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .item { display: flex; flex-direction: column; gap: 8px; padding: 16px; }
    .item.highlight { outline: 2px solid var(--mat-sys-primary); }
    .head, .foot { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
    .title { font-weight: 600; }
    .chip { font-size: 12px; padding: 2px 8px; border-radius: 12px; background: var(--mat-sys-surface-container-high); }
    .chip[data-status='completed'] { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .chip[data-status='failed'] { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .meta { font-size: 13px; color: var(--mat-sys-on-surface-variant); }
    .meta.error { color: var(--mat-sys-error); }
  `,
})
export class ExportsPage {
  private readonly api = inject(ExportsApi);
  private readonly session = inject(AuthSession);
  private readonly locale = inject(LocaleService);
  private readonly document = inject(DOCUMENT);
  readonly highlight = input<string>();
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly list = rxResource({ params: () => ({ page: this.page(), pageSize: this.pageSize() }), stream: ({ params }) => this.api.list(params.page, params.pageSize) });
  /** Live state of running exports, from their SSE streams, over what the list said. */
  private readonly live = signal<Record<string, Partial<ExportItem>>>({});
  private readonly streams = new Map<string, EventStreamHandle>();
  protected readonly items = computed(() => (this.list.hasValue() ? this.list.value().items : []).map((item) => ({ ...item, ...this.live()[item.id] })));

  constructor() {
    effect(() => {
      for (const item of this.list.hasValue() ? this.list.value().items : []) if (item.status === 'running' && !this.streams.has(item.id)) this.follow(item.id);
    });
    inject(DestroyRef).onDestroy(() => {
      for (const stream of this.streams.values()) stream.close();
    });
  }

  private follow(id: string): void {
    const stream = openEventStream(this.session, exportEventsUrl(id), {
      message: (m) => {
        const data = m.data as Partial<ExportItem>;
        this.live.update((all) => ({ ...all, [id]: { ...all[id], ...data } }));
        if (m.event !== 'progress') {
          stream.close();
          this.streams.delete(id);
          // The list's row then carries the file's size, name and expiry.
          this.list.reload();
        }
      },
    });
    this.streams.set(id, stream);
  }

  protected time(at: string | null): string {
    return at ? formatDateTime(at, this.locale.language()) : '—';
  }

  protected size(bytes: number | null): string {
    return sizeText(bytes);
  }

  protected turn(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.page.set(event.pageIndex + 1);
  }

  protected download(item: ExportItem): void {
    this.api.file(item.id).subscribe((blob) => saveFile(blob, item.fileName ?? `export.${item.format}`, this.document));
  }
}
