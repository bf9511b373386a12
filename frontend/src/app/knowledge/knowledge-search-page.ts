import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES } from '../work-orders/catalogue';
import { HighlightedText } from './highlighted-text';
import { KnowledgeApi } from './knowledge.api';
import { KNOWLEDGE_STATUSES } from './knowledge.model';

const QUEUES = ['', 'review', 'mine'] as const;

/** 知识库: published repair plans searched in Chinese, the review queue and my enterprise's entries. */
@Component({
  selector: 'kg-knowledge-search-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    RouterLink,
    TranslocoPipe,
    HighlightedText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'collaboration.knowledge.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'collaboration.knowledge.lead' | transloco }}</p>
        </div>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/knowledge/new" data-testid="kb-new"><mat-icon>add</mat-icon>{{ 'collaboration.knowledge.new' | transloco }}</a>
        }
      </header>
      <section class="kg-card">
        @if (canCreate() || canReview()) {
          <mat-button-toggle-group [value]="query().queue" (change)="to.filter({ queue: $event.value, status: '' })" [attr.aria-label]="'collaboration.knowledge.queue' | transloco">
            <mat-button-toggle value="">{{ 'collaboration.knowledge.queues.published' | transloco }}</mat-button-toggle>
            @if (canReview()) {
              <mat-button-toggle value="review" data-testid="kb-queue-review">{{ 'collaboration.knowledge.queues.review' | transloco }}</mat-button-toggle>
            }
            <mat-button-toggle value="mine">{{ 'collaboration.knowledge.queues.mine' | transloco }}</mat-button-toggle>
          </mat-button-toggle-group>
        }
        <div class="kg-filters">
          <mat-form-field class="q">
            <mat-label>{{ 'collaboration.knowledge.search' | transloco }}</mat-label>
            <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" data-testid="kb-search" [placeholder]="'collaboration.knowledge.searchHint' | transloco" />
            <button matSuffix mat-icon-button (click)="to.filter({ q: search.value.trim() })" [attr.aria-label]="'collaboration.knowledge.search' | transloco"><mat-icon>search</mat-icon></button>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'collaboration.knowledge.fields.deviceType' | transloco }}</mat-label>
            <mat-select [value]="query().deviceType" (valueChange)="to.filter({ deviceType: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (t of deviceTypes; track t) {
                <mat-option [value]="t">{{ 'workOrders.deviceTypes.' + t | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'collaboration.knowledge.fields.faultType' | transloco }}</mat-label>
            <mat-select [value]="query().faultType" (valueChange)="to.filter({ faultType: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (t of faultTypes; track t) {
                <mat-option [value]="t">{{ 'workOrders.faultTypes.' + t | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          @if (query().queue === 'mine') {
            <mat-form-field>
              <mat-label>{{ 'collaboration.knowledge.fields.status' | transloco }}</mat-label>
              <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })">
                <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
                @for (s of statuses; track s) {
                  <mat-option [value]="s">{{ 'collaboration.knowledge.statuses.' + s | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
        </div>
        @if (list.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (list.value().items.length === 0) {
          <kg-state-panel icon="menu_book" [title]="'collaboration.knowledge.none' | transloco" [message]="'collaboration.knowledge.noneHint' | transloco" />
        } @else {
          <ol class="results" data-testid="kb-results">
            @for (e of list.value().items; track e.id) {
              <li>
                <a [routerLink]="['/knowledge', e.id]" class="title"><kg-highlighted [text]="e.title" [terms]="e.matched" /></a>
                <p class="chips">
                  <span class="kg-chip">{{ 'workOrders.deviceTypes.' + e.deviceType | transloco }}</span>
                  <span class="kg-chip fault">{{ 'workOrders.faultTypes.' + e.faultType | transloco }}</span>
                  @for (m of e.models; track m) {
                    <span class="kg-chip kg-mono"><kg-highlighted [text]="m" [terms]="e.matched" /></span>
                  }
                  @if (e.status !== 'published') {
                    <span class="kg-chip status">{{ 'collaboration.knowledge.statuses.' + e.status | transloco }}</span>
                  }
                </p>
                @if (e.symptom) {
                  <p class="excerpt"><kg-highlighted [text]="e.symptom" [terms]="e.matched" /></p>
                }
                <p class="meta">{{ e.ownerName ?? e.ownerId }}@if (e.source) { · {{ 'collaboration.knowledge.fromOrder' | transloco: { number: e.source.number } }} }</p>
              </li>
            }
          </ol>
        }
        <mat-paginator
          [length]="list.hasValue() ? list.value().total : 0"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      </section>
    </div>
  `,
  styles: `
    .kg-filters .q {
      flex: 1 1 280px;
    }
    mat-button-toggle-group {
      margin-bottom: 12px;
      flex-wrap: wrap;
    }
    .results {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
    }
    .results li {
      padding: 12px 4px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .title {
      font: var(--mat-sys-title-medium);
      text-decoration: none;
      color: var(--mat-sys-primary);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 6px 0;
    }
    .fault {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .status {
      background: var(--mat-sys-secondary-container);
    }
    .excerpt {
      margin: 4px 0;
      color: var(--mat-sys-on-surface);
    }
    .meta {
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class KnowledgeSearchPage {
  private readonly api = inject(KnowledgeApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly deviceTypes = DEVICE_TYPE_CODES;
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected readonly statuses = KNOWLEDGE_STATUSES;
  protected readonly canCreate = computed(() => this.context.can('knowledge:create'));
  protected readonly canReview = computed(() => this.context.can('knowledge:review'));
  readonly q = input<string>();
  readonly deviceType = input<string>();
  readonly faultType = input<string>();
  readonly status = input<string>();
  readonly queue = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    q: this.q() ?? '',
    deviceType: this.deviceType() ?? '',
    faultType: this.faultType() ?? '',
    status: this.status() ?? '',
    queue: (QUEUES as readonly string[]).includes(this.queue() ?? '') ? ((this.queue() ?? '') as (typeof QUEUES)[number]) : '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.search(params) });
}
