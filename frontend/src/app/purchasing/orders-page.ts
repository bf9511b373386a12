import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { yuan } from '../inventory/inventory.model';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { PurchasingApi } from './purchasing.api';
import type { PurchaseOrder } from './purchasing.model';

/** 采购订单: orders with what has arrived of each line, and the receipt form (partial deliveries allowed). */
@Component({
  selector: 'kg-orders-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatTableModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <h2><mat-icon aria-hidden="true">local_shipping</mat-icon>{{ 'purchasing.orders.title' | transloco }}</h2>
      @if (orders.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="orders.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!orders.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (orders.value().total === 0) {
        <kg-state-panel
          icon="local_shipping"
          [title]="'purchasing.orders.none' | transloco"
          [message]="'purchasing.orders.noneHint' | transloco"
        />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="orders.value().items" class="kg-stack-table" data-testid="orders">
            <ng-container matColumnDef="supplier">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.supplier' | transloco }}</th>
              <td mat-cell *matCellDef="let o" [attr.data-label]="'purchasing.fields.supplier' | transloco">{{ o.supplier }}</td>
            </ng-container>
            <ng-container matColumnDef="lines">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.lines' | transloco }}</th>
              <td mat-cell *matCellDef="let o" [attr.data-label]="'purchasing.fields.lines' | transloco">
                @for (l of o.lines; track l.partId + l.warehouseId) {
                  <div>
                    <span class="kg-mono">{{ l.partCode }}</span> {{ l.partName }} ·
                    {{ 'purchasing.orders.received' | transloco: { received: l.receivedQuantity, quantity: l.quantity } }} ·
                    {{ yuan(l.unitPriceFen) }}
                  </div>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="total">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.orderTotal' | transloco }}</th>
              <td mat-cell *matCellDef="let o" [attr.data-label]="'purchasing.fields.orderTotal' | transloco">{{ yuan(o.totalFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let o" [attr.data-label]="'purchasing.fields.status' | transloco">
                <span class="kg-chip" [class.warn]="o.status !== 'received'" [attr.data-testid]="'order-status-' + o.id">{{
                  'purchasing.orderStatuses.' + o.status | transloco
                }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let o">
                @if (o.status !== 'received' && canReceive()) {
                  <button mat-stroked-button (click)="open(o)" data-testid="order-receive">
                    {{ 'purchasing.orders.receive' | transloco }}
                  </button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
        <mat-paginator
          [length]="orders.value().total"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      }
    </section>

    @if (selected(); as o) {
      <section class="kg-card" data-testid="receive-form">
        <h2>
          <mat-icon aria-hidden="true">move_to_inbox</mat-icon>{{ 'purchasing.orders.receiveTitle' | transloco: { supplier: o.supplier } }}
        </h2>
        <p class="kg-lead">{{ 'purchasing.orders.receiveLead' | transloco }}</p>
        <form [formGroup]="receipt" (ngSubmit)="receive(o)" class="kg-form-grid">
          @for (l of o.lines; track l.partId + l.warehouseId; let i = $index) {
            <mat-form-field>
              <mat-label>{{
                'purchasing.orders.arrived' | transloco: { part: l.partName, outstanding: l.quantity - l.receivedQuantity }
              }}</mat-label>
              <input matInput type="number" min="0" [formControl]="quantities.at(i)" [attr.data-testid]="'receive-quantity-' + i" />
              <kg-field-error [control]="quantities.at(i)" />
            </mat-form-field>
          }
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="receive-submit">
              {{ 'purchasing.orders.receiveSubmit' | transloco }}
            </button>
            <a mat-button routerLink="/inventory/stock">{{ 'purchasing.orders.toStock' | transloco }}</a>
          </div>
        </form>
        @if (failure(); as f) {
          <kg-state-panel
            tone="error"
            icon="error"
            [title]="'purchasing.refused' | transloco"
            [message]="f.message ?? ''"
            data-testid="receive-refused"
          />
        }
      </section>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
  `,
})
export class OrdersPage {
  private readonly api = inject(PurchasingApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly yuan = yuan;
  protected readonly columns = ['supplier', 'lines', 'total', 'status', 'actions'];
  protected readonly canReceive = computed(() => this.context.can('purchase-order:receive'));
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly orders = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.orders(params) });
  protected readonly selected = signal<PurchaseOrder | null>(null);
  protected readonly quantities = new FormArray<FormControl<number | null>>([]);
  protected readonly receipt = new FormGroup({ quantities: this.quantities });
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);

  protected open(o: PurchaseOrder): void {
    this.selected.set(o);
    this.failure.set(null);
    this.quantities.clear();
    for (const l of o.lines)
      this.quantities.push(
        new FormControl<number | null>(l.quantity - l.receivedQuantity, {
          validators: [Validators.min(0), Validators.max(l.quantity - l.receivedQuantity)],
        }),
      );
  }

  protected receive(o: PurchaseOrder): void {
    if (this.quantities.invalid) {
      this.quantities.markAllAsTouched();
      return;
    }
    const lines = o.lines
      .map((l, i) => ({ partId: l.partId, warehouseId: l.warehouseId, quantity: Number(this.quantities.at(i).value ?? 0) }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) return;
    this.busy.set(true);
    this.failure.set(null);
    this.api.receive(o.id, lines).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.selected.set(updated.status === 'received' ? null : updated);
        if (updated.status !== 'received') this.open(updated);
        this.orders.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, null));
      },
    });
  }
}
