import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
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
import { VERIFICATION_KINDS } from '../tenancy.model';

/** Who applied, as far as a reviewer may see: the masked real name, else a short account id. */
export const applicantOf = (v: { realNameMasked?: string; applicantId: string }): string =>
  v.realNameMasked ?? `#${v.applicantId.slice(0, 8)}`;

const STATUSES = ['pending-review', 'approved', 'rejected', 'revoked'];

/** 认证审核: real-name, engineer and expert applications for operators to review, paged by the server. */
@Component({
  selector: 'kg-verification-review-queue',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
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
        <h1>{{ 'verification.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'verification.lead' | transloco }}</p>
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
            <mat-label>{{ 'verification.kind' | transloco }}</mat-label>
            <mat-select [value]="query().kind" (valueChange)="to.filter({ kind: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (k of kinds; track k) {
                <mat-option [value]="k">{{ 'verification.kinds.' + k | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </div>
        @if (list.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (rows().length === 0) {
          <kg-state-panel icon="task_alt" [title]="'verification.empty' | transloco" />
        } @else {
          <table mat-table [dataSource]="rows()" class="kg-stack-table" data-testid="verification-queue">
            <ng-container matColumnDef="applicant">
              <th mat-header-cell *matHeaderCellDef>{{ 'verification.applicant' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'verification.applicant' | transloco">
                <a [routerLink]="['/verification-reviews', r.id]">{{ r.applicant }}</a>
              </td>
            </ng-container>
            <ng-container matColumnDef="kind">
              <th mat-header-cell *matHeaderCellDef>{{ 'verification.kind' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'verification.kind' | transloco">
                {{ 'verification.kinds.' + r.kind | transloco }}
              </td>
            </ng-container>
            <ng-container matColumnDef="idNumber">
              <th mat-header-cell *matHeaderCellDef>{{ 'verification.idNumber' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="kg-mono" [attr.data-label]="'verification.idNumber' | transloco">
                {{ r.idNumberMasked ?? '—' }}
              </td>
            </ng-container>
            <ng-container matColumnDef="county">
              <th mat-header-cell *matHeaderCellDef>{{ 'verification.county' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'verification.county' | transloco">{{ r.placeName ?? r.countyCode }}</td>
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
export class VerificationReviewQueue {
  private readonly api = inject(TenancyApi);
  private readonly locale = inject(LocaleService);
  protected readonly to = queryParamWriter();
  protected readonly statuses = STATUSES;
  protected readonly kinds = VERIFICATION_KINDS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['applicant', 'kind', 'idNumber', 'county', 'status', 'submittedAt'];
  readonly status = input<string>();
  readonly kind = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    status: this.status() || 'pending-review',
    kind: this.kind() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.verificationReviews(params) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.list.hasValue() ? this.list.value().items : []).map((v) => ({
      ...v,
      applicant: applicantOf(v),
      submitted: formatDateTime(v.submittedAt, language),
    }));
  });
}
