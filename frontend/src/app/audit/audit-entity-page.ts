import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { pageNumber, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AuditApi } from './audit.api';
import { AuditLabels } from './audit-labels';
import { entityOf } from './audit-logic';

const TIMELINE_PAGE = 50;

/** An entity's whole history (its stream), oldest first, as a timeline. */
@Component({
  selector: 'kg-audit-entity-page',
  imports: [MatButtonModule, MatIconModule, MatPaginatorModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/audit"><mat-icon>arrow_back</mat-icon>{{ 'audit.back' | transloco }}</a>
      <header class="kg-page-head">
        <div>
          <h1>{{ 'audit.entity.title' | transloco: { category: entity().category } }}</h1>
          <p class="kg-lead kg-mono">{{ stream() }}</p>
        </div>
      </header>
      <section class="kg-card">
        @if (history.error(); as error) {
          @if (notFound(error)) {
            <kg-state-panel
              icon="search_off"
              [title]="'audit.entity.notFound' | transloco"
              [message]="'audit.entry.notFoundHint' | transloco"
            />
          } @else {
            <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
              <button mat-flat-button (click)="history.reload()">{{ 'common.retry' | transloco }}</button>
            </kg-state-panel>
          }
        } @else if (!history.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else {
          <ol class="timeline" data-testid="entity-history">
            @for (e of history.value().items; track e.id) {
              <li [class]="e.result">
                <span class="dot" aria-hidden="true"></span>
                <div class="body">
                  <a [routerLink]="['/audit/entries', e.id]">{{ labels.type(e.type) }}</a>
                  <span class="sub kg-mono">{{ e.type }}</span>
                  <div class="sub">
                    {{ time(e.at) }} · {{ e.actor ?? '—' }}
                    @if (e.ip) {
                      · {{ e.ip }}
                    }
                    @if (e.result !== 'success') {
                      · {{ 'audit.results.' + e.result | transloco }}
                    }
                  </div>
                  @if (e.summary) {
                    <div class="sub">{{ e.summary }}</div>
                  }
                </div>
              </li>
            }
          </ol>
          @if (history.value().total > pageSize) {
            <mat-paginator
              [length]="history.value().total"
              [pageIndex]="pageIndex() - 1"
              [pageSize]="pageSize"
              [hidePageSize]="true"
              (page)="to.page($event)"
            />
          }
        }
      </section>
    </div>
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0 0 0 8px;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    .timeline li {
      position: relative;
      padding: 8px 0 16px 20px;
    }
    .dot {
      position: absolute;
      left: -7px;
      top: 14px;
      width: 12px;
      height: 12px;
      border-radius: 50%;
      background: var(--mat-sys-primary);
    }
    .denied .dot {
      background: var(--mat-sys-error);
    }
    .failure .dot {
      background: var(--mat-sys-tertiary);
    }
    .body a {
      color: var(--mat-sys-primary);
      font: var(--mat-sys-title-small);
      margin-right: 8px;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
  `,
})
export class AuditEntityPage {
  private readonly api = inject(AuditApi);
  private readonly locale = inject(LocaleService);
  protected readonly labels = inject(AuditLabels);
  protected readonly to = queryParamWriter();
  protected readonly pageSize = TIMELINE_PAGE;
  readonly stream = input.required<string>();
  readonly page = input<string>();
  protected readonly pageIndex = computed(() => pageNumber(this.page()));
  protected readonly entity = computed(() => entityOf(this.stream()));
  protected readonly history = rxResource({
    params: () => ({ stream: this.stream(), page: this.pageIndex() }),
    stream: ({ params }) => this.api.entity(params.stream, params.page, TIMELINE_PAGE),
  });

  protected time(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected notFound(error: unknown): boolean {
    return error instanceof HttpErrorResponse && error.status === 404;
  }
}
