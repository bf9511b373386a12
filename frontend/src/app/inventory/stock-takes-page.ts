import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import { yuan } from './inventory.model';
import { StockTakeApi } from './stock-take.api';
import { STOCK_TAKE_STATUSES, type StockTakeSummary } from './stock-take.model';

/** 盘点: count sessions of the enterprise's warehouses, newest first, and opening a new one. */
@Component({
  selector: 'kg-stock-takes-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
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
    @if (canOpen()) {
      <section class="kg-card" data-testid="stock-take-open">
        <h2><mat-icon aria-hidden="true">inventory</mat-icon>{{ 'stockTake.open.title' | transloco }}</h2>
        <p class="kg-lead">{{ 'stockTake.open.lead' | transloco }}</p>
        <form [formGroup]="form" (ngSubmit)="open()" class="kg-form-grid">
          <mat-form-field>
            <mat-label>{{ 'stockTake.fields.warehouse' | transloco }}</mat-label>
            <mat-select formControlName="warehouseId" data-testid="stock-take-warehouse">
              @for (w of warehouses.value()?.items ?? []; track w.id) {
                <mat-option [value]="w.id">{{ w.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="form.controls.warehouseId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'stockTake.fields.category' | transloco }}</mat-label>
            <mat-select formControlName="categoryCode" data-testid="stock-take-category">
              <mat-option [value]="null">{{ 'stockTake.open.allCategories' | transloco }}</mat-option>
              @for (c of categories.value()?.items ?? []; track c.code) {
                <mat-option [value]="c.code">{{ c.code }} · {{ c.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'stockTake.fields.note' | transloco }}</mat-label>
            <input matInput formControlName="note" data-testid="stock-take-note" />
            <kg-field-error [control]="form.controls.note" />
          </mat-form-field>
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="stock-take-open-submit">{{ 'stockTake.open.submit' | transloco }}</button>
          </div>
        </form>
        @if (failure(); as f) {
          <kg-state-panel tone="error" icon="error" [title]="'stockTake.refused' | transloco" [message]="f.message ?? ''" data-testid="stock-take-open-refused" />
        }
      </section>
    }

    <section class="kg-card">
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'stockTake.fields.status' | transloco }}</mat-label>
          <mat-select [value]="status()" (valueChange)="status.set($event); page.set(1)" data-testid="stock-take-filter-status">
            <mat-option value="all">{{ 'stockTake.list.allStatuses' | transloco }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ 'stockTake.statuses.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (sessions.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="sessions.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!sessions.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (items().length === 0) {
        <kg-state-panel icon="fact_check" [title]="'stockTake.list.none' | transloco" [message]="'stockTake.list.noneHint' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="items()" class="kg-stack-table" data-testid="stock-takes">
            <ng-container matColumnDef="warehouse">
              <th mat-header-cell *matHeaderCellDef>{{ 'stockTake.fields.warehouse' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'stockTake.fields.warehouse' | transloco">
                {{ s.warehouseName }}@if (s.categoryCode) {<span class="kg-mono"> · {{ s.categoryCode }}</span>}
              </td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'stockTake.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'stockTake.fields.status' | transloco">
                <span class="kg-chip" [class.warn]="s.status === 'submitted'" [attr.data-testid]="'stock-take-status-' + s.id">{{ 'stockTake.statuses.' + s.status | transloco }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="progress">
              <th mat-header-cell *matHeaderCellDef>{{ 'stockTake.fields.progress' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'stockTake.fields.progress' | transloco">{{ s.countedCount }} / {{ s.lineCount }}</td>
            </ng-container>
            <ng-container matColumnDef="net">
              <th mat-header-cell *matHeaderCellDef>{{ 'stockTake.fields.netValue' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'stockTake.fields.netValue' | transloco" class="kg-num">{{ yuan(s.totals.netValueFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="created">
              <th mat-header-cell *matHeaderCellDef>{{ 'stockTake.fields.openedAt' | transloco }}</th>
              <td mat-cell *matCellDef="let s" [attr.data-label]="'stockTake.fields.openedAt' | transloco">{{ s.createdAt.slice(0, 16).replace('T', ' ') }}</td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let s">
                <button mat-stroked-button (click)="show(s)" [attr.data-testid]="'stock-take-show-' + s.id">{{ 'stockTake.list.show' | transloco }}</button>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
        <mat-paginator [length]="sessions.value().total" [pageIndex]="page() - 1" [pageSize]="pageSize()" [pageSizeOptions]="pageSizes" (page)="paged($event)" />
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .kg-form-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 0 16px;
      align-items: start;
    }
    .kg-num {
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class StockTakesPage {
  private readonly api = inject(StockTakeApi);
  private readonly inventory = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  private readonly router = inject(Router);
  protected readonly statuses = STOCK_TAKE_STATUSES;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['warehouse', 'status', 'progress', 'net', 'created', 'actions'];
  protected readonly yuan = yuan;
  protected readonly status = signal('all');
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly sessions = rxResource({
    params: () => ({ status: this.status() === 'all' ? null : this.status(), page: this.page(), pageSize: this.pageSize() }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly items = computed(() => (this.sessions.hasValue() ? this.sessions.value().items : []));
  protected readonly warehouses = rxResource({ stream: () => this.inventory.warehouses() });
  protected readonly categories = rxResource({ stream: () => this.inventory.categories() });
  protected readonly canOpen = computed(() => this.context.can('stock-move:stock-take'));
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly form = new FormGroup({
    warehouseId: new FormControl<string | null>(null, Validators.required),
    categoryCode: new FormControl<string | null>(null),
    note: new FormControl('', { nonNullable: true, validators: Validators.maxLength(500) }),
  });

  protected paged(e: PageEvent): void {
    this.page.set(e.pageIndex + 1);
    this.pageSize.set(e.pageSize);
  }

  protected show(s: StockTakeSummary): void {
    void this.router.navigate(['/inventory/stock-takes', s.id]);
  }

  protected open(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.api.open({ warehouseId: v.warehouseId!, categoryCode: v.categoryCode, note: v.note }).subscribe({
      next: (session) => {
        this.busy.set(false);
        void this.router.navigate(['/inventory/stock-takes', session.id]);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, this.form));
      },
    });
  }
}
