import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { InventoryApi } from '../inventory/inventory.api';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { PurchasingApi } from './purchasing.api';

/** 低库存: the open alerts (reorder suggestions) and every threshold, with the editor of one part × warehouse's. */
@Component({
  selector: 'kg-low-stock-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canSet()) {
      <section class="kg-card" data-testid="threshold-form">
        <h2><mat-icon aria-hidden="true">tune</mat-icon>{{ 'purchasing.lowStock.editor' | transloco }}</h2>
        <p class="kg-lead">{{ 'purchasing.lowStock.editorLead' | transloco }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" class="kg-form-grid">
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.warehouse' | transloco }}</mat-label>
            <mat-select formControlName="warehouseId" data-testid="threshold-warehouse">
              @for (w of warehouses.value()?.items ?? []; track w.id) {
                <mat-option [value]="w.id">{{ w.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="form.controls.warehouseId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.part' | transloco }}</mat-label>
            <mat-select formControlName="partId" data-testid="threshold-part">
              @for (p of parts.value()?.items ?? []; track p.id) {
                <mat-option [value]="p.id">{{ p.code }} · {{ p.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="form.controls.partId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.minimum' | transloco }}</mat-label>
            <input matInput type="number" min="0" formControlName="minimum" data-testid="threshold-minimum" />
            <kg-field-error [control]="form.controls.minimum" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.reorderQuantity' | transloco }}</mat-label>
            <input matInput type="number" min="1" formControlName="reorderQuantity" data-testid="threshold-reorder" />
            <kg-field-error [control]="form.controls.reorderQuantity" />
          </mat-form-field>
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="threshold-submit">
              {{ 'purchasing.lowStock.save' | transloco }}
            </button>
          </div>
        </form>
        @if (failure(); as f) {
          <kg-state-panel
            tone="error"
            icon="error"
            [title]="'purchasing.refused' | transloco"
            [message]="f.message ?? ''"
            data-testid="threshold-refused"
          />
        }
      </section>
    }

    <section class="kg-card">
      <div class="kg-section-head">
        <h2><mat-icon aria-hidden="true">production_quantity_limits</mat-icon>{{ 'purchasing.lowStock.title' | transloco }}</h2>
        <mat-button-toggle-group
          [value]="query().state"
          (change)="to.filter({ state: $event.value })"
          [attr.aria-label]="'purchasing.lowStock.show' | transloco"
        >
          <mat-button-toggle value="low" data-testid="show-low">{{ 'purchasing.lowStock.onlyLow' | transloco }}</mat-button-toggle>
          <mat-button-toggle value="all" data-testid="show-all">{{ 'purchasing.lowStock.all' | transloco }}</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      @if (thresholds.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="thresholds.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!thresholds.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (thresholds.value().total === 0) {
        <kg-state-panel
          icon="inventory"
          [title]="(query().state === 'low' ? 'purchasing.lowStock.noneLow' : 'purchasing.lowStock.none') | transloco"
          [message]="'purchasing.lowStock.noneHint' | transloco"
        />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="thresholds.value().items" class="kg-stack-table" data-testid="thresholds">
            <ng-container matColumnDef="part">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.part' | transloco }}</th>
              <td mat-cell *matCellDef="let t" [attr.data-label]="'purchasing.fields.part' | transloco">
                <span class="kg-mono">{{ t.partCode }}</span> {{ t.partName }}
              </td>
            </ng-container>
            <ng-container matColumnDef="warehouse">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.warehouse' | transloco }}</th>
              <td mat-cell *matCellDef="let t" [attr.data-label]="'purchasing.fields.warehouse' | transloco">{{ t.warehouseName }}</td>
            </ng-container>
            <ng-container matColumnDef="available">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.available' | transloco }}</th>
              <td mat-cell *matCellDef="let t" [attr.data-label]="'purchasing.fields.available' | transloco">
                <span class="kg-chip" [class.warn]="t.low" [attr.data-testid]="'available-' + t.id"
                  >{{ t.available }} / {{ 'purchasing.lowStock.min' | transloco: { min: t.minimum } }}</span
                >
              </td>
            </ng-container>
            <ng-container matColumnDef="reorder">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.suggested' | transloco }}</th>
              <td mat-cell *matCellDef="let t" [attr.data-label]="'purchasing.fields.suggested' | transloco">
                {{ t.low ? t.suggestedQuantity : '—' }} ({{ 'purchasing.fields.reorderQuantity' | transloco }} {{ t.reorderQuantity }})
              </td>
            </ng-container>
            <ng-container matColumnDef="request">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.request' | transloco }}</th>
              <td mat-cell *matCellDef="let t" [attr.data-label]="'purchasing.fields.request' | transloco">
                @if (t.low && t.purchaseRequestId) {
                  <a routerLink="../requests" data-testid="alert-request">{{ 'purchasing.lowStock.requestRaised' | transloco }}</a>
                } @else {
                  —
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
        <mat-paginator
          [length]="thresholds.value().total"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .kg-section-head {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
      justify-content: space-between;
    }
  `,
})
export class LowStockPage {
  private readonly api = inject(PurchasingApi);
  private readonly inventory = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['part', 'warehouse', 'available', 'reorder', 'request'];
  protected readonly canSet = computed(() => this.context.can('warehouse:update'));
  readonly state = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({
    state: this.state() ?? 'low',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly thresholds = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.api.thresholds({ ...params, state: params.state === 'all' ? '' : params.state }),
  });
  protected readonly warehouses = rxResource({ stream: () => this.inventory.warehouses() });
  protected readonly parts = rxResource({ stream: () => this.inventory.parts({ pageSize: 100 }) });

  protected readonly form = new FormGroup({
    warehouseId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    partId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    minimum: new FormControl<number | null>(5, { validators: [Validators.required, Validators.min(0)] }),
    reorderQuantity: new FormControl<number | null>(20, { validators: [Validators.required, Validators.min(1)] }),
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.api
      .setThreshold({
        warehouseId: v.warehouseId,
        partId: v.partId,
        minimum: Number(v.minimum),
        reorderQuantity: Number(v.reorderQuantity),
      })
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.to.filter({ state: 'all' });
          this.thresholds.reload();
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.failure.set(formFailure(error, this.form));
        },
      });
  }
}
