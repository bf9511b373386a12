import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatDialog } from '@angular/material/dialog';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { ActiveContext } from '../../core/context/active-context';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { PAGE_SIZES, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { openExportDialog } from '../../exports/export-dialog';
import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES, KNOWN_CODES, PRIORITY_CODES, catalogueLabels } from '../catalogue';
import { activeChips, dayOf, isoDay, queryFromParams, sortParam, sortState, statusGroupOf, type ChipFilter } from '../work-order-filters';
import { WORK_ORDER_STATUSES } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';
import { SlaBadge } from '../ui/sla-badge';
import { PriorityChip, WorkOrderStatusChip } from '../ui/work-order-status';

/** 工单列表: every order the caller may see, filtered and paged on the server; also the provider queue. */
@Component({
  selector: 'kg-work-order-list-page',
  imports: [
    MatButtonModule,
    MatChipsModule,
    MatDatepickerModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    SlaBadge,
    PriorityChip,
    WorkOrderStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ (query().queue === 'provider' ? 'workOrders.providerQueue.title' : 'workOrders.list.title') | transloco }}</h1>
          <p class="kg-lead">{{ (query().queue === 'provider' ? 'workOrders.providerQueue.lead' : 'workOrders.list.lead') | transloco }}</p>
        </div>
        <div class="head-actions">
          @if (canExport()) {
            <button mat-stroked-button type="button" (click)="exportList()" data-testid="export-list"><mat-icon>download</mat-icon>{{ 'exports.button' | transloco }}</button>
          }
          @if (canCreate() && query().queue !== 'provider') {
            <a mat-flat-button routerLink="/work-orders/new" data-testid="new-request"
              ><mat-icon>add</mat-icon>{{ 'workOrders.new.title' | transloco }}</a
            >
          }
        </div>
      </header>
      <section class="kg-card">
        <div class="kg-filters" data-testid="filters">
          <mat-form-field class="search">
            <mat-label>{{ 'workOrders.list.search' | transloco }}</mat-label>
            <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" data-testid="filter-q" />
            <mat-icon matSuffix>search</mat-icon>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'workOrders.fields.status' | transloco }}</mat-label>
            <mat-select
              multiple
              [value]="statusValue()"
              (valueChange)="to.filter({ status: $event.join(',') })"
              data-testid="filter-status"
            >
              @for (s of statuses; track s) {
                <mat-option [value]="s">{{ 'workOrders.statuses.' + s | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button
            mat-button
            type="button"
            class="more-toggle"
            (click)="moreFilters.set(!moreFilters())"
            [attr.aria-expanded]="moreFilters()"
          >
            <mat-icon>{{ moreFilters() ? 'expand_less' : 'tune' }}</mat-icon>{{
              'workOrders.list.moreFilters' | transloco: { count: activeFilters() }
            }}
          </button>
          <div class="more" [class.open]="moreFilters()">
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.priority' | transloco }}</mat-label>
              <mat-select [value]="query().priority" (valueChange)="to.filter({ priority: $event })">
                <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
                @for (p of priorities; track p) {
                  <mat-option [value]="p">{{ label.priority(p) }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.deviceType' | transloco }}</mat-label>
              <mat-select [value]="query().deviceType" (valueChange)="to.filter({ deviceType: $event })">
                <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
                @for (t of deviceTypes; track t) {
                  <mat-option [value]="t">{{ label.deviceType(t) }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.faultType' | transloco }}</mat-label>
              <mat-select [value]="query().faultType" (valueChange)="to.filter({ faultType: $event })">
                <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
                @for (t of faultTypes; track t) {
                  <mat-option [value]="t">{{ label.faultType(t) }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.region' | transloco }}</mat-label>
              <input
                matInput
                #region
                [value]="query().region"
                inputmode="numeric"
                [placeholder]="'workOrders.list.regionHint' | transloco"
                (change)="to.filter({ region: region.value.trim() })"
              />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.from' | transloco }}</mat-label>
              <input
                matInput
                [matDatepicker]="fromPicker"
                [value]="day(query().from)"
                (dateChange)="to.filter({ from: isoDay($event.value) })"
              />
              <mat-datepicker-toggle matIconSuffix [for]="fromPicker" />
              <mat-datepicker #fromPicker />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.fields.to' | transloco }}</mat-label>
              <input matInput [matDatepicker]="toPicker" [value]="day(query().to)" (dateChange)="to.filter({ to: isoDay($event.value) })" />
              <mat-datepicker-toggle matIconSuffix [for]="toPicker" />
              <mat-datepicker #toPicker />
            </mat-form-field>
          </div>
        </div>
        @if (chips().length) {
          <div class="chips" data-testid="filter-chips">
            <mat-chip-set [attr.aria-label]="'opsBoard.chips.label' | transloco">
              @for (c of chips(); track c.key) {
                <mat-chip (removed)="removeChip(c.key)" [attr.data-testid]="'chip-' + c.key">
                  <span class="chip-name">{{ 'opsBoard.chips.' + c.key | transloco }}</span> {{ c.text }}
                  <button matChipRemove [attr.aria-label]="'opsBoard.chips.remove' | transloco: { name: c.text }">
                    <mat-icon>cancel</mat-icon>
                  </button>
                </mat-chip>
              }
            </mat-chip-set>
            @if (chips().length > 1) {
              <button mat-button type="button" (click)="clearChips()" data-testid="chips-clear">{{ 'opsBoard.chips.clear' | transloco }}</button>
            }
          </div>
        }
        @if (list.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'workOrders.list.loading' | transloco" />
        } @else if (rows().length === 0) {
          <kg-state-panel
            icon="assignment"
            [title]="'workOrders.list.none' | transloco"
            [message]="'workOrders.list.noneHint' | transloco"
          />
        } @else {
          <div class="kg-table-scroll">
            <table
              mat-table
              matSort
              [matSortActive]="sort().active"
              [matSortDirection]="sort().direction"
              (matSortChange)="resort($event)"
              [dataSource]="rows()"
              class="kg-stack-table"
              data-testid="work-orders"
            >
              <ng-container matColumnDef="number">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'workOrders.fields.number' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.number' | transloco">
                  <a [routerLink]="['/work-orders', o._id]" class="kg-mono">{{ o.number }}</a>
                </td>
              </ng-container>
              <ng-container matColumnDef="device">
                <th mat-header-cell *matHeaderCellDef>{{ 'workOrders.fields.device' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.device' | transloco">
                  <div>{{ o.deviceName }}</div>
                  <div class="sub">{{ o.deviceTypeText }}</div>
                </td>
              </ng-container>
              <ng-container matColumnDef="fault">
                <th mat-header-cell *matHeaderCellDef>{{ 'workOrders.fields.fault' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.fault' | transloco" class="fault">
                  <div>{{ o.faultTypeText }}</div>
                  <div class="sub">{{ o.faultSummary }}</div>
                </td>
              </ng-container>
              <ng-container matColumnDef="priority">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'workOrders.fields.priority' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.priority' | transloco">
                  <kg-wo-priority [priority]="o.priority" [label]="o.priorityText" />
                </td>
              </ng-container>
              <ng-container matColumnDef="status">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'workOrders.fields.status' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.status' | transloco">
                  <kg-wo-status [status]="o.status" [paused]="o.paused" />
                </td>
              </ng-container>
              <ng-container matColumnDef="sla">
                <th mat-header-cell *matHeaderCellDef>{{ 'workOrders.fields.sla' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.sla' | transloco">
                  <kg-sla-badge [workOrderId]="o._id" [status]="o.status" />
                </td>
              </ng-container>
              <ng-container matColumnDef="submittedAt">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'workOrders.fields.submittedAt' | transloco }}</th>
                <td mat-cell *matCellDef="let o" [attr.data-label]="'workOrders.fields.submittedAt' | transloco">{{ o.submittedText }}</td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns"></tr>
            </table>
          </div>
        }
        @if (capped()) {
          <p class="capped-hint" role="note" data-testid="work-orders-total-capped">{{ 'workOrders.list.totalCapped' | transloco: { cap: totalText() } }}</p>
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
  styles: `
    .capped-hint {
      margin: 8px 16px 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .head-actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .sub {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    td.fault {
      max-width: 32ch;
    }
    td.fault .sub {
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    th.mat-mdc-header-cell,
    .kg-mono {
      white-space: nowrap;
    }
    .search {
      flex-basis: 260px;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 0 0 12px;
    }
    .chip-name {
      color: var(--mat-sys-on-surface-variant);
    }
    /* The secondary filters join the row on wide screens; on a phone they fold behind one button. */
    .more {
      display: contents;
    }
    .more-toggle {
      display: none;
    }
    @media (max-width: 599.98px) {
      .more-toggle {
        display: inline-flex;
        margin: -8px 0 8px;
      }
      .more:not(.open) {
        display: none;
      }
      .more.open {
        display: flex;
        flex-direction: column;
        width: 100%;
      }
    }
  `,
})
export class WorkOrderListPage {
  private readonly api = inject(WorkOrdersApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly statuses = WORK_ORDER_STATUSES;
  protected readonly priorities = PRIORITY_CODES;
  protected readonly deviceTypes = DEVICE_TYPE_CODES;
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected readonly columns = ['number', 'device', 'fault', 'priority', 'status', 'sla', 'submittedAt'];
  protected readonly canCreate = computed(() => this.context.can('work-order:create'));
  protected readonly canExport = computed(() => this.context.can('work-order:export'));
  private readonly dialog = inject(MatDialog);
  protected readonly label = catalogueLabels();

  readonly status = input<string>();
  readonly priority = input<string>();
  readonly deviceType = input<string>();
  readonly faultType = input<string>();
  readonly region = input<string>();
  readonly from = input<string>();
  readonly to_ = input<string>(undefined, { alias: 'to' });
  readonly q = input<string>();
  readonly deviceId = input<string>();
  // The drill-through filters of the dashboards and the operations board.
  readonly providerId = input<string>();
  readonly assigneeId = input<string>();
  readonly requesterId = input<string>();
  readonly manufacturerId = input<string>();
  readonly sla = input<string>();
  readonly reopened = input<string>();
  readonly rated = input<string>();
  readonly completedFrom = input<string>();
  readonly completedTo = input<string>();
  /** From the address, or fixed by the route (the provider queue). */
  readonly queue = input<string>();
  readonly sortBy = input<string>(undefined, { alias: 'sort' });
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() =>
    queryFromParams(
      {
        status: this.status(),
        priority: this.priority(),
        deviceType: this.deviceType(),
        faultType: this.faultType(),
        region: this.region(),
        from: this.from(),
        to: this.to_(),
        q: this.q(),
        deviceId: this.deviceId(),
        providerId: this.providerId(),
        assigneeId: this.assigneeId(),
        requesterId: this.requesterId(),
        manufacturerId: this.manufacturerId(),
        sla: this.sla(),
        reopened: this.reopened(),
        rated: this.rated(),
        completedFrom: this.completedFrom(),
        completedTo: this.completedTo(),
        queue: this.queue(),
        sort: this.sortBy(),
        page: this.page(),
        pageSize: this.pageSize(),
      },
      KNOWN_CODES,
    ),
  );
  protected readonly day = dayOf;
  protected readonly isoDay = isoDay;
  protected readonly moreFilters = signal(false);
  protected readonly activeFilters = computed(() => {
    const q = this.query();
    return [q.priority, q.deviceType, q.faultType, q.region, q.from, q.to].filter(Boolean).length;
  });
  protected readonly statusValue = computed(() => (this.query().status ? this.query().status.split(',') : []));
  protected readonly sort = computed(() => sortState(this.query().sort));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.list(params) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  /** The server counted only up to its cap: the total is a lower bound. */
  protected readonly capped = computed(() => this.list.hasValue() && this.list.value().totalExact === false);
  // Both languages group digits with commas (10,000).
  protected readonly totalText = computed(() => this.total().toLocaleString('en'));
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.list.hasValue() ? this.list.value().items : []).map((o) => ({
      ...o,
      deviceTypeText: this.label.deviceType(o.deviceType),
      faultTypeText: this.label.faultType(o.faultType),
      priorityText: this.label.priority(o.priority),
      submittedText: formatDateTime(o.submittedAt, language),
    }));
  });

  /** Every filter in the address as a chip with a readable value: names of parties, labels of codes. */
  protected readonly chips = computed(() => {
    this.locale.language();
    const parties = this.list.hasValue() ? (this.list.value().parties ?? {}) : {};
    const text = (key: ChipFilter, value: string): string => {
      switch (key) {
        case 'status': {
          const group = statusGroupOf(value);
          if (group) return this.transloco.translate(`opsBoard.chips.groups.${group}`);
          return value
            .split(',')
            .map((s) => this.transloco.translate(`workOrders.statuses.${s}`))
            .join('、');
        }
        case 'priority':
          return this.label.priority(value);
        case 'deviceType':
          return this.label.deviceType(value);
        case 'faultType':
          return this.label.faultType(value);
        case 'providerId':
        case 'assigneeId':
        case 'requesterId':
        case 'manufacturerId':
          return parties[value] ?? value;
        case 'sla':
        case 'reopened':
        case 'rated':
          return this.transloco.translate(`opsBoard.chips.values.${key}.${value}`);
        default:
          return value;
      }
    };
    return activeChips(this.query()).map((c) => ({ key: c.key, text: text(c.key, c.value) }));
  });

  protected removeChip(key: ChipFilter): void {
    this.to.filter({ [key]: null });
  }

  protected clearChips(): void {
    this.to.filter(Object.fromEntries(activeChips(this.query()).map((c) => [c.key, null])));
  }

  /** Exports every page of the list as filtered now (the server applies the same filters and scope). */
  protected exportList(): void {
    const { page: _page, pageSize: _pageSize, ...filters } = this.query();
    const params = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    openExportDialog(this.dialog, { kind: 'work-orders', params });
  }

  protected resort(sort: Sort): void {
    this.to.filter({ sort: sortParam(sort) });
  }
}
