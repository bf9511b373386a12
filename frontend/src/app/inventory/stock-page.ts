import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import { fenOf, MOVEMENT_KINDS, STOCK_STATES, yuan, type MovementKind } from './inventory.model';

const SORTABLE: Readonly<Record<string, string>> = { part: 'partCode', available: 'available', value: 'valueFen' };

/** 库存: stock levels per part × warehouse (filtered, sorted and paged on the server) and the movement forms. */
@Component({
  selector: 'kg-stock-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canMove()) {
      <section class="kg-card" data-testid="movement-form">
        <h2><mat-icon aria-hidden="true">swap_horiz</mat-icon>{{ 'inventory.move.title' | transloco }}</h2>
        <form [formGroup]="form" (ngSubmit)="submit()" class="kg-form-grid">
          <mat-form-field>
            <mat-label>{{ 'inventory.move.kind' | transloco }}</mat-label>
            <mat-select formControlName="kind" data-testid="move-kind">
              @for (k of kinds; track k) {
                <mat-option [value]="k">{{ 'inventory.move.kinds.' + k | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.warehouse' | transloco }}</mat-label>
            <mat-select formControlName="warehouseId" data-testid="move-warehouse">
              @for (w of warehouses.value()?.items ?? []; track w.id) {
                <mat-option [value]="w.id">{{ w.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="form.controls.warehouseId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.part' | transloco }}</mat-label>
            <mat-select formControlName="partId" data-testid="move-part">
              @for (p of parts.value()?.items ?? []; track p.id) {
                <mat-option [value]="p.id">{{ p.code }} · {{ p.name }}</mat-option>
              }
            </mat-select>
            <kg-field-error [control]="form.controls.partId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ (kind() === 'adjust' ? 'inventory.fields.delta' : 'inventory.fields.quantity') | transloco }}</mat-label>
            <input matInput type="number" formControlName="quantity" data-testid="move-quantity" />
            <kg-field-error [control]="form.controls.quantity" />
          </mat-form-field>
          @if (kind() === 'receive') {
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.unitCost' | transloco }}</mat-label>
              <input matInput inputmode="decimal" formControlName="unitCost" data-testid="move-cost" />
              <span matTextPrefix>¥&nbsp;</span>
              <kg-field-error [control]="form.controls.unitCost" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.supplier' | transloco }}</mat-label>
              <input matInput formControlName="supplier" />
            </mat-form-field>
          }
          @if (kind() === 'issue') {
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.recipientKind' | transloco }}</mat-label>
              <mat-select formControlName="recipientKind">
                <mat-option value="engineer">{{ 'inventory.recipients.engineer' | transloco }}</mat-option>
                <mat-option value="work-order">{{ 'inventory.recipients.work-order' | transloco }}</mat-option>
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ (form.controls.recipientKind.value === 'engineer' ? 'inventory.fields.engineerId' : 'inventory.fields.workOrderId') | transloco }}</mat-label>
              <input matInput formControlName="recipientId" data-testid="move-recipient" />
              <kg-field-error [control]="form.controls.recipientId" />
            </mat-form-field>
          }
          @if (kind() === 'transfer') {
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.toWarehouse' | transloco }}</mat-label>
              <mat-select formControlName="toWarehouseId" data-testid="move-to">
                @for (w of warehouses.value()?.items ?? []; track w.id) {
                  <mat-option [value]="w.id">{{ w.name }}</mat-option>
                }
              </mat-select>
              <kg-field-error [control]="form.controls.toWarehouseId" />
            </mat-form-field>
          }
          @if (kind() === 'adjust' || kind() === 'return' || kind() === 'issue') {
            <mat-form-field>
              <mat-label>{{ (kind() === 'issue' ? 'inventory.fields.note' : 'inventory.fields.reason') | transloco }}</mat-label>
              <input matInput formControlName="reason" data-testid="move-reason" />
              <kg-field-error [control]="form.controls.reason" />
            </mat-form-field>
          }
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="move-submit">{{ 'inventory.move.submit' | transloco }}</button>
          </div>
        </form>
        @if (failure(); as f) {
          <kg-state-panel tone="error" icon="error" [title]="'inventory.move.refused' | transloco" [message]="f.message ?? ''" data-testid="move-refused" />
        }
        @if (done()) {
          <p role="status" class="kg-ok" data-testid="move-done">{{ 'inventory.move.done' | transloco }}</p>
        }
      </section>
    }

    <section class="kg-card">
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'inventory.fields.warehouse' | transloco }}</mat-label>
          <mat-select [value]="query().warehouseId" (valueChange)="to.filter({ warehouseId: $event })" data-testid="filter-warehouse">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (w of warehouses.value()?.items ?? []; track w.id) {
              <mat-option [value]="w.id">{{ w.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'inventory.fields.category' | transloco }}</mat-label>
          <mat-select [value]="query().category" (valueChange)="to.filter({ category: $event })">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (c of categories.value()?.items ?? []; track c.id) {
              <mat-option [value]="c.code">{{ indent(c.depth) }}{{ c.code }} · {{ c.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'inventory.fields.state' | transloco }}</mat-label>
          <mat-select [value]="query().state" (valueChange)="to.filter({ state: $event })" data-testid="filter-state">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (s of states; track s) {
              <mat-option [value]="s">{{ 'inventory.states.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'common.search' | transloco }}</mat-label>
          <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" [placeholder]="'inventory.stock.searchHint' | transloco" />
          <mat-icon matSuffix>search</mat-icon>
        </mat-form-field>
      </div>
      @if (levels.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="levels.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!levels.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (levels.value().items.length === 0) {
        <kg-state-panel icon="inventory_2" [title]="(filtered() ? 'inventory.stock.noneMatching' : 'inventory.stock.none') | transloco" [message]="filtered() ? '' : ('inventory.stock.noneHint' | transloco)" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="levels.value().items" class="kg-stack-table" matSort [matSortActive]="sortActive()" [matSortDirection]="sortDirection()" (matSortChange)="to.filter({ sort: sortOf($event) })" data-testid="stock-levels">
            <ng-container matColumnDef="part">
              <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'inventory.fields.part' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.part' | transloco">
                <span class="kg-mono">{{ l.partCode }}</span> {{ l.partName }}
              </td>
            </ng-container>
            <ng-container matColumnDef="warehouse">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.warehouse' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.warehouse' | transloco">{{ l.warehouseName }}</td>
            </ng-container>
            <ng-container matColumnDef="onHand">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.onHand' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.onHand' | transloco" data-testid="on-hand">{{ l.onHand }} {{ 'inventory.units.' + l.unit | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="reserved">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.reserved' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.reserved' | transloco">{{ l.reserved }}</td>
            </ng-container>
            <ng-container matColumnDef="available">
              <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'inventory.fields.available' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.available' | transloco" data-testid="available">
                {{ l.available }}
                @if (l.low) {
                  <span class="kg-chip warn">{{ 'inventory.states.low' | transloco }}</span>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="pending">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.pending' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.pending' | transloco">
                {{ 'inventory.stock.pending' | transloco: { inspection: l.inInspection, transit: l.inTransit } }}
              </td>
            </ng-container>
            <ng-container matColumnDef="value">
              <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'inventory.fields.value' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'inventory.fields.value' | transloco">
                {{ yuan(l.valueFen) }}<div class="sub">{{ 'inventory.stock.average' | transloco: { cost: yuan(l.averageCostFen) } }}</div>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
      <mat-paginator [length]="levels.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .kg-form-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 0 12px;
      align-items: start;
    }
    .kg-ok {
      color: var(--mat-sys-primary);
    }
  `,
})
export class StockPage {
  private readonly api = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly states = STOCK_STATES;
  protected readonly kinds = MOVEMENT_KINDS;
  protected readonly yuan = yuan;
  /** Sub-categories indented by ideographic spaces (U+3000), one per level below the root. */
  protected indent(depth: number): string {
    return '\u3000'.repeat(depth - 1);
  }
  protected readonly columns = ['part', 'warehouse', 'onHand', 'reserved', 'available', 'pending', 'value'];
  protected readonly canMove = computed(() => ['stock-move:receive', 'stock-move:issue', 'stock-move:stock-take'].some((p) => this.context.can(p)));
  readonly warehouseId = input<string>();
  readonly category = input<string>();
  readonly state = input<string>();
  readonly q = input<string>();
  readonly sort = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    warehouseId: this.warehouseId() ?? '',
    category: this.category() ?? '',
    state: this.state() ?? '',
    q: this.q() ?? '',
    sort: this.sort() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly filtered = computed(() => Boolean(this.query().warehouseId || this.query().category || this.query().state || this.query().q));
  protected readonly levels = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.stock(params) });
  protected readonly warehouses = rxResource({ stream: () => this.api.warehouses() });
  protected readonly categories = rxResource({ stream: () => this.api.categories() });
  protected readonly parts = rxResource({ stream: () => this.api.parts({ pageSize: 100 }) });
  protected readonly sortActive = computed(() => Object.entries(SORTABLE).find(([, v]) => v === this.query().sort.replace(/^-/, ''))?.[0] ?? '');
  protected readonly sortDirection = computed(() => (this.query().sort ? (this.query().sort.startsWith('-') ? 'desc' : 'asc') : ''));
  protected sortOf(sort: Sort): string {
    const key = SORTABLE[sort.active];
    return !key || !sort.direction ? '' : sort.direction === 'desc' ? `-${key}` : key;
  }

  protected readonly form = new FormGroup({
    kind: new FormControl<MovementKind>('receive', { nonNullable: true }),
    warehouseId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    partId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required] }),
    unitCost: new FormControl('', { nonNullable: true }),
    supplier: new FormControl('', { nonNullable: true }),
    recipientKind: new FormControl<'engineer' | 'work-order'>('engineer', { nonNullable: true }),
    recipientId: new FormControl('', { nonNullable: true }),
    toWarehouseId: new FormControl('', { nonNullable: true }),
    reason: new FormControl('', { nonNullable: true }),
  });
  protected readonly kind = signal<MovementKind>('receive');
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly done = signal(false);

  constructor() {
    this.form.controls.kind.valueChanges.subscribe((k) => {
      this.kind.set(k);
      this.failure.set(null);
      this.done.set(false);
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const place = { warehouseId: v.warehouseId, partId: v.partId };
    const quantity = Number(v.quantity);
    let request;
    switch (v.kind) {
      case 'receive': {
        const unitCostFen = fenOf(v.unitCost);
        if (unitCostFen === null) {
          this.form.controls.unitCost.setErrors({ server: { field: 'unitCostFen', rule: 'price', message: '' } });
          this.form.controls.unitCost.markAsTouched();
          return;
        }
        request = this.api.receive({ ...place, quantity, unitCostFen, supplier: v.supplier });
        break;
      }
      case 'issue':
        request = this.api.requestIssue({
          ...place,
          quantity,
          note: v.reason,
          recipient: v.recipientKind === 'engineer' ? { kind: 'engineer', engineerId: v.recipientId } : { kind: 'work-order', workOrderId: v.recipientId },
        });
        break;
      case 'transfer':
        request = this.api.transfer({ ...place, quantity, toWarehouseId: v.toWarehouseId });
        break;
      case 'adjust':
        request = this.api.adjust({ ...place, delta: quantity, reason: v.reason });
        break;
      case 'return':
        request = this.api.returnStock({ ...place, quantity, reason: v.reason });
        break;
    }
    this.busy.set(true);
    this.failure.set(null);
    this.done.set(false);
    (request as import('rxjs').Observable<unknown>).subscribe({
      next: () => {
        this.busy.set(false);
        this.done.set(true);
        this.levels.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, this.form, { quantity: 'quantity', delta: 'quantity', unitCostFen: 'unitCost', 'recipient.engineerId': 'recipientId', 'recipient.workOrderId': 'recipientId' }));
      },
    });
  }
}
