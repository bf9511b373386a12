import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { ActiveContext } from '../core/context/active-context';
import { InventoryApi } from '../inventory/inventory.api';
import { fenOf, yuan } from '../inventory/inventory.model';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { PurchasingApi } from './purchasing.api';
import { BUILT_IN_ROLE_KEYS, REQUEST_STATUSES, type PurchaseRequest } from './purchasing.model';

const price = (required = true) => [...(required ? [Validators.required] : []), Validators.pattern(/^\d{1,9}(\.\d{1,2})?$/)];

/** 采购申请: my approvals inbox (only the steps I may take) or every request; raise one; decide or order one. */
@Component({
  selector: 'kg-requests-page',
  imports: [
    ReactiveFormsModule,
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
    <section class="kg-card">
      <div class="kg-section-head">
        <h2><mat-icon aria-hidden="true">fact_check</mat-icon>{{ 'purchasing.requests.title' | transloco }}</h2>
        <mat-button-toggle-group
          [value]="query().view"
          (change)="to.filter({ view: $event.value })"
          [attr.aria-label]="'purchasing.requests.title' | transloco"
        >
          <mat-button-toggle value="mine" data-testid="view-mine">{{ 'purchasing.requests.mine' | transloco }}</mat-button-toggle>
          <mat-button-toggle value="all" data-testid="view-all">{{ 'purchasing.requests.all' | transloco }}</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      @if (query().view === 'all') {
        <mat-form-field class="kg-filter">
          <mat-label>{{ 'purchasing.fields.status' | transloco }}</mat-label>
          <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })" data-testid="filter-status">
            <mat-option value="">{{ 'purchasing.requests.anyStatus' | transloco }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ 'purchasing.statuses.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      @if (requests.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="requests.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!requests.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (requests.value().total === 0) {
        <kg-state-panel
          icon="task_alt"
          [title]="(query().view === 'mine' ? 'purchasing.requests.noneMine' : 'purchasing.requests.none') | transloco"
        />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="requests.value().items" class="kg-stack-table" data-testid="requests">
            <ng-container matColumnDef="lines">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.lines' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'purchasing.fields.lines' | transloco">
                @for (l of r.lines; track l.partId + l.warehouseId) {
                  <div>
                    <span class="kg-mono">{{ l.partCode }}</span> {{ l.partName }} × {{ l.quantity }} · {{ l.warehouseName }}
                  </div>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="source">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.source' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'purchasing.fields.source' | transloco">
                {{ 'purchasing.sources.' + r.source.kind | transloco }}
              </td>
            </ng-container>
            <ng-container matColumnDef="total">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.total' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'purchasing.fields.total' | transloco">{{ yuan(r.totalFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'purchasing.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let r" [attr.data-label]="'purchasing.fields.status' | transloco">
                <span class="kg-chip" [class.warn]="r.status === 'pending'" [attr.data-testid]="'request-status-' + r.id">
                  {{ 'purchasing.statuses.' + r.status | transloco }}
                  @if (r.openLevel) {
                    · {{ 'purchasing.requests.levelOf' | transloco: { level: r.openLevel, of: r.levels.length } }}
                  }
                </span>
              </td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let r">
                <button mat-stroked-button (click)="open(r)" data-testid="request-open">
                  {{ (r.yourStep ? 'purchasing.requests.decide' : 'purchasing.requests.view') | transloco }}
                </button>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
        <mat-paginator
          [length]="requests.value().total"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      }
    </section>

    @if (selected(); as r) {
      <section class="kg-card" data-testid="request-detail">
        <h2><mat-icon aria-hidden="true">receipt_long</mat-icon>{{ 'purchasing.requests.detail' | transloco }}</h2>
        <p>{{ r.reason }}</p>
        <ol class="kg-levels" data-testid="request-levels">
          @for (l of r.levels; track l.level) {
            <li>
              {{ 'purchasing.requests.level' | transloco: { level: l.level } }} ·
              @for (role of l.roles; track role; let last = $last) {
                {{ builtIn.includes(role) ? ('purchasing.roles.' + role | transloco) : role }}
                @if (!last) {
                  /
                }
              }
              ·
              {{ (l.approvedAt ? 'purchasing.requests.approved' : 'purchasing.requests.waiting') | transloco }}
            </li>
          }
        </ol>
        @if (r.rejection) {
          <p class="kg-lead">{{ 'purchasing.requests.rejectedBecause' | transloco: { reason: r.rejection.reason } }}</p>
        }
        @if (r.yourStep) {
          <div class="kg-actions">
            <button mat-flat-button [disabled]="busy()" (click)="approve(r)" data-testid="request-approve">
              {{ 'purchasing.requests.approveLevel' | transloco: { level: r.yourStep } }}
            </button>
            <mat-form-field>
              <mat-label>{{ 'purchasing.fields.reason' | transloco }}</mat-label>
              <input matInput [formControl]="rejectReason" data-testid="reject-reason" />
            </mat-form-field>
            <button mat-stroked-button [disabled]="busy() || !rejectReason.value.trim()" (click)="reject(r)" data-testid="request-reject">
              {{ 'purchasing.requests.reject' | transloco }}
            </button>
          </div>
        }
        @if (r.status === 'approved' && canOrder()) {
          <form [formGroup]="order" (ngSubmit)="place(r)" class="kg-form-grid" data-testid="order-form">
            <mat-form-field>
              <mat-label>{{ 'purchasing.fields.supplier' | transloco }}</mat-label>
              <input matInput formControlName="supplier" data-testid="order-supplier" />
              <kg-field-error [control]="order.controls.supplier" />
            </mat-form-field>
            @for (l of r.lines; track l.partId + l.warehouseId; let i = $index) {
              <mat-form-field>
                <mat-label>{{ 'purchasing.requests.unitPriceOf' | transloco: { part: l.partName, quantity: l.quantity } }}</mat-label>
                <input matInput inputmode="decimal" [formControl]="order.controls.prices.at(i)" [attr.data-testid]="'order-price-' + i" />
                <span matTextPrefix>¥&nbsp;</span>
                <kg-field-error [control]="order.controls.prices.at(i)" />
              </mat-form-field>
            }
            <div class="kg-actions">
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="order-submit">
                {{ 'purchasing.requests.placeOrder' | transloco }}
              </button>
            </div>
          </form>
        }
        @if (failure(); as f) {
          <kg-state-panel
            tone="error"
            icon="error"
            [title]="'purchasing.refused' | transloco"
            [message]="f.message ?? ''"
            data-testid="request-refused"
          />
        }
      </section>
    }

    @if (canRaise()) {
      <section class="kg-card" data-testid="raise-form">
        <h2><mat-icon aria-hidden="true">add_shopping_cart</mat-icon>{{ 'purchasing.requests.raise' | transloco }}</h2>
        <form [formGroup]="raise" (ngSubmit)="submitRaise()" class="kg-form-grid">
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.warehouse' | transloco }}</mat-label>
            <mat-select formControlName="warehouseId" data-testid="raise-warehouse">
              @for (w of warehouses.value()?.items ?? []; track w.id) {
                <mat-option [value]="w.id">{{ w.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="raise.controls.warehouseId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.part' | transloco }}</mat-label>
            <mat-select formControlName="partId" data-testid="raise-part">
              @for (p of parts.value()?.items ?? []; track p.id) {
                <mat-option [value]="p.id">{{ p.code }} · {{ p.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="raise.controls.partId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.quantity' | transloco }}</mat-label>
            <input matInput type="number" min="1" formControlName="quantity" data-testid="raise-quantity" />
            <kg-field-error [control]="raise.controls.quantity" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.estimatedUnit' | transloco }}</mat-label>
            <input matInput inputmode="decimal" formControlName="price" data-testid="raise-price" />
            <span matTextPrefix>¥&nbsp;</span>
            <kg-field-error [control]="raise.controls.price" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'purchasing.fields.reason' | transloco }}</mat-label>
            <input matInput formControlName="reason" data-testid="raise-reason" />
            <kg-field-error [control]="raise.controls.reason" />
          </mat-form-field>
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="raise-submit">
              {{ 'purchasing.requests.raiseSubmit' | transloco }}
            </button>
          </div>
        </form>
        @if (raiseFailure(); as f) {
          <kg-state-panel
            tone="error"
            icon="error"
            [title]="'purchasing.refused' | transloco"
            [message]="f.message ?? ''"
            data-testid="raise-refused"
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
    .kg-section-head {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
      justify-content: space-between;
    }
    .kg-filter {
      min-width: 200px;
    }
    .kg-levels {
      padding-inline-start: 20px;
    }
  `,
})
export class RequestsPage {
  private readonly api = inject(PurchasingApi);
  private readonly inventory = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly statuses = REQUEST_STATUSES;
  protected readonly yuan = yuan;
  protected readonly builtIn = BUILT_IN_ROLE_KEYS;
  protected readonly columns = ['lines', 'source', 'total', 'status', 'actions'];
  protected readonly canOrder = computed(() => this.context.can('purchase-order:create'));
  protected readonly canRaise = computed(() => this.context.can('purchase-request:create'));
  readonly view = input<string>();
  readonly status = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({
    view: this.view() === 'all' ? 'all' : 'mine',
    status: this.status() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly requests = rxResource({
    params: () => this.query(),
    stream: ({ params }) =>
      this.api.requests({
        mine: params.view === 'mine' ? 'true' : '',
        status: params.view === 'all' ? params.status : '',
        page: params.page,
        pageSize: params.pageSize,
      }),
  });
  protected readonly warehouses = rxResource({ stream: () => this.inventory.warehouses() });
  protected readonly parts = rxResource({ stream: () => this.inventory.parts({ pageSize: 100 }) });
  protected readonly selected = signal<PurchaseRequest | null>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly raiseFailure = signal<FormFailure | null>(null);
  protected readonly rejectReason = new FormControl('', { nonNullable: true });
  protected readonly order = new FormGroup({
    supplier: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    prices: new FormArray<FormControl<string>>([]),
  });
  protected readonly raise = new FormGroup({
    warehouseId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    partId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required, Validators.min(1)] }),
    price: new FormControl('', { nonNullable: true, validators: price() }),
    reason: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected open(r: PurchaseRequest): void {
    this.selected.set(r);
    this.failure.set(null);
    this.rejectReason.setValue('');
    this.order.controls.prices.clear();
    for (const l of r.lines)
      this.order.controls.prices.push(
        new FormControl(yuan(l.estimatedUnitFen).replace(/[¥,]/g, ''), { nonNullable: true, validators: price() }),
      );
  }

  private act(request: Observable<PurchaseRequest | unknown>, form: FormGroup | null, after: (value: unknown) => void): void {
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({
      next: (value) => {
        this.busy.set(false);
        after(value);
        this.requests.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, form));
      },
    });
  }

  protected approve(r: PurchaseRequest): void {
    this.act(this.api.approve(r.id, r.yourStep ?? 0), null, (v) => this.selected.set(v as PurchaseRequest));
  }

  protected reject(r: PurchaseRequest): void {
    this.act(this.api.reject(r.id, this.rejectReason.value.trim()), null, (v) => this.selected.set(v as PurchaseRequest));
  }

  protected place(r: PurchaseRequest): void {
    const prices = this.order.controls.prices.controls.map((c) => fenOf(c.value));
    if (this.order.invalid || prices.some((p) => p === null)) {
      this.order.markAllAsTouched();
      return;
    }
    const lines = r.lines.map((l, i) => ({ partId: l.partId, warehouseId: l.warehouseId, quantity: l.quantity, unitPriceFen: prices[i]! }));
    this.act(this.api.place({ purchaseRequestId: r.id, supplier: this.order.controls.supplier.value, lines }), this.order, () =>
      this.selected.set(null),
    );
  }

  protected submitRaise(): void {
    const estimatedUnitFen = fenOf(this.raise.controls.price.value);
    if (this.raise.invalid || estimatedUnitFen === null) {
      this.raise.markAllAsTouched();
      return;
    }
    const v = this.raise.getRawValue();
    this.busy.set(true);
    this.raiseFailure.set(null);
    this.api
      .raise({
        lines: [{ partId: v.partId, warehouseId: v.warehouseId, quantity: Number(v.quantity), estimatedUnitFen }],
        reason: v.reason,
      })
      .subscribe({
        next: (r) => {
          this.busy.set(false);
          this.raise.reset({ warehouseId: '', partId: '', quantity: 1, price: '', reason: '' });
          this.to.filter({ view: 'all', status: null });
          this.requests.reload();
          this.open(r);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.raiseFailure.set(formFailure(error, this.raise, { 'lines.0.quantity': 'quantity', 'lines.0.estimatedUnitFen': 'price' }));
        },
      });
  }
}
