import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { WorkOrderPartsApi } from './work-order-parts.api';

/** 我的备件: the stock of the vans the engineer drives (searched and paged on the server). */
@Component({
  selector: 'kg-my-parts-page',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'workOrderParts.mine.title' | transloco }}</h1>
          <p class="kg-lead">
            @if (stock.value()?.vans?.length) {
              {{ 'workOrderParts.mine.vans' | transloco: { vans: vanNames() } }}
            } @else {
              {{ 'workOrderParts.mine.lead' | transloco }}
            }
          </p>
        </div>
      </header>
      <section class="kg-card">
        <div class="kg-filters">
          <mat-form-field>
            <mat-label>{{ 'common.search' | transloco }}</mat-label>
            <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" [placeholder]="'workOrderParts.picker.placeholder' | transloco" data-testid="my-parts-search" />
            <mat-icon matSuffix>search</mat-icon>
          </mat-form-field>
        </div>
        @if (stock.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="stock.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!stock.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (stock.value().vans.length === 0) {
          <kg-state-panel icon="local_shipping" [title]="'workOrderParts.mine.noVan' | transloco" [message]="'workOrderParts.mine.noVanHint' | transloco" />
        } @else if (stock.value().items.length === 0) {
          <kg-state-panel icon="inventory_2" [title]="(query().q ? 'workOrderParts.mine.noneMatching' : 'workOrderParts.mine.none') | transloco" [message]="query().q ? '' : ('workOrderParts.mine.noneHint' | transloco)" />
        } @else {
          <div class="kg-table-scroll">
            <table mat-table [dataSource]="stock.value().items" class="kg-stack-table" data-testid="my-parts">
              <ng-container matColumnDef="part">
                <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.part' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'inventory.fields.part' | transloco"><span class="kg-mono">{{ s.partCode }}</span> {{ s.partName }}</td>
              </ng-container>
              <ng-container matColumnDef="warehouse">
                <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.warehouse' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'inventory.fields.warehouse' | transloco">{{ s.warehouseName }}</td>
              </ng-container>
              <ng-container matColumnDef="onHand">
                <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.onHand' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'inventory.fields.onHand' | transloco">{{ s.onHand }} {{ 'inventory.units.' + s.unit | transloco }}</td>
              </ng-container>
              <ng-container matColumnDef="available">
                <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.available' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'inventory.fields.available' | transloco" [attr.data-testid]="'my-available-' + s.partCode">{{ s.available }}</td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns"></tr>
            </table>
          </div>
        }
        <mat-paginator [length]="stock.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
      </section>
    </div>
  `,
})
export class MyPartsPage {
  private readonly api = inject(WorkOrderPartsApi);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['part', 'warehouse', 'onHand', 'available'];
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ q: this.q() ?? '', page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly stock = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.myStock(params) });
  protected readonly vanNames = computed(() => (this.stock.value()?.vans ?? []).map((v) => v.name).join('、'));
}
