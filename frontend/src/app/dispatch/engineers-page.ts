import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { activeEnterpriseId } from '../organization/active-enterprise';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { DispatchApi } from './dispatch.api';
import { DEVICE_TYPES, ENGINEER_LEVELS, FAULT_TYPES } from './dispatch.model';

/** 工程师名录 (STAFF-1): engineers by skill, level, certification and workload, paged by the server. */
@Component({
  selector: 'kg-engineers-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
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
          <h1>{{ 'dispatch.engineers.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'dispatch.engineers.lead' | transloco }}</p>
        </div>
        @if (enterpriseId() && canUpdate()) {
          <mat-form-field class="start">
            <mat-label>{{ 'dispatch.engineers.start' | transloco }}</mat-label>
            <mat-select (valueChange)="open($event)" data-testid="start-engineer-profile">
              @for (m of members(); track m.userId) {
                <mat-option [value]="m.userId">{{ m.displayName ?? m.userId }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
      </header>
      <section class="kg-card">
        <div class="kg-filters">
          <mat-form-field>
            <mat-label>{{ 'dispatch.engineers.skill' | transloco }}</mat-label>
            <mat-select [value]="query().skill" (valueChange)="to.filter({ skill: $event })" data-testid="engineer-skill">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (t of deviceTypes; track t) {
                <mat-option [value]="t">{{ 'dispatch.deviceTypes.' + t | transloco }}</mat-option>
              }
              @for (t of faultTypes; track t) {
                <mat-option [value]="t">{{ 'dispatch.faultTypes.' + t | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'dispatch.fields.level' | transloco }}</mat-label>
            <mat-select [value]="query().level" (valueChange)="to.filter({ level: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (l of levels; track l) {
                <mat-option [value]="l">{{ 'dispatch.levels.' + l | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'dispatch.fields.certified' | transloco }}</mat-label>
            <mat-select [value]="query().certified" (valueChange)="to.filter({ certified: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              <mat-option value="true">{{ 'dispatch.certified.true' | transloco }}</mat-option>
              <mat-option value="false">{{ 'dispatch.certified.false' | transloco }}</mat-option>
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'dispatch.fields.available' | transloco }}</mat-label>
            <mat-select [value]="query().available" (valueChange)="to.filter({ available: $event })">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              <mat-option value="true">{{ 'dispatch.available.true' | transloco }}</mat-option>
              <mat-option value="false">{{ 'dispatch.available.false' | transloco }}</mat-option>
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'dispatch.engineers.search' | transloco }}</mat-label>
            <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" data-testid="engineer-search" />
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
          <kg-state-panel icon="engineering" [title]="'dispatch.engineers.none' | transloco" [message]="'dispatch.engineers.noneHint' | transloco" />
        } @else {
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="engineers">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.name' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.name' | transloco">
                <a [routerLink]="['/dispatch/engineers', e.enterpriseId, e.userId]">{{ e.name ?? e.userId }}</a>
              </td>
            </ng-container>
            <ng-container matColumnDef="level">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.level' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.level' | transloco">
                {{ e.level ? ('dispatch.levels.' + e.level | transloco) : '—' }}
              </td>
            </ng-container>
            <ng-container matColumnDef="skills">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.skills' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.skills' | transloco">
                @for (t of e.deviceTypes; track t) {
                  <span class="kg-chip">{{ 'dispatch.deviceTypes.' + t | transloco }}</span>
                }
                @for (t of e.faultTypes; track t) {
                  <span class="kg-chip fault">{{ 'dispatch.faultTypes.' + t | transloco }}</span>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="fields">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.fields' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.fields' | transloco">{{ e.fields.join('、') || '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="certified">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.certified' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.certified' | transloco">
                @if (e.certified) {
                  <mat-icon class="ok" [attr.aria-label]="'dispatch.certified.true' | transloco">verified</mat-icon>
                } @else {
                  <span class="muted">{{ 'dispatch.certified.false' | transloco }}</span>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="workload">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.workload' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.workload' | transloco">
                {{ 'dispatch.workloadOf' | transloco: { open: e.openOrders, capacity: e.capacity } }}
                @if (!e.available) {
                  <span class="kg-chip muted">{{ 'dispatch.available.false' | transloco }}</span>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="rating">
              <th mat-header-cell *matHeaderCellDef>{{ 'dispatch.fields.rating' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'dispatch.fields.rating' | transloco">
                {{ e.rating.mean ?? '—' }} <span class="muted">({{ e.rating.count }})</span>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        }
        <mat-paginator
          [length]="list.hasValue() ? list.value().total : 0"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      </section>
    </div>
  `,
  styles: `
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .ok {
      color: var(--kg-ok);
    }
    .start {
      min-width: 220px;
    }
    .fault {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class EngineersPage {
  private readonly api = inject(DispatchApi);
  private readonly router = inject(Router);
  private readonly context = inject(ActiveContext);
  protected readonly enterpriseId = activeEnterpriseId();
  protected readonly canUpdate = computed(() => this.context.can('member:update'));
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly deviceTypes = DEVICE_TYPES;
  protected readonly faultTypes = FAULT_TYPES;
  protected readonly levels = ENGINEER_LEVELS;
  protected readonly columns = ['name', 'level', 'skills', 'fields', 'certified', 'workload', 'rating'];
  readonly skill = input<string>();
  readonly level = input<string>();
  readonly certified = input<string>();
  readonly available = input<string>();
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    skill: this.skill() ?? '',
    level: this.level() ?? '',
    certified: this.certified() ?? '',
    available: this.available() ?? '',
    q: this.q() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.engineers(params) });
  private readonly memberList = rxResource({
    params: () => (this.enterpriseId() && this.canUpdate() ? this.enterpriseId()! : undefined),
    stream: ({ params }) => this.api.activeMembers(params),
  });
  protected readonly members = computed(() => (this.memberList.hasValue() ? this.memberList.value().items : []));

  /** An admin starts (or opens) the profile of one of the enterprise's members. */
  protected open(userId: string): void {
    void this.router.navigate(['/dispatch/engineers', this.enterpriseId(), userId]);
  }
}
