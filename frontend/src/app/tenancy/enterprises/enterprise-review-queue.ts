import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';
import { ENTERPRISE_TYPES } from '../tenancy.model';

const STATUSES = ['pending-review', 'approved', 'rejected'];

/** 企业审核: the enterprises waiting for an operator's review (or any status), filtered and paged by the server. */
@Component({
  selector: 'kg-enterprise-review-queue',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'enterprises.review.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'enterprises.review.lead' | transloco }}</p>
      </header>
      <section class="kg-card">
        <div class="kg-filters">
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.status' | transloco }}</mat-label>
            <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })">
              @for (s of statuses; track s) {
                <mat-option [value]="s">{{ 'tenancy.statuses.' + s | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.type' | transloco }}</mat-label>
            <mat-select [value]="query().type" (valueChange)="to.filter({ type: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (t of types; track t) {
                <mat-option [value]="t">{{ 'enterprises.types.' + t | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'common.search' | transloco }}</mat-label>
            <input
              matInput
              #search
              [value]="query().q"
              (keydown.enter)="to.filter({ q: search.value.trim() })"
              (blur)="search.value.trim() !== query().q && to.filter({ q: search.value.trim() })"
            />
            <mat-icon matSuffix>search</mat-icon>
          </mat-form-field>
        </div>
        @if (list.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (rows().length === 0) {
          <kg-state-panel icon="inbox" [title]="'enterprises.review.empty' | transloco" />
        } @else {
          <table mat-table [dataSource]="rows()" class="kg-stack-table" data-testid="enterprise-queue">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef>{{ 'enterprises.fields.name' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'enterprises.fields.name' | transloco">
                <a [routerLink]="['/enterprises/review', r.id]">{{ r.name }}</a>
              </td>
            </ng-container>
            <ng-container matColumnDef="uscc">
              <th mat-header-cell *matHeaderCellDef>{{ 'enterprises.fields.uscc' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="kg-mono" [attr.data-label]="'enterprises.fields.uscc' | transloco">{{ r.uscc }}</td>
            </ng-container>
            <ng-container matColumnDef="type">
              <th mat-header-cell *matHeaderCellDef>{{ 'enterprises.fields.type' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'enterprises.fields.type' | transloco">
                {{ 'enterprises.types.' + r.type | transloco }}
              </td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'enterprises.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'enterprises.fields.status' | transloco">
                <kg-status [value]="r.status" />
              </td>
            </ng-container>
            <ng-container matColumnDef="submittedAt">
              <th mat-header-cell *matHeaderCellDef>{{ 'enterprises.fields.submittedAt' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'enterprises.fields.submittedAt' | transloco">{{ r.submitted }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        }
        <mat-paginator
          [length]="total()"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      </section>
    </div>
  `,
})
export class EnterpriseReviewQueue {
  private readonly api = inject(TenancyApi);
  private readonly locale = inject(LocaleService);
  protected readonly to = queryParamWriter();
  protected readonly statuses = STATUSES;
  protected readonly types = ENTERPRISE_TYPES;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['name', 'uscc', 'type', 'status', 'submittedAt'];
  // Query parameters, bound by the router.
  readonly status = input<string>();
  readonly type = input<string>();
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    status: this.status() || 'pending-review',
    type: this.type() ?? '',
    q: this.q() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.enterprises(params) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.list.hasValue() ? this.list.value().items : []).map((e) => ({
      ...e,
      submitted: e.registeredAt ? formatDateTime(e.registeredAt, language) : '—',
    }));
  });
}
