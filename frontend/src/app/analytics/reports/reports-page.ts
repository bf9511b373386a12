import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ReportsApi } from './reports.api';
import { scheduleSummary, type ReportView } from './reports.model';

/** 自定义报表: my reports and those shared with me, searched and paged on the server (page in the address). */
@Component({
  selector: 'kg-reports-page',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatTableModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kg-page' },
  template: `
    <header class="kg-page-head">
      <div>
        <h1>{{ 'reports.list.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'reports.list.lead' | transloco }}</p>
      </div>
      <a mat-flat-button routerLink="/analytics/reports/new" data-testid="report-new"><mat-icon>add</mat-icon>{{ 'reports.list.new' | transloco }}</a>
    </header>
    <section class="kg-card">
      <form class="kg-filters" (submit)="$event.preventDefault(); to.filter({ q: search.value.trim() })">
        <mat-form-field>
          <mat-label>{{ 'reports.list.search' | transloco }}</mat-label>
          <input matInput #search [value]="query().q" data-testid="report-search" />
          <mat-icon matSuffix>search</mat-icon>
        </mat-form-field>
      </form>
      @if (list.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!list.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (list.value().items.length === 0) {
        <kg-state-panel
          icon="table_chart"
          [title]="(query().q ? 'reports.list.noMatch' : 'reports.list.empty') | transloco"
          [message]="(query().q ? '' : 'reports.list.emptyHint') | transloco"
        >
          @if (!query().q) {
            <a mat-flat-button routerLink="/analytics/reports/new">{{ 'reports.list.new' | transloco }}</a>
          }
        </kg-state-panel>
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="reports">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.list.name' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'reports.list.name' | transloco">
                <a [routerLink]="['/analytics/reports', r.id]" class="name" data-testid="report-link">{{ r.name }}</a>
                @if (r.description) {
                  <div class="kg-lead desc">{{ r.description }}</div>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="badges">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.list.kind' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'reports.list.kind' | transloco">
                <span class="badges">
                  @if (r.mine) {
                    <span class="kg-chip ok" data-testid="badge-mine">{{ 'reports.list.mine' | transloco }}</span>
                  } @else {
                    <span class="kg-chip">{{ 'reports.list.by' | transloco: { name: r.ownerName ?? '—' } }}</span>
                  }
                  @if (r.visibility === 'shared') {
                    <span class="kg-chip warn" data-testid="badge-shared">{{ 'reports.list.shared' | transloco }}</span>
                  }
                </span>
              </td>
            </ng-container>
            <ng-container matColumnDef="schedule">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.list.schedule' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'reports.list.schedule' | transloco">
                @let s = summary(r);
                @let weekday = s.weekday ? ('reports.schedule.weekdays.' + s.weekday | transloco) : '';
                <span data-testid="report-schedule">{{ s.key | transloco: { time: s.time, day: s.day, weekday: weekday } }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="updated">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.list.updated' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'reports.list.updated' | transloco">{{ time(r.updatedAt) }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns" data-testid="report-row"></tr>
          </table>
        </div>
        <mat-paginator [length]="list.value().total" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
      }
    </section>
  `,
  styles: `
    .name { font-weight: 600; }
    .desc { font-size: 13px; margin: 2px 0 0; }
    .badges { display: inline-flex; gap: 6px; flex-wrap: wrap; }
  `,
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  private readonly locale = inject(LocaleService);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['name', 'badges', 'schedule', 'updated'];
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ q: this.q() ?? '', page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.list(params.q, params.page, params.pageSize) });

  protected summary(r: ReportView) {
    return scheduleSummary(r.schedule);
  }

  protected time(at: string): string {
    return formatDateTime(at, this.locale.language());
  }
}
