import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { base64Of, saveFile } from '../organization/members/member-files';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { warrantyState } from './device-logic';
import { DevicesApi } from './devices.api';
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceImportReport, type DeviceQuery } from './devices.model';

/** Table columns that sort on the server, and the API's sort key for each. */
const SORTABLE: Readonly<Record<string, string>> = { number: 'number', name: 'name', warranty: 'warrantyEndsOn', updatedAt: 'updatedAt' };

/** The sort a table header change asks for, as the API's `sort` ('' = its default, newest first). */
export function sortParam(sort: Sort): string {
  const key = SORTABLE[sort.active];
  if (!key || !sort.direction) return '';
  return sort.direction === 'desc' ? `-${key}` : key;
}

/** 设备台账: the devices in scope, filtered and paged on the server; import, export, reminders. */
@Component({
  selector: 'kg-device-list-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'devices.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'devices.lead' | transloco }}</p>
        </div>
        <div class="kg-actions">
          @if (canCreate()) {
            <a mat-flat-button routerLink="/devices/new" data-testid="register-device"><mat-icon>add</mat-icon>{{ 'devices.register' | transloco }}</a>
            <input
              #file
              type="file"
              hidden
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              (change)="import(file.files?.[0] ?? null); file.value = ''"
            />
            <button mat-stroked-button (click)="file.click()" [disabled]="importing()" data-testid="import-devices">
              <mat-icon>upload</mat-icon>{{ 'devices.import' | transloco }}
            </button>
          }
          <button mat-stroked-button [matMenuTriggerFor]="exportMenu"><mat-icon>download</mat-icon>{{ 'devices.export' | transloco }}</button>
          <mat-menu #exportMenu="matMenu">
            <button mat-menu-item (click)="export('xlsx')">Excel (XLSX)</button>
            <button mat-menu-item (click)="export('csv')">CSV</button>
          </mat-menu>
        </div>
      </header>

      @if (importFailed()) {
        <kg-state-panel tone="error" icon="error" [title]="'devices.importFailed' | transloco" [message]="importFailed()!" />
      }
      @if (report(); as r) {
        <section class="kg-card" role="status" data-testid="import-report">
          <h2>
            <mat-icon aria-hidden="true">fact_check</mat-icon>{{ 'devices.report.title' | transloco: { imported: r.imported, rejected: r.rejected.length } }}
          </h2>
          @if (r.rejected.length) {
            <div class="kg-table-scroll">
              <table mat-table [dataSource]="r.rejected" class="kg-stack-table">
                <ng-container matColumnDef="row">
                  <th mat-header-cell *matHeaderCellDef>{{ 'devices.report.row' | transloco }}</th>
                  <td mat-cell *matCellDef="let x" [attr.data-label]="'devices.report.row' | transloco">{{ x.row }}</td>
                </ng-container>
                <ng-container matColumnDef="field">
                  <th mat-header-cell *matHeaderCellDef>{{ 'devices.report.field' | transloco }}</th>
                  <td mat-cell *matCellDef="let x" [attr.data-label]="'devices.report.field' | transloco">{{ x.field }}</td>
                </ng-container>
                <ng-container matColumnDef="message">
                  <th mat-header-cell *matHeaderCellDef>{{ 'devices.report.message' | transloco }}</th>
                  <td mat-cell *matCellDef="let x" [attr.data-label]="'devices.report.message' | transloco">{{ x.message }}</td>
                </ng-container>
                <tr mat-header-row *matHeaderRowDef="reportColumns"></tr>
                <tr mat-row *matRowDef="let row; columns: reportColumns"></tr>
              </table>
            </div>
          }
          <button mat-button (click)="report.set(null)">{{ 'common.dismiss' | transloco }}</button>
        </section>
      }

      @if (reminders.hasValue() && reminders.value().total > 0) {
        <section class="kg-card reminders" data-testid="warranty-reminders">
          <h2><mat-icon aria-hidden="true">notifications_active</mat-icon>{{ 'devices.reminders.title' | transloco: { count: reminders.value().total } }}</h2>
          <ul>
            @for (d of reminders.value().items; track d.id) {
              <li>
                <a [routerLink]="['/devices', d.id]">{{ d.name }} · {{ d.number }}</a>
                <span class="kg-chip" [class]="'kg-chip ' + (d.warrantyDaysLeft! < 0 ? 'down' : 'warn')">{{
                  (d.warrantyDaysLeft! < 0 ? 'devices.warranty.expiredAgo' : 'devices.warranty.daysLeft')
                    | transloco: { days: abs(d.warrantyDaysLeft!) }
                }}</span>
              </li>
            }
          </ul>
        </section>
      }

      <section class="kg-card">
        <div class="kg-filters">
          <mat-form-field>
            <mat-label>{{ 'devices.fields.type' | transloco }}</mat-label>
            <mat-select [value]="query().type" (valueChange)="to.filter({ type: $event })" data-testid="filter-type">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (t of types; track t) {
                <mat-option [value]="t">{{ 'devices.types.' + t | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.fields.status' | transloco }}</mat-label>
            <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })" data-testid="filter-status">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (s of statuses; track s) {
                <mat-option [value]="s">{{ 'devices.statuses.' + s | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.fields.project' | transloco }}</mat-label>
            <input matInput #project [value]="query().project" (keydown.enter)="to.filter({ project: project.value.trim() })" (blur)="project.value.trim() !== query().project && to.filter({ project: project.value.trim() })" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.filters.region' | transloco }}</mat-label>
            <input matInput #region inputmode="numeric" [value]="query().region" (keydown.enter)="to.filter({ region: region.value.trim() })" />
            <mat-hint>{{ 'devices.filters.regionHint' | transloco }}</mat-hint>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'common.search' | transloco }}</mat-label>
            <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" [placeholder]="'devices.filters.searchHint' | transloco" data-testid="device-search" />
            <mat-icon matSuffix>search</mat-icon>
          </mat-form-field>
        </div>
        @if (list.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (list.value().items.length === 0) {
          <kg-state-panel icon="precision_manufacturing" [title]="(filtered() ? 'devices.noneMatching' : 'devices.none') | transloco" [message]="filtered() ? '' : ('devices.noneHint' | transloco)">
            @if (!filtered() && canCreate()) {
              <a mat-flat-button routerLink="/devices/new">{{ 'devices.register' | transloco }}</a>
            }
          </kg-state-panel>
        } @else {
          <div class="kg-table-scroll">
            <table mat-table [dataSource]="list.value().items" class="kg-stack-table" matSort [matSortActive]="sortActive()" [matSortDirection]="sortDirection()" (matSortChange)="to.filter({ sort: sortOf($event) })" data-testid="devices">
              <ng-container matColumnDef="number">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'devices.fields.number' | transloco }}</th>
                <td mat-cell *matCellDef="let d" class="kg-mono" [attr.data-label]="'devices.fields.number' | transloco">{{ d.number }}</td>
              </ng-container>
              <ng-container matColumnDef="name">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'devices.fields.name' | transloco }}</th>
                <td mat-cell *matCellDef="let d" [attr.data-label]="'devices.fields.name' | transloco">
                  <a [routerLink]="['/devices', d.id]">{{ d.name }}</a>
                  <div class="sub">{{ d.model }}</div>
                </td>
              </ng-container>
              <ng-container matColumnDef="type">
                <th mat-header-cell *matHeaderCellDef>{{ 'devices.fields.type' | transloco }}</th>
                <td mat-cell *matCellDef="let d" [attr.data-label]="'devices.fields.type' | transloco">{{ 'devices.types.' + d.type | transloco }}</td>
              </ng-container>
              <ng-container matColumnDef="project">
                <th mat-header-cell *matHeaderCellDef>{{ 'devices.fields.project' | transloco }}</th>
                <td mat-cell *matCellDef="let d" [attr.data-label]="'devices.fields.project' | transloco">{{ d.project ?? '—' }}</td>
              </ng-container>
              <ng-container matColumnDef="status">
                <th mat-header-cell *matHeaderCellDef>{{ 'devices.fields.status' | transloco }}</th>
                <td mat-cell *matCellDef="let d" [attr.data-label]="'devices.fields.status' | transloco">
                  <span [class]="'kg-chip ' + statusTone(d.status)">{{ 'devices.statuses.' + d.status | transloco }}</span>
                </td>
              </ng-container>
              <ng-container matColumnDef="warranty">
                <th mat-header-cell *matHeaderCellDef mat-sort-header>{{ 'devices.fields.warranty' | transloco }}</th>
                <td mat-cell *matCellDef="let d" [attr.data-label]="'devices.fields.warranty' | transloco">
                  @switch (warranty(d.warrantyDaysLeft)) {
                    @case ('none') { <span class="sub">{{ 'devices.warranty.notStarted' | transloco }}</span> }
                    @case ('expired') { <span class="kg-chip down">{{ 'devices.warranty.expired' | transloco }}</span> }
                    @case ('ending') { <span class="kg-chip warn">{{ 'devices.warranty.daysLeft' | transloco: { days: d.warrantyDaysLeft } }}</span> }
                    @default { {{ d.warrantyEndsOn }} }
                  }
                </td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns"></tr>
            </table>
          </div>
        }
        <mat-paginator [length]="total()" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
      </section>
    </div>
  `,
  styles: `
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .reminders ul {
      margin: 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .reminders li {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .reminders a {
      color: var(--mat-sys-primary);
    }
  `,
})
export class DeviceListPage {
  private readonly api = inject(DevicesApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly document = inject(DOCUMENT);
  protected readonly to = queryParamWriter();
  protected readonly types = DEVICE_TYPES;
  protected readonly statuses = DEVICE_STATUSES;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['number', 'name', 'type', 'project', 'status', 'warranty'];
  protected readonly reportColumns = ['row', 'field', 'message'];
  protected readonly canCreate = computed(() => this.context.can('device:create'));
  readonly type = input<string>();
  readonly status = input<string>();
  readonly project = input<string>();
  readonly region = input<string>();
  readonly q = input<string>();
  readonly sort = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed<DeviceQuery>(() => ({
    type: this.type() ?? '',
    status: this.status() ?? '',
    project: this.project() ?? '',
    region: this.region() ?? '',
    q: this.q() ?? '',
    sort: this.sort() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly filtered = computed(() => {
    const q = this.query();
    return Boolean(q.type || q.status || q.project || q.region || q.q);
  });
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.list(params) });
  protected readonly reminders = rxResource({ stream: () => this.api.reminders(1, 5) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly sortActive = computed(() => {
    const key = this.query().sort.replace(/^-/, '');
    return Object.entries(SORTABLE).find(([, v]) => v === key)?.[0] ?? '';
  });
  protected readonly sortDirection = computed(() => (this.query().sort ? (this.query().sort.startsWith('-') ? 'desc' : 'asc') : ''));
  protected readonly report = signal<DeviceImportReport | null>(null);
  protected readonly importing = signal(false);
  protected readonly importFailed = signal<string | null>(null);
  protected readonly warranty = warrantyState;
  protected readonly sortOf = sortParam;
  protected readonly abs = Math.abs;

  protected statusTone(status: string): string {
    return status === 'active' ? 'ok' : status === 'faulty' ? 'down' : status === 'idle' ? 'warn' : '';
  }

  protected async import(file: File | null): Promise<void> {
    if (!file) return;
    this.importFailed.set(null);
    this.importing.set(true);
    const content = await base64Of(file);
    this.api.importDevices(file.name, content).subscribe({
      next: (report) => {
        this.importing.set(false);
        this.report.set(report);
        this.list.reload();
      },
      error: (error: { error?: { message?: string } }) => {
        this.importing.set(false);
        this.report.set(null);
        this.importFailed.set(error.error?.message ?? '');
      },
    });
  }

  protected export(format: 'csv' | 'xlsx'): void {
    this.api.exportDevices(format, this.locale.language(), this.query()).subscribe((blob) => saveFile(blob, `devices.${format}`, this.document));
  }
}
