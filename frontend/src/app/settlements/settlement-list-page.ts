import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { SETTLEMENT_STATUSES, yuan } from './settlements.model';

const SORTS = ['-createdAt', 'createdAt', '-totalFen', 'totalFen'] as const;

/** 结算单: the settlements of my scope, filtered by status and sorted on the server. */
@Component({
  selector: 'kg-settlement-list-page',
  imports: [DatePipe, MatButtonModule, MatFormFieldModule, MatPaginatorModule, MatSelectModule, MatTableModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.status' | transloco }}</mat-label>
          <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })" data-testid="status-filter">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ 'settlements.statuses.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.sort' | transloco }}</mat-label>
          <mat-select [value]="query().sort" (valueChange)="to.filter({ sort: $event })">
            @for (s of sorts; track s) {
              <mat-option [value]="s">{{ 'settlements.sorts.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (query().providerId || query().regionCode) {
          <button mat-stroked-button type="button" (click)="to.filter({ providerId: '', region: '' })" data-testid="clear-cost-filter">
            {{ 'analyticsCosts.settlementsFiltered' | transloco }} ✕
          </button>
        }
      </div>
      @if (list.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!list.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (list.value().items.length === 0) {
        <kg-state-panel icon="request_quote" [title]="'settlements.list.none' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="settlements">
            <ng-container matColumnDef="number">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.workOrder' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'settlements.fields.workOrder' | transloco">
                <a [routerLink]="s.settlementId" class="kg-mono" data-testid="settlement-link">{{ s.workOrderNumber }}</a>
              </td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'settlements.fields.status' | transloco">
                <span class="kg-chip" [class.ok]="s.status === 'paid' || s.status === 'closed' || s.status === 'invoiced'" [class.warn]="s.status === 'draft'">{{ 'settlements.statuses.' + s.status | transloco }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="total">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.total' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'settlements.fields.total' | transloco">{{ yuan(s.totalFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="disputes">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.openDisputes' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'settlements.fields.openDisputes' | transloco">{{ s.openDisputes || '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="created">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.createdAt' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'settlements.fields.createdAt' | transloco">{{ s.createdAt | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
      <mat-paginator [length]="list.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
    </section>
  `,
})
export class SettlementListPage {
  private readonly api = inject(SettlementsApi);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly statuses = SETTLEMENT_STATUSES;
  protected readonly sorts = SORTS;
  protected readonly yuan = yuan;
  protected readonly columns = ['number', 'status', 'total', 'disputes', 'created'];
  readonly status = input<string>();
  readonly sort = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  // Set by the analytics cost board: the settlements behind a provider's or a region's number.
  readonly providerId = input<string>();
  readonly region = input<string>();
  protected readonly query = computed(() => ({
    status: this.status() ?? '',
    providerId: this.providerId() ?? '',
    regionCode: this.region() ?? '',
    sort: (SORTS as readonly string[]).includes(this.sort() ?? '') ? (this.sort() as string) : '-createdAt',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.settlements(params) });
}
