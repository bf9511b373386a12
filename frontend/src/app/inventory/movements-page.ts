import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import { yuan } from './inventory.model';

export const MOVEMENT_TYPES = [
  'StockReceived',
  'StockShelved',
  'StockIssueRequested',
  'StockIssueApproved',
  'StockIssueRejected',
  'StockIssuePicked',
  'StockIssueDelivered',
  'StockIssueCancelled',
  'StockReturned',
  'StockTransferredOut',
  'StockTransferExpected',
  'StockTransferredIn',
  'StockAdjusted',
] as const;

/** 出入库流水: the ledger, newest first, every change of a stock level with its deltas. */
@Component({
  selector: 'kg-movements-page',
  imports: [DatePipe, MatButtonModule, MatFormFieldModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'inventory.fields.warehouse' | transloco }}</mat-label>
          <mat-select [value]="query().warehouseId" (valueChange)="to.filter({ warehouseId: $event })">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (w of warehouses.value()?.items ?? []; track w.id) {
              <mat-option [value]="w.id">{{ w.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'inventory.fields.movement' | transloco }}</mat-label>
          <mat-select [value]="query().type" (valueChange)="to.filter({ type: $event })">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (t of types; track t) {
              <mat-option [value]="t">{{ 'inventory.movementTypes.' + t | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (ledger.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="ledger.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!ledger.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (ledger.value().items.length === 0) {
        <kg-state-panel icon="receipt_long" [title]="'inventory.movements.none' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="ledger.value().items" class="kg-stack-table" data-testid="ledger">
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.at' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.at' | transloco">{{ m.at | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <ng-container matColumnDef="type">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.movement' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.movement' | transloco">{{ 'inventory.movementTypes.' + m.type | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="part">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.part' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.part' | transloco"><span class="kg-mono">{{ m.partCode }}</span> {{ m.partName }}</td>
            </ng-container>
            <ng-container matColumnDef="warehouse">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.warehouse' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.warehouse' | transloco">{{ m.warehouseName }}</td>
            </ng-container>
            <ng-container matColumnDef="deltas">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.deltas' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.deltas' | transloco">
                {{ 'inventory.movements.deltas' | transloco: { onHand: signed(m.onHandDelta), reserved: signed(m.reservedDelta), transit: signed(m.inTransitDelta) } }}
              </td>
            </ng-container>
            <ng-container matColumnDef="value">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.value' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.value' | transloco">{{ m.valueDeltaFen === 0 ? '—' : yuan(m.valueDeltaFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="note">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.note' | transloco }}</th>
              <td mat-cell *matCellDef="let m" [attr.data-label]="'inventory.fields.note' | transloco">{{ m.note || '—' }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
      <mat-paginator [length]="ledger.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
    </section>
  `,
})
export class MovementsPage {
  private readonly api = inject(InventoryApi);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly types = MOVEMENT_TYPES;
  protected readonly yuan = yuan;
  protected readonly columns = ['at', 'type', 'part', 'warehouse', 'deltas', 'value', 'note'];
  readonly warehouseId = input<string>();
  readonly type = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ warehouseId: this.warehouseId() ?? '', type: this.type() ?? '', page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly ledger = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.movements(params) });
  protected readonly warehouses = rxResource({ stream: () => this.api.warehouses() });

  protected signed(n: number): string {
    return n > 0 ? `+${n}` : String(n);
  }
}
